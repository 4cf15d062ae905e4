import type { DirectoryEntry, Presence } from "@handoff/contract";
import type { AppState } from "../types";

const PRESENCE_ORDER: readonly Presence[] = ["available", "ringing", "busy", "away", "offline"];

/** Available first, offline last; alphabetical within each. */
export function byPresenceThenName(a: DirectoryEntry, b: DirectoryEntry): number {
  return PRESENCE_ORDER.indexOf(a.presence) - PRESENCE_ORDER.indexOf(b.presence) || a.name.localeCompare(b.name);
}

/** Colleagues one could hand a call to: everyone but oneself, sorted. A new array: use with useShallow. */
export const selectColleagues = (state: AppState): DirectoryEntry[] =>
  Object.values(state.directory)
    .filter((entry) => entry.id !== state.agent?.id)
    .sort(byPresenceThenName);
