import { WRAP_UP_REASON } from "@handoff/contract";

/** After-call work in progress for one agent. */
export interface WrapUpRun {
  readonly callId: string;
  readonly queue: string;
  readonly sinceMs: number;
  /** Null: no timer (never, as long as wrap-up has a length; kept for a wrap-up found after a restart). */
  readonly deadlineMs: number | null;
}

/** What the queue pause in Asterisk must be: the agent's own reason wins over wrap-up. */
export type PauseTarget = { paused: false } | { paused: true; reason: string };

/**
 *   idle ──queue call ends (AgentComplete)──▶ wrapping ──disposition | deadline | resume──▶ idle
 * A chosen pause (reason ≠ Wrap-up) outlasts wrap-up: ending wrap-up then leaves the agent paused.
 */
export function pauseTarget(wrapUp: WrapUpRun | null, chosenReason: string | null): PauseTarget {
  if (chosenReason !== null) return { paused: true, reason: chosenReason };
  if (wrapUp !== null) return { paused: true, reason: WRAP_UP_REASON };
  return { paused: false };
}

/** A queue call ended: the wrap-up it starts, or none when wrap-up is off (0 s). */
export function startWrapUp(callId: string, queue: string, nowMs: number, wrapUpSeconds: number): WrapUpRun | null {
  if (wrapUpSeconds === 0) return null;
  return { callId, queue, sinceMs: nowMs, deadlineMs: nowMs + wrapUpSeconds * 1000 };
}

/** Asterisk's pause reason read back: a chosen pause, or null for none or the server's own wrap-up. */
export function chosenReasonOf(paused: boolean, reason: string): string | null {
  if (!paused) return null;
  return reason === WRAP_UP_REASON ? null : reason;
}
