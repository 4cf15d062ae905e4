import type { HandoffBridge } from "@handoff/contract";
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { eventChannels, invokeChannels, type EventMethod, type EventPayload, type InvokeArgs, type InvokeMethod, type InvokeResult, type IpcReply } from "../main/ipc-channels";

/**
 * The renderer's one door to main: `window.handoff`, typed by the contract's
 * HandoffBridge. Each method is spelled out: no generic invoke, no
 * ipcRenderer, and the IPC event object never reaches the page.
 * Runs sandboxed, bundled to one CommonJS file (dist/app/preload.cjs).
 */

async function invoke<M extends InvokeMethod>(method: M, ...args: InvokeArgs<M>): Promise<InvokeResult<M>> {
  const reply = (await ipcRenderer.invoke(invokeChannels[method], ...args)) as IpcReply<InvokeResult<M>>;
  if (reply.ok) return reply.value;
  // A plain Error with main's message: it reads as the agent should see it.
  throw new Error(reply.error.message);
}

function listen<E extends EventMethod>(event: E) {
  return (listener: (payload: EventPayload<E>) => void): (() => void) => {
    const channel = eventChannels[event];
    const strip = (_event: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(channel, strip);
    return () => {
      ipcRenderer.removeListener(channel, strip);
    };
  };
}

const api: HandoffBridge = {
  kind: "desktop",
  signIn: (request) => invoke("signIn", request),
  signOut: () => invoke("signOut"),
  currentSession: () => invoke("currentSession"),
  directory: () => invoke("directory"),
  availableAgents: (search) => invoke("availableAgents", search),
  trunks: () => invoke("trunks"),
  setStatus: (status) => invoke("setStatus", status),
  executeTransfer: (request) => invoke("executeTransfer", request),
  completeTransfer: (id) => invoke("completeTransfer", id),
  cancelTransfer: (id) => invoke("cancelTransfer", id),
  callHistory: () => invoke("callHistory"),
  queueSettings: () => invoke("queueSettings"),
  queueFigures: () => invoke("queueFigures"),
  queueState: () => invoke("queueState"),
  joinQueues: (selection) => invoke("joinQueues", selection),
  leaveQueues: (selection) => invoke("leaveQueues", selection),
  pause: (reason) => invoke("pause", reason),
  endPause: () => invoke("endPause"),
  setDisposition: (request) => invoke("setDisposition", request),
  board: () => invoke("board"),
  supervisorAudit: () => invoke("supervisorAudit"),
  signAgentOut: (agentId) => invoke("signAgentOut", agentId),
  endAgentPause: (agentId) => invoke("endAgentPause", agentId),
  startMonitoring: (request) => invoke("startMonitoring", request),
  changeMonitoringMode: (request) => invoke("changeMonitoringMode", request),
  stopMonitoring: (sessionId) => invoke("stopMonitoring", sessionId),
  monitoringSessions: () => invoke("monitoringSessions"),
  mergeConference: (request) => invoke("mergeConference", request),
  leaveConference: (conferenceId) => invoke("leaveConference", conferenceId),
  dropFromConference: (request) => invoke("dropFromConference", request),
  endConference: (conferenceId) => invoke("endConference", conferenceId),
  getSettings: () => invoke("getSettings"),
  saveSettings: (settings) => invoke("saveSettings", settings),
  onTransferUpdated: listen("onTransferUpdated"),
  onPresenceUpdated: listen("onPresenceUpdated"),
  onCallContext: listen("onCallContext"),
  onPbxStatus: listen("onPbxStatus"),
  onRealtimeState: listen("onRealtimeState"),
  onAgentQueueState: listen("onAgentQueueState"),
  onQueueFigures: listen("onQueueFigures"),
  onBoardAgent: listen("onBoardAgent"),
  onSupervisorAudit: listen("onSupervisorAudit"),
  onMonitoringUpdated: listen("onMonitoringUpdated"),
  onMonitoringNotice: listen("onMonitoringNotice"),
  onConferenceUpdated: listen("onConferenceUpdated"),
  onSessionEnded: listen("onSessionEnded"),
  onShortcut: listen("onShortcut"),
};

contextBridge.exposeInMainWorld("handoff", api);
