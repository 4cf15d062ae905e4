import type { ConferenceStatus } from "@handoff/contract";

/**
 *   merging ─▶ active ─▶ ended
 *   merging ─▶ failed            (nothing was moved, or the caller is back with the agent)
 *   merging ─▶ ended             (everyone hung up while it was set up)
 */
const NEXT: Readonly<Record<ConferenceStatus, readonly ConferenceStatus[]>> = {
  merging: ["active", "failed", "ended"],
  active: ["ended"],
  ended: [],
  failed: [],
};

export function isLive(status: ConferenceStatus): boolean {
  return NEXT[status].length > 0;
}

export class IllegalConferenceTransitionError extends Error {
  override readonly name = "IllegalConferenceTransitionError";
  constructor(from: ConferenceStatus, to: ConferenceStatus) {
    super(`A conference cannot go from "${from}" to "${to}".`);
  }
}

/** The one way a conference changes status: an illegal move is a bug, never silently taken. */
export function checkConferenceTransition(from: ConferenceStatus, to: ConferenceStatus): ConferenceStatus {
  if (!NEXT[from].includes(to)) throw new IllegalConferenceTransitionError(from, to);
  return to;
}
