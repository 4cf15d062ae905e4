import type { DirectoryEntry, TrunkSummary } from "@handoff/contract";

export interface DirectoryState {
  /** Every human agent with live presence, by id: `directory()` once, then `presence.updated`. */
  directory: Record<string, DirectoryEntry>;
  directoryLoaded: boolean;
  directoryError: string | null;
  /** Other PBXs reachable over the server's trunks: their extensions are transfer targets. */
  trunks: TrunkSummary[];
}

export const initialDirectoryState: DirectoryState = {
  directory: {},
  directoryLoaded: false,
  directoryError: null,
  trunks: [],
};
