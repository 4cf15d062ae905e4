import Typography from "@mui/material/Typography";
import { CallLink } from "../../telephony/call-link";
import type { CallSnapshot } from "../../telephony/types";

/** Said on a call while the phone has lost its path to the PBX and not yet refreshed the call over a new one. */
export function LinkLostNote({ call, inline = false }: { call: CallSnapshot; inline?: boolean }) {
  if (call.link === CallLink.Up) return null;
  return (
    <Typography role="status" aria-label="Call connection" component={inline ? "span" : "p"} variant="caption" color="warning.main" sx={{ fontWeight: 600 }}>
      connection lost · reconnecting
    </Typography>
  );
}
