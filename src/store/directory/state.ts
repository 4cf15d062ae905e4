import type { DirectoryEntry } from "@handoff/contract";

export interface DirectoryState {
  /** Every human agent with live presence, by id: `directory()` once, then `presence.updated`. */
  directory: Record<string, DirectoryEntry>;
  directoryLoaded: boolean;
  directoryError: string | null;
}

export const initialDirectoryState: DirectoryState = {
  directory: {},
  directoryLoaded: false,
  directoryError: null,
};
