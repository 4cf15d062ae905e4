import Typography from "@mui/material/Typography";
import { AudioFlow } from "../../telephony/audio-flow";
import { CallLink } from "../../telephony/call-link";
import type { CallSnapshot } from "../../telephony/types";

/**
 * What is wrong with a call's connection, if anything: its path to the PBX lost (the phone is
 * reconnecting and will refresh the call), or, with signalling fine, the caller's audio not
 * arriving (packets lost on the way). The first says more, so it wins when both hold.
 */
function problemOf(call: CallSnapshot): string | null {
  if (call.link !== CallLink.Up) return "connection lost · reconnecting";
  if (call.incomingAudio === AudioFlow.Stalled) return "no audio · poor connection";
  return null;
}

export function CallConnectionNote({ call, inline = false }: { call: CallSnapshot; inline?: boolean }) {
  const problem = problemOf(call);
  if (problem === null) return null;
  return (
    <Typography role="status" aria-label="Call connection" component={inline ? "span" : "p"} variant="caption" color="warning.main" sx={{ fontWeight: 600 }}>
      {problem}
    </Typography>
  );
}
