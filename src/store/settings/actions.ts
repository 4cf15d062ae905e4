import type { Settings } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import { withDefaults } from "../../bridge/default-settings";
import type { ActionsCreator } from "../types";

export interface SettingsActions {
  loadSettings(): Promise<void>;
  updateSettings(change: Partial<Settings>): Promise<void>;
}

export const createSettingsActions: ActionsCreator<SettingsActions> = (set, get, { bridge, phone, ringer }) => {
  function apply(settings: Settings): void {
    set({ settings, settingsError: null });
    phone.setAudioDevices({ microphoneId: settings.microphoneId, speakerId: settings.speakerId });
    ringer.setSpeaker(settings.speakerId);
  }

  return {
    async loadSettings() {
      try {
        apply(withDefaults(await bridge.getSettings()));
      } catch (error) {
        set({ settingsError: `Could not read your settings (${describeError(error)}); using the defaults.` });
      }
    },

    async updateSettings(change) {
      const previous = get().settings;
      const next: Settings = { ...previous, ...change, shortcuts: { ...previous.shortcuts, ...change.shortcuts } };
      apply(next);
      try {
        apply(await bridge.saveSettings(next));
      } catch (error) {
        apply(previous);
        set({ settingsError: `Could not save your settings: ${describeError(error)}` });
      }
    },
  };
};
