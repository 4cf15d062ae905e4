import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { Transfer, TransferStatus } from "@handoff/contract";
import { progressSteps, type ProgressStep } from "../../store/transfers/status";

/** What each status means for the agent; the status word itself always leads. The server's reason is the truth: shown as it wrote it. */
function explain(transfer: Transfer, handedOver: boolean): string {
  const target = transfer.target.label;
  if (transfer.reason !== null && transfer.status !== "recalling") return transfer.reason;
  switch (transfer.status) {
    case "initiated":
      return `calling ${target}`;
    case "ringing":
      if (handedOver) return `${target} is ringing; you have left the call and the caller waits for them`;
      return transfer.mode === "attended" ? `${target} is ringing; the caller is on hold` : `${target} is ringing`;
    case "answered":
      return handedOver ? `${target} answered; joining them with the caller` : `${target} is on the line with you; the caller is on hold`;
    case "recalling":
      return `Coming back: ${transfer.reason ?? `${target} did not take the caller, who is on the way back.`}`;
    case "completed":
      return `the caller is now with ${target}`;
    case "cancelled":
      return "the caller is back with you";
    case "failed":
      return "the transfer did not go through; check where the caller is.";
    case "unknown":
      return "the PBX link dropped mid-way; the server is checking with Asterisk";
  }
}

type Tone = "good" | "coming-back" | "bad";

function toneOf(status: TransferStatus): Tone {
  if (status === "recalling") return "coming-back";
  return status === "failed" || status === "cancelled" || status === "unknown" ? "bad" : "good";
}

const STEP_COLOUR: Record<Tone, string> = { good: "success.light", "coming-back": "warning.main", bad: "error.light" };

function stepColour(step: ProgressStep): string {
  if (step.state === "todo") return "action.hover";
  // A step passed on the way back (recalling, then failed) keeps its warning colour.
  return step.state === "done" && step.status !== "recalling" ? STEP_COLOUR.good : STEP_COLOUR[toneOf(step.status)];
}

/**
 * Live progress from `transfer.updated`: a step line for the eye and one status sentence for everyone.
 * `handedOver`: the agent completed it and left; it is still live until the server says how it ended.
 */
export function TransferProgress({ transfer, handedOver = false }: { transfer: Transfer; handedOver?: boolean }) {
  const steps = progressSteps(transfer, handedOver);
  const tone = toneOf(transfer.status);
  return (
    <Box sx={{ mt: 1.5 }}>
      {/* The step names are decoration: the status element below carries the one current word. */}
      <Box aria-hidden="true" data-testid="transfer-steps" sx={{ display: "flex", gap: 0.5, mb: 0.75 }}>
        {steps.map((step, index) => (
          <Box
            key={`${index}-${step.status}`}
            data-state={step.state}
            sx={{
              flex: 1,
              textAlign: "center",
              py: 0.25,
              fontSize: 11,
              borderRadius: 1,
              bgcolor: stepColour(step),
              color: step.state === "todo" ? "text.secondary" : "common.white",
            }}
          >
            {step.status}
          </Box>
        ))}
      </Box>
      <Typography
        role="status"
        aria-label="Transfer progress"
        variant="body2"
        sx={{
          // Coming back is a warning, not an error: body text stays dark (amber text is too faint to read), the bar says it.
          color: transfer.status === "failed" ? "error.main" : "text.primary",
          ...(tone === "coming-back" && { borderLeft: 3, borderColor: "warning.main", bgcolor: "rgba(237, 108, 2, 0.08)", pl: 1, py: 0.5, borderRadius: 0.5 }),
        }}
      >
        <strong>{transfer.status}</strong> — {explain(transfer, handedOver)}
      </Typography>
    </Box>
  );
}
