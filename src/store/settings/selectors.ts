import type { AppState } from "../types";

export const selectShortcuts = (state: AppState) => state.settings.shortcuts;
export const selectRingtone = (state: AppState) => state.settings.ringtone;
