import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { CallPhase } from "../../telephony/call-phase";
import { CallConnectionNote } from "./CallConnectionNote";
import type { CallSnapshot } from "../../telephony/types";
import { useActions } from "../../store/react";
import { formatDuration, useElapsedSeconds } from "../appbar/use-elapsed";
import { CallContextNote } from "../incoming/CallContextNote";

/**
 * One call in the list. The current call is driven from the app bar; the
 * others offer "Switch to" (held) or "Pick up"/"Decline" (ringing), names
 * that never collide with the app bar's buttons.
 */
export function CallCard({ call, current }: { call: CallSnapshot; current: boolean }) {
  const { switchTo, hangup } = useActions();
  const elapsed = useElapsedSeconds(call.answeredAt);
  const who = call.remote.name;
  return (
    <Box
      component="li"
      aria-label={`${call.direction === "inbound" ? "Call from" : "Call to"} ${who}`}
      aria-current={current ? "true" : undefined}
      sx={{ listStyle: "none", p: 1.25, mb: 1, border: 1, borderColor: current ? "primary.main" : "divider", borderRadius: 1, bgcolor: "background.paper" }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: "baseline" }}>
        <Typography sx={{ fontWeight: 700 }} noWrap>
          {who}
        </Typography>
        {call.remote.number !== who && <Typography color="text.secondary">{call.remote.number}</Typography>}
        <Typography variant="caption" sx={{ px: 0.75, borderRadius: 1, bgcolor: call.phase === CallPhase.Ringing ? "warning.light" : "action.selected" }}>
          {call.phase}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        {elapsed !== null && <Typography sx={{ fontVariantNumeric: "tabular-nums" }}>{formatDuration(elapsed)}</Typography>}
      </Stack>
      <CallConnectionNote call={call} />
      <CallContextNote sipCallId={call.sipCallId} />
      {!current && (call.phase === CallPhase.Held || call.phase === CallPhase.Ringing) && (
        <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
          {call.phase === CallPhase.Held ? (
            <Button variant="outlined" onClick={() => void switchTo(call.id)}>
              Switch to {who}
            </Button>
          ) : (
            <>
              <Button variant="outlined" color="success" onClick={() => void switchTo(call.id)}>
                Pick up {who}
              </Button>
              <Button variant="outlined" color="error" onClick={() => void hangup(call.id)}>
                Decline {who}
              </Button>
            </>
          )}
        </Stack>
      )}
    </Box>
  );
}
