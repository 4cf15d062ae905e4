import type { Redis } from "ioredis";
import { LoginBudget } from "../http/login-budget";

/** Counts attempts per key in a fixed window; false once the key has used its budget. */
export interface AttemptBudget {
  take(key: string): boolean | Promise<boolean>;
}

/**
 * A fixed-window budget every replica counts in the same Redis key, so a limit holds whichever replica an
 * attempt reaches. While Redis cannot answer, each replica counts on its own (the limit is then per replica
 * for those seconds) rather than refusing every sign-in or letting every one through.
 */
export class SharedBudget implements AttemptBudget {
  private readonly local: LoginBudget;

  constructor(
    private readonly redis: Redis,
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
    private readonly onFallback: (error: unknown) => void,
  ) {
    this.local = new LoginBudget(max, windowMs);
  }

  async take(key: string): Promise<boolean> {
    const redisKey = `handoff:budget:${this.name}:${key}`;
    try {
      // The window starts with its first attempt (NX): later attempts do not push it on.
      const replies = await this.redis.multi().incr(redisKey).pexpire(redisKey, this.windowMs, "NX").exec();
      const [error, count] = replies?.[0] ?? [new Error("no reply"), null];
      if (error !== null) throw error;
      return Number(count) <= this.max;
    } catch (error) {
      this.onFallback(error);
      return this.local.take(key);
    }
  }
}
