/**
 * A seeded pseudo-random source (mulberry32): the same seed picks the same
 * scenarios and faults, so a run that found something can be replayed with --seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One entry, each as likely as its weight. */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  /** Another source derived from this one's seed and a label: lanes and the fault schedule draw independently. */
  fork(label: string): Rng;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      if (entries.length === 0 || total <= 0) throw new Error("weighted() needs at least one entry with a positive weight");
      let pick = next() * total;
      for (const [value, weight] of entries) {
        pick -= weight;
        if (pick < 0) return value;
      }
      return (entries.at(-1) as readonly [T, number])[0];
    },
    fork: (label) => createRng(hash(`${seed}:${label}`)),
  };
}

/** FNV-1a: a label to a 32-bit seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
