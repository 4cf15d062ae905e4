import { ATXFER_CONTROL_CODES, handoffFeatureSettings } from "@handoff/dialplan";
import { renderConf, type ConfLine } from "./conf-file";
import type { PbxSettings } from "./input";

/**
 * No phone may transfer by DTMF here, so the global featuremap maps no blindxfer and no atxfer code: the
 * dialplan sets random per-channel codes on agents' channels (dialplan/ handoff-transfer-codes), which only
 * the AMI actions use. The attended-transfer settings themselves are the product's (dialplan/src/features.ts),
 * the same lines `npm run pbx:export` gives a customer's Asterisk.
 */
export const FEATURE_CODES = { blindxfer: "", atxfer: "", ...ATXFER_CONTROL_CODES } as const;

export function renderFeaturesConf(settings: PbxSettings): string {
  const [digitTimeout, ...product] = handoffFeatureSettings(settings).flatMap((setting): ConfLine[] => [...(setting.why ? [{ comment: setting.why }] : []), [setting.key, setting.value]]);
  return renderConf("features.ts", [
    {
      name: "general",
      lines: [
        ...(digitTimeout ? [digitTimeout] : []),
        // No call pickup by dialling a code (chan_pjsip acts on it before the dialplan): phones reach only what the dialplan gives them.
        ["pickupexten", ""],
        ...product,
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
