import type { Settings } from "@handoff/contract";
import type { AgentSession } from "./agent-session";
import type { BridgeHandlers } from "./ipc-router";
import type { SettingsStore } from "./settings-store";
import type { GlobalShortcuts } from "./shortcuts";

export interface BridgeServices {
  session: Pick<AgentSession, "signIn" | "signOut" | "currentSession" | "call">;
  settings: Pick<SettingsStore, "load" | "save">;
  shortcuts: Pick<GlobalShortcuts, "replace">;
  /** Told of the agent's own status change (tray). */
  onOwnStatus?: (result: Awaited<ReturnType<BridgeHandlers["setStatus"]>>) => void;
}

/** What each bridge method does in the desktop app; arguments arrive validated by the router. */
export function createBridgeHandlers({ session, settings, shortcuts, onOwnStatus }: BridgeServices): BridgeHandlers {
  return {
    signIn: (request) => session.signIn(request),
    signOut: () => session.signOut(),
    currentSession: () => session.currentSession(),
    directory: () => session.call((client) => client.directory()),
    availableAgents: (search) => session.call((client) => client.availableAgents(search)),
    setStatus: async (status) => {
      const result = await session.call((client) => client.setStatus(status));
      onOwnStatus?.(result);
      return result;
    },
    executeTransfer: (request) => session.call((client) => client.executeTransfer(request)),
    completeTransfer: (id) => session.call((client) => client.completeTransfer(id)),
    cancelTransfer: (id) => session.call((client) => client.cancelTransfer(id)),
    callHistory: () => session.call((client) => client.callHistory()),
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
