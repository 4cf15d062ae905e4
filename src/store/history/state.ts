import type { CallRecord } from "@handoff/contract";

export interface HistoryState {
  /** Recent calls with their transfers, newest first, from `callHistory()`. */
  history: CallRecord[];
  historyLoading: boolean;
  historyError: string | null;
}

export const initialHistoryState: HistoryState = {
  history: [],
  historyLoading: false,
  historyError: null,
};
