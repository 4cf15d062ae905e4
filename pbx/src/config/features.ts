import { atxferNoAnswerTimeoutSeconds } from "@handoff/dialplan";
import { renderConf } from "./conf-file";
import type { PbxSettings } from "./input";

/**
 * AMI Atxfer works by queueing the atxfer feature code on the agent's channel, and CancelAtxfer by
 * queueing atxferabort. No phone may transfer by DTMF, so the global featuremap maps no blindxfer and
 * no atxfer code: the dialplan sets random per-channel codes on agents' channels
 * (dialplan/ handoff-transfer-codes), which only the AMI actions use. The control codes below are the
 * globals a channel without its own would use; they only act inside an attended transfer, which no
 * phone can start.
 */
export const FEATURE_CODES = {
  blindxfer: "",
  atxfer: "",
  atxferabort: "*1",
  atxfercomplete: "*2",
  atxferthreeway: "*3",
  atxferswap: "*4",
} as const;

export function renderFeaturesConf(settings: PbxSettings): string {
  return renderConf("features.ts", [
    {
      name: "general",
      lines: [
        ["transferdigittimeout", 3],
        // No call pickup by dialling a code (chan_pjsip acts on it before the dialplan): phones reach only what the dialplan gives them.
        ["pickupexten", ""],
        // Asterisk's own attended-transfer timer must never fire: the dialplan handles every target that does
        // not answer (dialplan/: back to the agent, or a recall, then the fallback queue).
        // This timer starts with the consultation and, once the agent has hung up while the target rings
        // ("blond" transfer), its expiry hangs up our leg and starts Asterisk's features recall, which drops
        // the caller when the agent does not answer. So: transfer ring + recall ring + a margin.
        { comment: "Longer than transfer ring + recall ring: the dialplan, not Asterisk's features recall, handles a target that does not answer." },
        ["atxfernoanswertimeout", atxferNoAnswerTimeoutSeconds(settings)],
        // no (as before): after a blond transfer Asterisk waits for our leg to answer (recall answered, or the
        // fallback's Answer()) and then completes the transfer.
        ["atxferdropcall", false],
        ["atxferabort", FEATURE_CODES.atxferabort],
        ["atxfercomplete", FEATURE_CODES.atxfercomplete],
        ["atxferthreeway", FEATURE_CODES.atxferthreeway],
        ["atxferswap", FEATURE_CODES.atxferswap],
      ],
    },
    {
      name: "featuremap",
      lines: [
        ["blindxfer", FEATURE_CODES.blindxfer, "=>"],
        ["atxfer", FEATURE_CODES.atxfer, "=>"],
      ],
    },
  ]);
}
