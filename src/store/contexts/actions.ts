import type { CallContext } from "@handoff/contract";
import type { ActionsCreator } from "../types";

export interface ContextsActions {
  callContextReceived(context: CallContext): void;
}

export const createContextsActions: ActionsCreator<ContextsActions> = (set) => ({
  callContextReceived(context) {
    // Without a Call-ID the note cannot be matched to a ringing call; the server sends one when it knows it.
    const sipCallId = context.sipCallId;
    if (sipCallId === null) return;
    set((state) => ({ contexts: { ...state.contexts, [sipCallId]: context } }));
  },
});
