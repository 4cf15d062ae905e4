import type { MonitoringMode, MonitoringNotice, MonitoringSession } from "@handoff/contract";

export interface MonitoringSliceState {
  /** The supervisor's own live session (none once it ended). */
  monitoring: MonitoringSession | null;
  /** A request on its way: the controls wait for it. */
  monitoringPending: MonitoringMode | "start" | "stop" | null;
  /** For a monitored agent: who is shown on their call, in which mode. */
  monitoringNotice: MonitoringNotice | null;
}

export const initialMonitoringState: MonitoringSliceState = { monitoring: null, monitoringPending: null, monitoringNotice: null };
