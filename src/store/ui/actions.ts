import type { ActionsCreator } from "../types";
import { selectCanTransfer } from "../telephony/selectors";
import { selectFollowedTransfer } from "../transfers/selectors";
import { isLiveTransfer } from "../transfers/status";
import type { MainView, Notice } from "./state";

export interface UiActions {
  /** Opens the transfer dialog for the current call; false when there is no connected call to move. */
  openTransferDialog(): boolean;
  closeTransferDialog(): void;
  setHelpOpen(open: boolean): void;
  toggleKeypad(): void;
  setView(view: MainView): void;
  notify(severity: Notice["severity"], text: string): void;
  dismissNotice(): void;
}

export const createUiActions: ActionsCreator<UiActions> = (set, get) => {
  let noticeId = 0;
  return {
    openTransferDialog() {
      const followed = selectFollowedTransfer(get());
      // A live transfer keeps its dialog (to complete or cancel it), even if the call is now held.
      if (followed !== undefined && isLiveTransfer(followed.status)) {
        set({ transferDialogOpen: true });
        return true;
      }
      if (!selectCanTransfer(get())) return false;
      get().resetTransferForm();
      set({ transferDialogOpen: true });
      return true;
    },

    closeTransferDialog() {
      set({ transferDialogOpen: false });
    },

    setHelpOpen(open) {
      set({ helpOpen: open });
    },

    toggleKeypad() {
      set((state) => ({ keypadOpen: !state.keypadOpen }));
    },

    setView(view) {
      set({ view });
    },

    notify(severity, text) {
      set({ notice: { severity, text, id: ++noticeId } });
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
};
