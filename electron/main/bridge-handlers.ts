import type { HandoffClient } from "@handoff/client";
import type { Settings } from "@handoff/contract";
import type { AgentSession } from "./agent-session";
import type { BridgeHandlers } from "./ipc-router";
import type { SettingsStore } from "./settings-store";
import type { GlobalShortcuts } from "./shortcuts";

/** Queue work, wrap-up, the board, monitoring and conferences: forwarded to the client as they are. */
type QueueMethod =
  | "queueSettings"
  | "queueFigures"
  | "queueState"
  | "joinQueues"
  | "leaveQueues"
  | "pause"
  | "endPause"
  | "setDisposition"
  | "board"
  | "supervisorAudit"
  | "signAgentOut"
  | "endAgentPause"
  | "startMonitoring"
  | "changeMonitoringMode"
  | "stopMonitoring"
  | "monitoringSessions"
  | "mergeConference"
  | "leaveConference"
  | "dropFromConference"
  | "endConference";

export interface BridgeServices {
  session: Pick<AgentSession, "signIn" | "signOut" | "currentSession">;
  /** The shared API client: retries, keys, renewal and a refused token are its business. */
  api: Pick<HandoffClient, "directory" | "availableAgents" | "trunks" | "setStatus" | "executeTransfer" | "completeTransfer" | "cancelTransfer" | "callHistory" | QueueMethod>;
  settings: Pick<SettingsStore, "load" | "save">;
  shortcuts: Pick<GlobalShortcuts, "replace">;
  /** Told of the agent's own status change (tray). */
  onOwnStatus?: (result: Awaited<ReturnType<BridgeHandlers["setStatus"]>>) => void;
}

/** What each bridge method does in the desktop app; arguments arrive validated by the router. */
export function createBridgeHandlers({ session, api, settings, shortcuts, onOwnStatus }: BridgeServices): BridgeHandlers {
  return {
    signIn: (request) => session.signIn(request),
    signOut: () => session.signOut(),
    currentSession: () => session.currentSession(),
    directory: () => api.directory(),
    availableAgents: (search) => api.availableAgents(search),
    trunks: () => api.trunks(),
    setStatus: async (status) => {
      const result = await api.setStatus(status);
      onOwnStatus?.(result);
      return result;
    },
    executeTransfer: (request) => api.executeTransfer(request),
    completeTransfer: (id) => api.completeTransfer(id),
    cancelTransfer: (id) => api.cancelTransfer(id),
    callHistory: () => api.callHistory(),
    queueSettings: () => api.queueSettings(),
    queueFigures: () => api.queueFigures(),
    queueState: () => api.queueState(),
    joinQueues: (selection) => api.joinQueues(selection),
    leaveQueues: (selection) => api.leaveQueues(selection),
    pause: (reason) => api.pause(reason),
    endPause: () => api.endPause(),
    setDisposition: (request) => api.setDisposition(request),
    board: () => api.board(),
    supervisorAudit: () => api.supervisorAudit(),
    signAgentOut: (agentId) => api.signAgentOut(agentId),
    endAgentPause: (agentId) => api.endAgentPause(agentId),
    startMonitoring: (request) => api.startMonitoring(request),
    changeMonitoringMode: (request) => api.changeMonitoringMode(request),
    stopMonitoring: (sessionId) => api.stopMonitoring(sessionId),
    monitoringSessions: () => api.monitoringSessions(),
    mergeConference: (request) => api.mergeConference(request),
    leaveConference: (conferenceId) => api.leaveConference(conferenceId),
    dropFromConference: ({ conferenceId, participantId }) => api.dropFromConference(conferenceId, participantId),
    endConference: (conferenceId) => api.endConference(conferenceId),
    getSettings: () => settings.load(),
    saveSettings: async (next: Settings) => {
      const previous = await settings.load();
      // Register first: a shortcut another app holds rejects the save with a reason.
      shortcuts.replace(next.shortcuts);
      try {
        return await settings.save(next);
      } catch (error) {
        shortcuts.replace(previous.shortcuts);
        throw error;
      }
    },
  };
}
