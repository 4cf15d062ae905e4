import type { MonitoringMode, MonitoringStatus } from "@handoff/contract";

export const MODE_LABEL: Readonly<Record<MonitoringMode, string>> = { listen: "Listen", whisper: "Whisper", barge: "Barge" };

/** What the supervisor's session is doing, in their words. */
export const STATUS_LABEL: Readonly<Record<MonitoringStatus, string>> = {
  dialing: "calling your phone in…",
  connecting: "connecting…",
  active: "live",
  ended: "ended",
};

/** What the monitored agent is told. */
export const NOTICE_LABEL: Readonly<Record<MonitoringMode, string>> = {
  listen: "is listening to this call",
  whisper: "is coaching you (the caller cannot hear them)",
  barge: "has joined this call",
};
