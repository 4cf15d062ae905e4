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
    // Presence changed while we were not listening: read the directory again.
    if (state === "connected" && was === "reconnecting" && get().signInStatus === SignInStatus.SignedIn) void get().loadDirectory();
  },
});
