/** The longest the phone waits between two attempts to reach the PBX again. */
export const MAX_RECONNECT_DELAY_MS = 10_000;
const FIRST_DELAY_MS = 500;

/**
 * Delay before reconnect attempt `attempt` (1-based): doubling from 0.5 s up to
 * 10 s, each drawn from its upper half so that a room of phones that lost the
 * same switch does not come back in step.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RECONNECT_DELAY_MS, FIRST_DELAY_MS * 2 ** (Math.max(1, attempt) - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}
