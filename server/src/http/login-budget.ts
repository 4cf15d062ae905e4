/**
 * A fixed-window count of attempts per key. @fastify/rate-limit applies one limit per
 * request, so the second login budget (per address and username, inside the
 * per-address one) is kept here.
 */
export class LoginBudget {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly max: number, private readonly windowMs: number, private readonly now: () => number = Date.now) {}

  /** Counts one attempt; false once the key has used its budget in this window. */
  take(key: string): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      if (this.windows.size > 50_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
      window = { count: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return window.count <= this.max;
  }
}
