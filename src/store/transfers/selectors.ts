import type { Transfer } from "@handoff/contract";
import type { AppState } from "../types";
import type { TransferVerb } from "./state";
import { canCancel, canComplete, isLiveTransfer } from "./status";

export const selectFollowedTransfer = (state: AppState): Transfer | undefined =>
  state.followedTransferId === null ? undefined : state.transfers[state.followedTransferId];

/** The complete or cancel the server accepted for the followed transfer, if any. */
export function selectAcceptedVerb(state: AppState): TransferVerb | null {
  const accepted = state.transferAccepted;
  return accepted !== null && accepted.transferId === state.followedTransferId ? accepted.verb : null;
}

/**
 * The agent has left the followed live transfer: the server accepted their complete, or their own call
 * (the leg the consultation runs on) has ended. It goes on without them until a final status.
 */
export function selectAgentLeft(state: AppState): boolean {
  const transfer = selectFollowedTransfer(state);
  if (transfer === undefined || !isLiveTransfer(transfer.status)) return false;
  if (selectAcceptedVerb(state) === "complete") return true;
  return transfer.callId !== null && !Object.values(state.calls).some((call) => call.sipCallId === transfer.callId);
}

/** What the agent may still ask of the followed attended transfer: nothing while a request is in flight, after one was accepted, or once they left. */
export function selectTransferControls(state: AppState): { complete: boolean; cancel: boolean } {
  const transfer = selectFollowedTransfer(state);
  if (transfer?.mode !== "attended" || state.transferRequest === "sending" || selectAcceptedVerb(state) !== null || selectAgentLeft(state)) {
    return { complete: false, cancel: false };
  }
  return { complete: canComplete(transfer.status), cancel: canCancel(transfer.status) };
}

/** The newest transfer of a call (by its SIP Call-ID), if any. A bot handoff has no agent call: its null never matches. */
export function selectTransferOfCall(state: AppState, sipCallId: string): Transfer | undefined {
  let newest: Transfer | undefined;
  for (const transfer of Object.values(state.transfers)) {
    if (transfer.callId === null || transfer.callId !== sipCallId) continue;
    if (newest === undefined || transfer.createdAt > newest.createdAt) newest = transfer;
  }
  return newest;
}

/**
 * The live transfer the app bar shows while the dialog is closed: the current call's, or else the
 * one the agent started last, which stays live after their own leg ended (completed while the
 * target still rings, or the caller on the way back).
 */
export function selectLiveTransferToShow(state: AppState): Transfer | undefined {
  const call = state.activeCallId === null ? undefined : state.calls[state.activeCallId];
  const ofCall = call === undefined ? undefined : selectTransferOfCall(state, call.sipCallId);
  if (ofCall !== undefined && isLiveTransfer(ofCall.status)) return ofCall;
  const followed = selectFollowedTransfer(state);
  return followed !== undefined && isLiveTransfer(followed.status) ? followed : undefined;
}
