import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";

export interface HistoryActions {
  loadHistory(): Promise<void>;
}

export const createHistoryActions: ActionsCreator<HistoryActions> = (set, _get, { bridge }) => ({
  async loadHistory() {
    set({ historyLoading: true });
    try {
      const history = await bridge.callHistory();
      set({ history: [...history].sort((a, b) => b.startedAt.localeCompare(a.startedAt)), historyLoading: false, historyError: null });
    } catch (error) {
      set({ historyLoading: false, historyError: describeError(error) });
    }
  },
});
