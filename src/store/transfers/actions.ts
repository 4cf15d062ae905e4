import type { Transfer, TransferMode, TransferTarget } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";
import { selectActiveCall, isConnected } from "../telephony/selectors";
import { selectFollowedTransfer, selectTransferControls } from "./selectors";
import type { TransferVerb } from "./state";

export interface TransferDraft {
  target: TransferTarget;
  mode: TransferMode;
  note: string;
}

export interface TransfersActions {
  transferUpdated(transfer: Transfer): void;
  /** Asks the server to move the current call; progress then arrives as `transfer.updated`. */
  startTransfer(draft: TransferDraft): Promise<void>;
  completeTransfer(): Promise<void>;
  cancelTransfer(): Promise<void>;
  /** Forgets a finished transfer and any refusal, so the dialog starts afresh. */
  resetTransferForm(): void;
}

/** Events and responses race; the later description of a transfer wins. */
function isNewer(incoming: Transfer, known: Transfer | undefined): boolean {
  if (known === undefined) return true;
  const delta = Date.parse(incoming.updatedAt) - Date.parse(known.updatedAt);
  return delta > 0 || (delta === 0 && incoming.history.length >= known.history.length);
}

export const createTransfersActions: ActionsCreator<TransfersActions> = (set, get, { bridge }) => {
  function remember(transfer: Transfer): void {
    set((state) => (isNewer(transfer, state.transfers[transfer.id]) ? { transfers: { ...state.transfers, [transfer.id]: transfer } } : {}));
  }

  // One request per transfer and verb: a second click or key press while one is in flight, or after
  // the server accepted one, sends nothing (the server would answer 409).
  async function act(verb: TransferVerb): Promise<void> {
    const transfer = selectFollowedTransfer(get());
    const controls = selectTransferControls(get());
    if (transfer === undefined || !(verb === "complete" ? controls.complete : controls.cancel)) return;
    set({ transferRequest: "sending", transferError: null });
    try {
      const answer = verb === "complete" ? await bridge.completeTransfer(transfer.id) : await bridge.cancelTransfer(transfer.id);
      remember(answer);
      set({ transferRequest: "idle", transferAccepted: { transferId: transfer.id, verb } });
    } catch (error) {
      set({ transferRequest: "idle", transferError: describeError(error) });
    }
  }

  return {
    transferUpdated: remember,

    async startTransfer({ target, mode, note }) {
      const call = selectActiveCall(get());
      if (get().transferRequest === "sending") return;
      if (call === undefined || !isConnected(call)) {
        set({ transferError: "There is no connected call to transfer." });
        return;
      }
      set({ transferRequest: "sending", transferError: null });
      try {
        const trimmed = note.trim();
        const transfer = await bridge.executeTransfer({ callId: call.sipCallId, target, mode, ...(trimmed === "" ? {} : { note: trimmed }) });
        remember(transfer);
        set({ transferRequest: "idle", followedTransferId: transfer.id });
      } catch (error) {
        set({ transferRequest: "idle", transferError: describeError(error) });
        }
    },

    completeTransfer: () => act("complete"),
    cancelTransfer: () => act("cancel"),

    resetTransferForm() {
      set({ followedTransferId: null, transferError: null, transferAccepted: null });
    },
  };
};
