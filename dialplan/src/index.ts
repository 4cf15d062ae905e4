export * from "./names";
export { renderContext, UnsafeDialplanError, type Context, type Extension, type Step } from "./render";
export {
  ATXFER_MARGIN_SECONDS,
  atxferNoAnswerTimeoutSeconds,
  HANDOFF_DEFAULTS,
  HandoffDialplanInputError,
  handoffContexts,
  handoffGlobals,
  type HandoffDialplanInput,
  type HandoffQueue,
  type HandoffSettings,
} from "./handoff-contexts";
