import type { MonitoringStatus } from "@handoff/contract";

/**
 *   dialing ──► connecting ──► active ──► ended
 *      │             │                     ▲
 *      └─────────────┴─────────────────────┘
 * Only these moves exist; anything else is a bug in the caller and throws.
 */
const NEXT: Record<MonitoringStatus, readonly MonitoringStatus[]> = {
  dialing: ["connecting", "ended"],
  connecting: ["active", "ended"],
  active: ["ended"],
  ended: [],
};

export class IllegalMonitoringTransition extends Error {
  override readonly name = "IllegalMonitoringTransition";
  constructor(from: MonitoringStatus, to: MonitoringStatus) {
    super(`A monitoring session cannot go from ${from} to ${to}.`);
  }
}

export function transition(from: MonitoringStatus, to: MonitoringStatus): MonitoringStatus {
  if (!NEXT[from].includes(to)) throw new IllegalMonitoringTransition(from, to);
  return to;
}

export const isLive = (status: MonitoringStatus): boolean => status !== "ended";
