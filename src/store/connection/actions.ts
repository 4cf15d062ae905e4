import type { PbxStatusEvent, RealtimeState } from "@handoff/contract";
import type { ActionsCreator } from "../types";
import { SignInStatus } from "../session/sign-in-status";

export interface ConnectionActions {
  pbxStatusChanged(event: PbxStatusEvent): void;
  realtimeStateChanged(state: RealtimeState): void;
}

export const createConnectionActions: ActionsCreator<ConnectionActions> = (set, get) => ({
  pbxStatusChanged(event) {
    set({ pbxStatus: event.status, pbxStatusAt: event.at });
  },

  realtimeStateChanged(state) {
    const was = get().realtime;
    set({ realtime: state });
    // Presence, queue state and the board changed while we were not listening: read them again.
    if (state !== "connected" || was !== "reconnecting" || get().signInStatus !== SignInStatus.SignedIn) return;
    void get().loadDirectory();
    if (get().queuesLoaded) void get().reloadQueueState();
    if (get().boardLoaded) void get().loadBoard();
  },
});
