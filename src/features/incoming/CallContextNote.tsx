import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { selectContextOfCall } from "../../store/contexts/selectors";
import { useAppStore } from "../../store/react";

/**
 * The receiving side of a transfer: who sent this call and why, matched to
 * the ringing call by SIP Call-ID (`call.context.sipCallId`).
 */
export function CallContextNote({ sipCallId }: { sipCallId: string }) {
  const context = useAppStore(selectContextOfCall(sipCallId));
  if (context === undefined) return null;
  const extension = context.from.extension === null ? "" : ` (${context.from.extension})`;
  return (
    <Box role="note" aria-label="Transfer note" sx={{ mt: 1, p: 1, borderLeft: 3, borderColor: "info.main", bgcolor: "rgba(2, 136, 209, 0.06)", borderRadius: 1 }}>
      <Typography variant="body2" sx={{ fontWeight: 700 }}>
        From {context.from.name}
        {extension}
        {context.kind === "handoff" && (
          <Typography component="span" variant="caption" color="text.secondary">
            {" "}
            · bot handoff
          </Typography>
        )}
      </Typography>
      {context.note !== null && context.note !== "" && (
        <Typography variant="body2" sx={{ whiteSpace: "pre-wrap" }}>
          {context.note}
        </Typography>
      )}
      {context.reason !== null && context.reason !== "" && (
        <Typography variant="caption" color="text.secondary">
          Reason: {context.reason}
        </Typography>
      )}
    </Box>
  );
}
