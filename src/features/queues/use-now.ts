import { useSyncExternalStore } from "react";

/**
 * The time, to the second, from one shared interval: every timer on screen (a board of a thousand rows
 * among them) ticks together, on one timer, and only while something shows one.
 */
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let now = Date.now();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Epoch ms, updated once a second while mounted. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** Whole seconds from an ISO time to now (never negative); null for no time. */
export function secondsSince(iso: string | null, at: number): number | null {
  if (iso === null) return null;
  const start = Date.parse(iso);
  return Number.isFinite(start) ? Math.max(0, Math.floor((at - start) / 1000)) : null;
}
