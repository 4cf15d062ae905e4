import type { CallContext } from "@handoff/contract";
import type { AppState } from "../types";

/** The note or bot summary that came with a call, matched by SIP Call-ID (the context may arrive before or after the INVITE). */
export const selectContextOfCall =
  (sipCallId: string | undefined) =>
  (state: AppState): CallContext | undefined =>
    sipCallId === undefined ? undefined : state.contexts[sipCallId];
