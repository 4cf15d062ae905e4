import type { Settings, ShortcutAction } from "@handoff/contract";

/**
 * In-app key bindings, in Electron's accelerator syntax so desktop and web
 * share one format. Single keys are safe in-app because shortcuts never fire
 * while the agent types in a text field.
 */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  answer: "A",
  hangup: "H",
  hold: "Shift+H",
  mute: "M",
  transfer: "T",
  blind: "B",
  attended: "Shift+A",
  complete: "CommandOrControl+Enter",
  cancel: "CommandOrControl+Backspace",
  focusSearch: "/",
  closeDialog: "Escape",
  help: "?",
};

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  shortcuts: { ...DEFAULT_SHORTCUTS },
  microphoneId: null,
  speakerId: null,
  ringtone: "classic",
};

/** Fills what an older or partial settings object lacks, so a new shortcut never arrives unbound. */
export function withDefaults(partial: Partial<Settings> | null | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...partial,
    shortcuts: { ...DEFAULT_SHORTCUTS, ...partial?.shortcuts },
  };
}
