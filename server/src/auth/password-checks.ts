import { hashPassword, verifyPassword } from "./passwords";

/** Every slot is taken and the queue is full: the caller answers at once instead of waiting. */
export class SignInsBusyError extends Error {
  override readonly name = "SignInsBusyError";
  constructor() {
    super("Too many sign-ins are in progress. Try again in a few seconds.");
  }
}

export interface PasswordChecksOptions {
  /** argon2 verifications running at once (each takes a libuv thread and 64 MiB). */
  concurrency?: number;
  /** Verifications allowed to wait for a slot; beyond it a sign-in is refused at once. */
  maxQueued?: number;
  verify?: (hash: string, password: string) => Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Password checks, bounded. argon2 runs on libuv's thread pool, which the rest of the
 * server shares (webcrypto signs tokens there): unbounded, a flood of sign-ins queued
 * every token renewal behind hundreds of hashes. Here at most `concurrency` run, a few
 * wait, and the rest are told to come back.
 *
 * An unknown username is not hashed at all, so made-up names cost no CPU. It still
 * answers no sooner than a real check would (the running average of real ones), and
 * it is refused as busy exactly when a real check would be, so neither the time nor
 * the answer tells who exists. Waiting costs a timer, not a slot.
 */
export class PasswordChecks {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly verify: (hash: string, password: string) => Promise<boolean>;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Exponential moving average of real verifications, ms; seeded by `calibrate()`. */
  private typicalMs = 50;

  constructor(options: PasswordChecksOptions = {}) {
    this.concurrency = options.concurrency ?? 2;
    this.maxQueued = options.maxQueued ?? 8;
    this.verify = options.verify ?? ((hash, password) => verifyPassword(hash, password));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Measures one real verification so the first unknown username already waits as long as one. */
  async calibrate(): Promise<void> {
    const hash = await hashPassword("calibration");
    const started = performance.now();
    await this.verify(hash, "not-it");
    this.typicalMs = performance.now() - started;
  }

  get busy(): boolean {
    return this.running >= this.concurrency && this.waiting.length >= this.maxQueued;
  }

  /** True when the password matches the hash; for an unknown user (`undefined`) false, after a real check's time. Throws SignInsBusyError when full. */
  async check(hash: string | undefined, password: string): Promise<boolean> {
    if (this.busy) throw new SignInsBusyError();
    if (hash === undefined) {
      await this.sleep(this.typicalMs);
      return false;
    }
    await this.slot();
    const started = performance.now();
    try {
      return await this.verify(hash, password);
    } finally {
      this.typicalMs = this.typicalMs * 0.8 + (performance.now() - started) * 0.2;
      this.release();
    }
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    // The slot passes straight to the next waiter: `running` stays counted.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.running -= 1;
  }
}
