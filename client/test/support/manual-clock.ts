import type { Clock } from "../../src/host";

/** Timers a test fires by hand, with a clock it moves itself (starting at the real time, as the fake server's Date header does). */
export class ManualClock implements Clock {
  current = Date.now();
  private next = 1;
  readonly pending = new Map<number, { at: number; callback: () => void; ms: number }>();

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.current + ms, callback, ms });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Delays of the timers waiting now, as they were set. */
  get delays(): number[] {
    return [...this.pending.values()].map((timer) => timer.ms);
  }

  /** Moves the clock to the earliest timer and runs it. */
  fireNext(): void {
    const [id, timer] = [...this.pending.entries()].sort(([, a], [, b]) => a.at - b.at)[0] ?? [];
    if (id === undefined || timer === undefined) throw new Error("no timer is waiting");
    this.pending.delete(id);
    this.current = Math.max(this.current, timer.at);
    timer.callback();
  }
}

/** Waits (real time) until the condition holds. */
export async function until(condition: () => boolean, what: string, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
