import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { Transfer, TransferStatus } from "@handoff/contract";

/** What each status means for the agent; the status word itself always leads. */
function explain(transfer: Transfer): string {
  const target = transfer.target.label;
  switch (transfer.status) {
    case "initiated":
      return `calling ${target}`;
    case "ringing":
      return transfer.mode === "attended" ? `${target} is ringing; the caller is on hold` : `${target} is ringing`;
    case "answered":
      return `${target} is on the line with you; the caller is on hold`;
    case "completed":
      return `the caller is now with ${target}`;
    case "cancelled":
      return "the caller is back with you";
    case "failed":
      return `${transfer.reason ?? "the transfer did not go through"} The caller stays with you.`;
    case "unknown":
      return "the PBX link dropped mid-way; the server is checking with Asterisk";
  }
}

const STEPS: Record<Transfer["mode"], readonly TransferStatus[]> = {
  blind: ["initiated", "ringing", "completed"],
  attended: ["initiated", "ringing", "answered", "completed"],
};

/** Live progress from `transfer.updated`: a step line for the eye and one status sentence for everyone. */
export function TransferProgress({ transfer }: { transfer: Transfer }) {
  const steps = STEPS[transfer.mode];
  const reached = steps.indexOf(transfer.status);
  const bad = transfer.status === "failed" || transfer.status === "cancelled" || transfer.status === "unknown";
  return (
    <Box sx={{ mt: 1.5 }}>
      {/* The step names are decoration: the status element below carries the one current word. */}
      <Box aria-hidden="true" sx={{ display: "flex", gap: 0.5, mb: 0.75 }}>
        {steps.map((step, index) => (
          <Box
            key={step}
            sx={{
              flex: 1,
              textAlign: "center",
              py: 0.25,
              fontSize: 11,
              borderRadius: 1,
              bgcolor: index <= reached ? (bad ? "error.light" : "success.light") : "action.hover",
              color: index <= reached ? "common.white" : "text.secondary",
            }}
          >
            {step}
          </Box>
        ))}
      </Box>
      <Typography role="status" aria-label="Transfer progress" variant="body2" sx={{ color: transfer.status === "failed" ? "error.main" : "text.primary" }}>
        <strong>{transfer.status}</strong> — {explain(transfer)}
      </Typography>
    </Box>
  );
}
