import type { Transfer } from "@handoff/contract";

export type TransferVerb = "complete" | "cancel";

export interface TransfersState {
  /** Every transfer this agent has seen, by id, as the server last described it. */
  transfers: Record<string, Transfer>;
  /** The transfer the dialog follows (the one the agent started last). */
  followedTransferId: string | null;
  transferRequest: "idle" | "sending";
  /**
   * The complete or cancel the server accepted for a transfer. The agent's part is then done (after
   * complete their own leg is gone), but the transfer may still be ringing: only its events end it.
   */
  transferAccepted: { transferId: string; verb: TransferVerb } | null;
  /** Why the last request was refused; the call stays with the agent. */
  transferError: string | null;
}

export const initialTransfersState: TransfersState = {
  transfers: {},
  followedTransferId: null,
  transferRequest: "idle",
  transferAccepted: null,
  transferError: null,
};
