import type { Timers } from "../token-renewal";

/** Timers a test fires by hand, with a clock it moves itself. */
export class ManualTimers implements Timers {
  now = Date.parse("2025-01-01T10:00:00.000Z");
  private next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void; ms: number }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.now + ms, callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers waiting now. */
  get delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Moves the clock to the earliest timer and runs it. */
  fireNext(): void {
    const [id, timer] = [...this.pending.entries()].sort(([, a], [, b]) => a.at - b.at)[0] ?? [];
    if (id === undefined || timer === undefined) throw new Error("no timer is waiting");
    this.pending.delete(id);
    this.now = Math.max(this.now, timer.at);
    timer.callback();
  }
}

/** Lets promise callbacks and socket I/O run. */
export async function settle(ms = 20): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
