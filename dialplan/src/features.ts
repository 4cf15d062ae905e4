import { atxferNoAnswerTimeoutSeconds, type HandoffSettings } from "./handoff-contexts";

/**
 * features.conf `[general]` settings the server's attended transfers rely on. AMI Atxfer queues the channel's
 * atxfer code and CancelAtxfer its atxferabort code; the control codes below are what a channel without codes
 * of its own uses (handoff-transfer-codes gives agents' channels random ones).
 */
export const ATXFER_CONTROL_CODES = { atxferabort: "*1", atxfercomplete: "*2", atxferthreeway: "*3", atxferswap: "*4" } as const;

/** A features.conf line: key, value, and why it is there. */
export interface FeatureSetting {
  readonly key: string;
  readonly value: string | number | boolean;
  readonly why?: string;
}

export function handoffFeatureSettings(settings: Pick<HandoffSettings, "transferRingSeconds" | "recallRingSeconds">): FeatureSetting[] {
  return [
    // An Atxfer target that could still grow (an outside number) waits this long for more digits.
    { key: "transferdigittimeout", value: 3 },
    {
      key: "atxfernoanswertimeout",
      value: atxferNoAnswerTimeoutSeconds(settings),
      why: "Longer than transfer ring + recall ring: the dialplan, not Asterisk's features recall, handles a target that does not answer.",
    },
    // no: after a blond transfer Asterisk waits for our leg to answer (recall answered, or the fallback's Answer()).
    { key: "atxferdropcall", value: false },
    ...Object.entries(ATXFER_CONTROL_CODES).map(([key, value]) => ({ key, value })),
  ];
}
