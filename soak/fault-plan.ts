/**
 * When the soak breaks something, and what. Pure: faults.ts carries the plan
 * out, one fault at a time, each followed by a recovery wait.
 */
import type { Rng } from "./rng";

export const INFRA_FAULTS = ["ami-cut", "server-kill", "asterisk-restart"] as const;
export type InfraFault = (typeof INFRA_FAULTS)[number];

export interface PlannedFault {
  /** ms after the first transfer starts. */
  readonly atMs: number;
  readonly kind: InfraFault;
}

const WEIGHTS: ReadonlyArray<readonly [InfraFault, number]> = [
  ["ami-cut", 40],
  ["server-kill", 35],
  ["asterisk-restart", 25],
];

/** A quiet start (the first transfers run unharmed) and a quiet end (the last ones settle without a fault). */
const QUIET_START_MS = 10_000;
const QUIET_END_MS = 15_000;
/** One fault every this often on average; a run of 2 minutes still gets each kind once. */
const MEAN_GAP_MS = 45_000;

/**
 * Every kind once, in a random order, then more at random; each at a random
 * moment within its own slot of the run, so faults spread over it.
 */
export function planFaults(rng: Rng, runMs: number): PlannedFault[] {
  const span = runMs - QUIET_START_MS - QUIET_END_MS;
  if (span <= 0) return [];
  const count = Math.max(INFRA_FAULTS.length, Math.round(span / MEAN_GAP_MS));
  const first = [...INFRA_FAULTS];
  for (let i = first.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [first[i], first[j]] = [first[j] as InfraFault, first[i] as InfraFault];
  }
  const slot = span / count;
  return Array.from({ length: count }, (_, i) => ({
    atMs: Math.round(QUIET_START_MS + slot * i + rng.next() * slot * 0.8),
    kind: first[i] ?? rng.weighted(WEIGHTS),
  }));
}
