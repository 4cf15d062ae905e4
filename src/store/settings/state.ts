import type { Settings } from "@handoff/contract";
import { DEFAULT_SETTINGS } from "../../bridge/default-settings";

/** The only state that persists (through the bridge): never calls, never credentials. */
export interface SettingsState {
  settings: Settings;
  settingsError: string | null;
}

export const initialSettingsState: SettingsState = {
  settings: DEFAULT_SETTINGS,
  settingsError: null,
};
