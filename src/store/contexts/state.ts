import type { CallContext } from "@handoff/contract";

export interface ContextsState {
  /** Notes and bot summaries of calls ringing here, by the ringing call's SIP Call-ID. */
  contexts: Record<string, CallContext>;
}

export const initialContextsState: ContextsState = { contexts: {} };
