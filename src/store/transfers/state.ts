import type { Transfer } from "@handoff/contract";

export interface TransfersState {
  /** Every transfer this agent has seen, by id, as the server last described it. */
  transfers: Record<string, Transfer>;
  /** The transfer the dialog follows (the one the agent started last). */
  followedTransferId: string | null;
  transferRequest: "idle" | "sending";
  /** Why the last request was refused; the call stays with the agent. */
  transferError: string | null;
}

export const initialTransfersState: TransfersState = {
  transfers: {},
  followedTransferId: null,
  transferRequest: "idle",
  transferError: null,
};
