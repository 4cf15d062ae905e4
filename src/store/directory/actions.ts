import type { DirectoryEntry } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";

export interface DirectoryActions {
  loadDirectory(): Promise<void>;
  presenceUpdated(entry: DirectoryEntry): void;
}

export const createDirectoryActions: ActionsCreator<DirectoryActions> = (set, get, { bridge }) => ({
  async loadDirectory() {
    try {
      // A server without trunks (or too old to list them) leaves only the remote choice out of the dialog.
      const [entries, trunks] = await Promise.all([bridge.directory(), bridge.trunks().catch(() => [])]);
      const directory = Object.fromEntries(entries.map((entry) => [entry.id, entry]));
      set({ directory, directoryLoaded: true, directoryError: null, trunks });
      // The server remembers "away" across sign-ins; the selector starts from it.
      const self = get().agent === null ? undefined : directory[get().agent!.id];
      if (self?.presence === "away") set({ chosenStatus: "away" });
    } catch (error) {
      set({ directoryError: describeError(error) });
    }
  },

  presenceUpdated(entry) {
    // Bots never take transfers from agents; the server leaves them out of the directory too.
    if (entry.role === "bot") return;
    set((state) => ({ directory: { ...state.directory, [entry.id]: entry } }));
  },
});
