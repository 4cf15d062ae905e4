import type { Transfer } from "@handoff/contract";
import type { AppState } from "../types";
import { isLiveTransfer } from "./status";

export const selectFollowedTransfer = (state: AppState): Transfer | undefined =>
  state.followedTransferId === null ? undefined : state.transfers[state.followedTransferId];

/** The newest transfer of a call (by its SIP Call-ID), if any. */
export function selectTransferOfCall(state: AppState, sipCallId: string): Transfer | undefined {
  let newest: Transfer | undefined;
  for (const transfer of Object.values(state.transfers)) {
    if (transfer.callId === sipCallId && (newest === undefined || transfer.createdAt > newest.createdAt)) newest = transfer;
  }
  return newest;
}

/** A live transfer of the current call, shown in the app bar while the dialog is closed. */
export function selectLiveTransferOfActiveCall(state: AppState): Transfer | undefined {
  const call = state.activeCallId === null ? undefined : state.calls[state.activeCallId];
  const transfer = call === undefined ? undefined : selectTransferOfCall(state, call.sipCallId);
  return transfer !== undefined && isLiveTransfer(transfer.status) ? transfer : undefined;
}
