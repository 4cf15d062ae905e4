import type { HandoffBridge } from "@handoff/contract";
import type { ClientEvents, HandoffClient } from "./handoff-client";

/** The bridge's listeners that client events feed (onShortcut is the desktop's own). */
export type BridgeEventMethod = Exclude<Extract<keyof HandoffBridge, `on${string}`>, "onShortcut">;
export type BridgeEventPayload<M extends BridgeEventMethod> = Parameters<Parameters<HandoffBridge[M]>[0]>[0];

type ForwardedEvent = Exclude<keyof ClientEvents, "token.renewed">;

/** Which bridge listener each client event reaches; `satisfies` keeps both sides exhaustive and their payloads equal. */
export const BRIDGE_EVENTS = {
  "transfer.updated": "onTransferUpdated",
  "presence.updated": "onPresenceUpdated",
  "call.context": "onCallContext",
  "pbx.status": "onPbxStatus",
  "agent.queue_state": "onAgentQueueState",
  "queue.figures": "onQueueFigures",
  "board.agent": "onBoardAgent",
  "supervisor.audit": "onSupervisorAudit",
  "monitoring.updated": "onMonitoringUpdated",
  "monitoring.notice": "onMonitoringNotice",
  "conference.updated": "onConferenceUpdated",
  "realtime.state": "onRealtimeState",
  "session.ended": "onSessionEnded",
} as const satisfies { readonly [E in ForwardedEvent]: BridgeEventMethod };

type SamePayloads = { [E in ForwardedEvent]: ClientEvents[E] extends BridgeEventPayload<(typeof BRIDGE_EVENTS)[E]> ? true : never };
const samePayloads: SamePayloads = {
  "transfer.updated": true,
  "presence.updated": true,
  "call.context": true,
  "pbx.status": true,
  "agent.queue_state": true,
  "queue.figures": true,
  "board.agent": true,
  "supervisor.audit": true,
  "monitoring.updated": true,
  "monitoring.notice": true,
  "conference.updated": true,
  "realtime.state": true,
  "session.ended": true,
};
void samePayloads;

/**
 * Feeds every client event a renderer may see into bridge listeners: Electron main sends
 * them over IPC, the web bridge calls its own listeners. Never the token. Returns the unsubscribe.
 */
export function forwardToBridge(client: Pick<HandoffClient, "on">, deliver: <M extends BridgeEventMethod>(method: M, payload: BridgeEventPayload<M>) => void): () => void {
  const unsubscribes = (Object.keys(BRIDGE_EVENTS) as ForwardedEvent[]).map((event) =>
    client.on(event, (payload) => deliver(BRIDGE_EVENTS[event], payload as never)),
  );
  return () => unsubscribes.forEach((unsubscribe) => unsubscribe());
}
