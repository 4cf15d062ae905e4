/**
 * A call's phases as the agent sees them:
 *
 *   ringing ──answer──▶ connecting ──▶ active ◀──▶ held
 *   dialing ───────────────────────────▶ active
 *   every phase but ended ──▶ ended (final)
 */
export enum CallPhase {
  Ringing = "ringing",
  Dialing = "dialing",
  Connecting = "connecting",
  Active = "active",
  Held = "held",
  Ended = "ended",
}

const NEXT: Readonly<Record<CallPhase, readonly CallPhase[]>> = {
  [CallPhase.Ringing]: [CallPhase.Connecting, CallPhase.Ended],
  [CallPhase.Dialing]: [CallPhase.Active, CallPhase.Ended],
  [CallPhase.Connecting]: [CallPhase.Active, CallPhase.Ended],
  [CallPhase.Active]: [CallPhase.Held, CallPhase.Ended],
  [CallPhase.Held]: [CallPhase.Active, CallPhase.Ended],
  [CallPhase.Ended]: [],
};

export class IllegalCallTransitionError extends Error {
  override readonly name = "IllegalCallTransitionError";
  constructor(from: CallPhase, to: CallPhase) {
    super(`A call cannot go from "${from}" to "${to}".`);
  }
}

/** Returns `to` if the move is allowed; throws otherwise, so a bad move is loud, not silent. */
export function transitionCall(from: CallPhase, to: CallPhase): CallPhase {
  if (!NEXT[from].includes(to)) throw new IllegalCallTransitionError(from, to);
  return to;
}
