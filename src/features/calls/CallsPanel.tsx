import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useShallow } from "zustand/react/shallow";
import { useAppStore } from "../../store/react";
import { selectCallList } from "../../store/telephony/selectors";
import { CallCard } from "./CallCard";

/** Every call on the phone: the current one, the held ones, the ones ringing. */
export function CallsPanel() {
  const calls = useAppStore(useShallow(selectCallList));
  const activeCallId = useAppStore((state) => state.activeCallId);
  return (
    <Box component="section" aria-labelledby="calls-heading">
      <Typography id="calls-heading" component="h2" variant="overline" color="text.secondary">
        Calls
      </Typography>
      {calls.length === 0 ? (
        <Typography color="text.secondary" variant="body2">
          No calls. Incoming calls ring here; the keypad dials out.
        </Typography>
      ) : (
        <Box component="ul" sx={{ p: 0, m: 0 }}>
          {calls.map((call) => (
            <CallCard key={call.id} call={call} current={call.id === activeCallId} />
          ))}
        </Box>
      )}
    </Box>
  );
}
