import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useAppStore } from "../../store/react";
import { CallConnectionNote } from "../calls/CallConnectionNote";
import { selectActiveCall } from "../../store/telephony/selectors";
import { formatDuration, useElapsedSeconds } from "./use-elapsed";

/** Who the current call is with, its phase, and how long it has been connected. */
export function CurrentCall() {
  const call = useAppStore(selectActiveCall);
  const elapsed = useElapsedSeconds(call?.answeredAt ?? null);
  return (
    <Box component="section" aria-label="Current call" sx={{ display: "flex", alignItems: "baseline", gap: 1, minWidth: 220 }}>
      {call === undefined ? (
        <Typography color="text.secondary">No call</Typography>
      ) : (
        <>
          <Typography noWrap sx={{ fontWeight: 700 }}>
            {call.remote.name}
          </Typography>
          {call.remote.number !== "" && call.remote.number !== call.remote.name && (
            <Typography color="text.secondary" noWrap>
              {call.remote.number}
            </Typography>
          )}
          <Typography component="span" variant="caption" sx={{ px: 0.75, borderRadius: 1, bgcolor: "action.selected", fontWeight: 600 }}>
            {call.phase}
          </Typography>
          <CallConnectionNote call={call} inline />
          {call.muted && (
            <Typography component="span" variant="caption" color="error">
              mic off
            </Typography>
          )}
          {elapsed !== null && (
            <Typography component="span" role="timer" aria-label="Call duration" sx={{ fontVariantNumeric: "tabular-nums" }}>
              {formatDuration(elapsed)}
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}
