import type { TransferStatus } from "@handoff/contract";

/**
 *   initiated ─▶ ringing ─▶ answered ─▶ completed | cancelled       (attended)
 *   initiated ─▶ ringing ─▶ completed                               (blind, bot handoff)
 *   initiated ─▶ completed                                          (the target took the caller at once)
 *   any live status ─▶ recalling ─▶ failed   (the target did not take the caller; the reason says who did)
 *                      recalling ─▶ completed (…unless the target party takes them in the end)
 *   any live status ─▶ failed | cancelled    (the caller is with the agent again, or gone)
 *   any live status ─▶ unknown (AMI lost) ─▶ whatever Asterisk shows once it is back
 */
const NEXT: Readonly<Record<TransferStatus, readonly TransferStatus[]>> = {
  initiated: ["ringing", "answered", "recalling", "completed", "failed", "cancelled", "unknown"],
  ringing: ["answered", "recalling", "completed", "failed", "cancelled", "unknown"],
  answered: ["recalling", "completed", "cancelled", "failed", "unknown"],
  // The target party may take the caller in the end (a queue target answering from the fallback queue).
  recalling: ["completed", "failed", "unknown"],
  unknown: ["initiated", "ringing", "answered", "recalling", "completed", "cancelled", "failed"],
  completed: [],
  cancelled: [],
  failed: [],
};

export function isFinal(status: TransferStatus): boolean {
  return NEXT[status].length === 0;
}

export function canMove(from: TransferStatus, to: TransferStatus): boolean {
  return NEXT[from].includes(to);
}

export class IllegalTransferTransitionError extends Error {
  override readonly name = "IllegalTransferTransitionError";
  constructor(from: TransferStatus, to: TransferStatus) {
    super(`A transfer cannot go from "${from}" to "${to}".`);
  }
}

export function checkTransferTransition(from: TransferStatus, to: TransferStatus): TransferStatus {
  if (!canMove(from, to)) throw new IllegalTransferTransitionError(from, to);
  return to;
}
