import type { ApiError } from "./api-error";

/**
 * Whether a call may be sent again after a failure whose outcome is unknown:
 *
 *   safe    a read, or a PUT of a state: sending it twice is sending it once
 *   keyed   carries an Idempotency-Key: the server acts once per key and replays its answer
 *   never   acts on every arrival and carries no key (login, logout, complete, cancel);
 *           the renewal has its own schedule (token-renewal.ts)
 */
export type Repeat = "safe" | "keyed" | "never";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Wait before the 2nd, 3rd, … attempt; the last one repeats. */
  readonly delaysMs: readonly number[];
  /** Each wait is moved by up to this fraction either way, so a restarted server is not hit by every app at once. */
  readonly jitter: number;
}

/** Three attempts within about 1.5 s: long enough for a dropped connection, short for an agent waiting on a click. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, delaysMs: [300, 1_000], jitter: 0.2 };

/**
 * The one rule for automatic retries: only a call that may be repeated, only when the
 * outcome is unknown (no answer, timeout, 5xx), and never a 4xx: a refusal is an answer.
 * `attempt` counts from 1.
 */
export function shouldRetry(repeat: Repeat, error: ApiError, attempt: number, policy: RetryPolicy): boolean {
  return repeat !== "never" && error.outcomeUnknown && attempt < policy.attempts;
}

/** The wait before attempt `attempt + 1`. */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = policy.delaysMs[Math.min(attempt, policy.delaysMs.length) - 1] ?? 0;
  return Math.max(0, Math.round(base * (1 + policy.jitter * (2 * random() - 1))));
}
