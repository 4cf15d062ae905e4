import type { PbxStatus, RealtimeState } from "@handoff/contract";

export interface ConnectionState {
  /** The server's link to Asterisk, as `pbx.status` last said; null until it says anything. */
  pbxStatus: PbxStatus | null;
  pbxStatusAt: string | null;
  /** Null until the bridge has said anything (the desktop main may connect before the window exists). */
  realtime: RealtimeState | null;
}

export const initialConnectionState: ConnectionState = {
  pbxStatus: null,
  pbxStatusAt: null,
  realtime: null,
};
