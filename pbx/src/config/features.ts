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
        // The same patience as blind transfers, so both kinds of transfer give up alike.
        ["atxfernoanswertimeout", settings.transferRingSeconds],
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
