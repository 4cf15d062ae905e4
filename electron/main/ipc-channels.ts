import type { HandoffBridge } from "@handoff/contract";

/**
 * The IPC wire between preload and main, derived from the contract's bridge.
 * Imported by the sandboxed preload too, so it holds names and types only:
 * no Node, no Electron, no zod at run time.
 */

/** Bridge methods the renderer calls (request → reply). */
export type InvokeMethod = Exclude<keyof HandoffBridge, "kind" | `on${string}`>;
/** Bridge listeners main pushes events to. */
export type EventMethod = Extract<keyof HandoffBridge, `on${string}`>;

export type InvokeArgs<M extends InvokeMethod> = Parameters<HandoffBridge[M]>;
export type InvokeResult<M extends InvokeMethod> = Awaited<ReturnType<HandoffBridge[M]>>;
/** What one event carries: the argument of the listener the renderer registers. */
export type EventPayload<E extends EventMethod> = Parameters<Parameters<HandoffBridge[E]>[0]>[0];

// `satisfies` makes the map exhaustive and ties each value to its key, so a
// channel name can never drift from the bridge method it serves.
export const invokeChannels = {
  signIn: "handoff:signIn",
  signOut: "handoff:signOut",
  currentSession: "handoff:currentSession",
  directory: "handoff:directory",
  availableAgents: "handoff:availableAgents",
  trunks: "handoff:trunks",
  setStatus: "handoff:setStatus",
  executeTransfer: "handoff:executeTransfer",
  completeTransfer: "handoff:completeTransfer",
  cancelTransfer: "handoff:cancelTransfer",
  callHistory: "handoff:callHistory",
  queueSettings: "handoff:queueSettings",
  queueFigures: "handoff:queueFigures",
  queueState: "handoff:queueState",
  joinQueues: "handoff:joinQueues",
  leaveQueues: "handoff:leaveQueues",
  pause: "handoff:pause",
  endPause: "handoff:endPause",
  setDisposition: "handoff:setDisposition",
  board: "handoff:board",
  supervisorAudit: "handoff:supervisorAudit",
  signAgentOut: "handoff:signAgentOut",
  endAgentPause: "handoff:endAgentPause",
  startMonitoring: "handoff:startMonitoring",
  changeMonitoringMode: "handoff:changeMonitoringMode",
  stopMonitoring: "handoff:stopMonitoring",
  monitoringSessions: "handoff:monitoringSessions",
  mergeConference: "handoff:mergeConference",
  leaveConference: "handoff:leaveConference",
  dropFromConference: "handoff:dropFromConference",
  endConference: "handoff:endConference",
  getSettings: "handoff:getSettings",
  saveSettings: "handoff:saveSettings",
} as const satisfies { readonly [M in InvokeMethod]: `handoff:${M}` };

export const eventChannels = {
  onTransferUpdated: "handoff:event:onTransferUpdated",
  onPresenceUpdated: "handoff:event:onPresenceUpdated",
  onCallContext: "handoff:event:onCallContext",
  onPbxStatus: "handoff:event:onPbxStatus",
  onRealtimeState: "handoff:event:onRealtimeState",
  onAgentQueueState: "handoff:event:onAgentQueueState",
  onQueueFigures: "handoff:event:onQueueFigures",
  onBoardAgent: "handoff:event:onBoardAgent",
  onSupervisorAudit: "handoff:event:onSupervisorAudit",
  onMonitoringUpdated: "handoff:event:onMonitoringUpdated",
  onMonitoringNotice: "handoff:event:onMonitoringNotice",
  onConferenceUpdated: "handoff:event:onConferenceUpdated",
  onSessionEnded: "handoff:event:onSessionEnded",
  onShortcut: "handoff:event:onShortcut",
} as const satisfies { readonly [E in EventMethod]: `handoff:event:${E}` };

/**
 * Every reply is an envelope: Electron would otherwise prefix a thrown error's
 * message with "Error invoking remote method …", and the agent must read the
 * server's own words.
 */
export type IpcReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: { readonly message: string } };

/** How main pushes one event to the renderer; implemented over webContents.send. */
export type RendererSend = <E extends EventMethod>(event: E, payload: EventPayload<E>) => void;
