import type { TransferStatus } from "@handoff/contract";

/**
 *   initiated ─▶ ringing ─▶ answered ─▶ completed | cancelled      (attended)
 *   initiated ─▶ ringing ─▶ completed                              (blind)
 *   initiated ─▶ completed                                         (queue: the caller is in it)
 *   any live status ─▶ failed (caller back with the agent)
 *   any live status ─▶ unknown (AMI lost mid-way) ─▶ reconciled to a final status
 */
const NEXT: Readonly<Record<TransferStatus, readonly TransferStatus[]>> = {
  initiated: ["ringing", "completed", "failed", "cancelled", "unknown"],
  ringing: ["answered", "completed", "failed", "cancelled", "unknown"],
  answered: ["completed", "cancelled", "failed", "unknown"],
  unknown: ["completed", "cancelled", "failed"],
  completed: [],
  cancelled: [],
  failed: [],
};

export function isFinal(status: TransferStatus): boolean {
  return NEXT[status].length === 0;
}

export class IllegalTransferTransitionError extends Error {
  override readonly name = "IllegalTransferTransitionError";
  constructor(from: TransferStatus, to: TransferStatus) {
    super(`A transfer cannot go from "${from}" to "${to}".`);
  }
}

export function checkTransferTransition(from: TransferStatus, to: TransferStatus): TransferStatus {
  if (!NEXT[from].includes(to)) throw new IllegalTransferTransitionError(from, to);
  return to;
}
