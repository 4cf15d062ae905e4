import { conferenceContext } from "../conference-context";
import { handoffContexts, handoffGlobals, type HandoffDialplanInput, type HandoffSettings } from "../handoff-contexts";
import { renderContext } from "../render";
import { visitorContexts, visitorGlobals } from "../visitor-contexts";
import { monitorGlobals, monitoringContexts } from "../monitoring-contexts";

/**
 * The product contexts (transfers, handoffs, conferences, website visitors and the reference bot, supervisor monitoring) as extensions.conf text, exactly as the local test PBX loads them (pbx/ puts this block
 * in its extensions.conf) and as `npm run pbx:export` writes them to extensions_handoff.conf.
 */
export function renderHandoffDialplan(input: HandoffDialplanInput, settings: HandoffSettings): string {
  return [...handoffContexts(input, settings), conferenceContext(), ...visitorContexts(), ...monitoringContexts()].map(renderContext).join("\n\n");
}

/** The `[globals]` lines the product contexts read, for inside the PBX's own [globals]. */
export function renderHandoffGlobals(settings: HandoffSettings): string {
  return [...handoffGlobals(settings), ...visitorGlobals(), ...monitorGlobals()].join("\n");
}
