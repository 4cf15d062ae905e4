import { atxferNoAnswerTimeoutSeconds } from "@handoff/dialplan";
import { renderConf } from "./conf-file";
import type { PbxSettings } from "./input";

/**
 * AMI Atxfer works by queueing the atxfer feature code on the agent's channel, and CancelAtxfer by
 * queueing atxferabort: without these codes both actions fail. The codes only act on bridges entered
 * through Dial or Queue with the t/T options, which the dialplan sets.
 */
export const FEATURE_CODES = {
  blindxfer: "#1",
  atxfer: "*2",
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
