import type { HandoffBridge } from "@handoff/contract";
import type { AppStore } from "./types";

/** Feeds the bridge's real-time events into the store; returns the unsubscribe for all of them. */
export function connectBridge(bridge: HandoffBridge, store: AppStore): () => void {
  const actions = store.getState();
  const unsubscribes = [
    bridge.onTransferUpdated((transfer) => actions.transferUpdated(transfer)),
    bridge.onPresenceUpdated((entry) => actions.presenceUpdated(entry)),
    bridge.onCallContext((context) => actions.callContextReceived(context)),
    bridge.onPbxStatus((event) => actions.pbxStatusChanged(event)),
    bridge.onRealtimeState((state) => actions.realtimeStateChanged(state)),
    bridge.onAgentQueueState((state) => actions.queueStateUpdated(state)),
    bridge.onQueueFigures((figures) => actions.queueFiguresUpdated(figures)),
    bridge.onBoardAgent((agent) => actions.boardAgentUpdated(agent)),
    bridge.onSupervisorAudit((entry) => actions.auditReceived(entry)),
    bridge.onMonitoringUpdated((session) => actions.monitoringUpdated(session)),
    bridge.onMonitoringNotice((notice) => actions.monitoringNoticeReceived(notice)),
    bridge.onConferenceUpdated((conference) => actions.conferenceUpdated(conference)),
    bridge.onSessionEnded((event) => actions.sessionEnded(event.reason)),
  ];
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
