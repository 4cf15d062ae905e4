import type { MonitoringMode, MonitoringNotice, MonitoringSession } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";

export interface MonitoringActions {
  /** Asks the server for a session, then dials what it names from the supervisor's own phone. */
  startMonitoring(agentId: string, mode: MonitoringMode): Promise<void>;
  setMonitoringMode(mode: MonitoringMode): Promise<void>;
  stopMonitoring(): Promise<void>;
  monitoringUpdated(session: MonitoringSession): void;
  monitoringNoticeReceived(notice: MonitoringNotice): void;
}

export const createMonitoringActions: ActionsCreator<MonitoringActions> = (set, get, { bridge }) => {
  async function request(pending: MonitoringMode | "start" | "stop", what: string, send: () => Promise<void>): Promise<void> {
    if (get().monitoringPending !== null) return;
    set({ monitoringPending: pending });
    try {
      await send();
    } catch (error) {
      get().notify("error", `Could not ${what}: ${describeError(error)}`);
    } finally {
      set({ monitoringPending: null });
    }
  }

  return {
    startMonitoring(agentId, mode) {
      return request("start", "start monitoring", async () => {
        const { session, dial } = await bridge.startMonitoring({ agentId, mode });
        set({ monitoring: session });
        // The supervisor's phone carries the audio; the PBX lets this call on only as this session.
        await get().dial(dial);
      });
    },
    setMonitoringMode(mode) {
      const session = get().monitoring;
      if (session === null || session.mode === mode) return Promise.resolve();
      return request(mode, `switch to ${mode}`, async () => {
        set({ monitoring: await bridge.changeMonitoringMode({ sessionId: session.id, mode }) });
      });
    },
    stopMonitoring() {
      const session = get().monitoring;
      if (session === null) return Promise.resolve();
      return request("stop", "stop monitoring", async () => {
        await bridge.stopMonitoring(session.id);
        set({ monitoring: null });
      });
    },
    monitoringUpdated(session) {
      if (session.supervisor.agentId !== get().agent?.id) return;
      set({ monitoring: session.status === "ended" ? null : session });
    },
    monitoringNoticeReceived(notice) {
      set({ monitoringNotice: notice.mode === null ? null : notice });
    },
  };
};
