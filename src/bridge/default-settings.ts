import { DEFAULT_SETTINGS, DEFAULT_SHORTCUTS, type Settings } from "@handoff/contract";

// The defaults are shared with Electron main through the contract.
export { DEFAULT_SETTINGS, DEFAULT_SHORTCUTS };

/** Fills what an older or partial settings object lacks, so a new shortcut never arrives unbound. */
export function withDefaults(partial: Partial<Settings> | null | undefined): Settings {
  return {
    ...DEFAULT_SETTINGS,
    ...partial,
    shortcuts: { ...DEFAULT_SHORTCUTS, ...partial?.shortcuts },
  };
}
