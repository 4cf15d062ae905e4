export type MainView = "directory" | "history" | "settings" | "board";

export interface Notice {
  severity: "error" | "warning" | "info" | "success";
  text: string;
  /** Tells one notice from the next with the same text. */
  id: number;
}

export interface UiState {
  transferDialogOpen: boolean;
  helpOpen: boolean;
  keypadOpen: boolean;
  view: MainView;
  notice: Notice | null;
}

export const initialUiState: UiState = {
  transferDialogOpen: false,
  helpOpen: false,
  keypadOpen: false,
  view: "directory",
  notice: null,
};
