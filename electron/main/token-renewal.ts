import { ServerError } from "./server-error";

/**
 * Keeps the bearer token alive: renews it a little before `expiresAt`,
 * retries on network failures while the old token is still valid, and gives up
 * only when the server refuses it or it has expired.
 */

export interface Renewed {
  token: string;
  expiresAt: string;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface TokenRenewalOptions {
  renew(): Promise<Renewed>;
  onRenewed(renewed: Renewed): void;
  onExpired(reason: string): void;
  now?: () => number;
  timers?: Timers;
  /** Renew this long before expiry (at most half the remaining time). */
  leadMs?: number;
  /** Wait between attempts after a network failure. */
  retryMs?: number;
}

const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class TokenRenewal {
  private timer: unknown = null;
  private expiresAt = 0;
  private inFlight: Promise<Renewed> | null = null;
  private stopped = true;

  constructor(private readonly options: TokenRenewalOptions) {}

  /** Schedules renewal of a token that expires at `expiresAt` (ISO time). */
  start(expiresAt: string): void {
    this.stopped = false;
    this.expiresAt = Date.parse(expiresAt);
    if (Number.isNaN(this.expiresAt)) {
      this.stop();
      this.options.onExpired(`The server gave an unreadable expiry time ("${expiresAt}"). Sign in again.`);
      return;
    }
    this.schedule(this.delayBeforeRenewal());
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  /** Renews now (e.g. the real-time link was refused); concurrent callers share one request. */
  renewNow(): Promise<Renewed> {
    this.inFlight ??= this.options
      .renew()
      .then((renewed) => {
        if (!this.stopped) {
          this.options.onRenewed(renewed);
          this.start(renewed.expiresAt);
        }
        return renewed;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** How long until the scheduled renewal, for tests and logs. */
  delayBeforeRenewal(): number {
    const remaining = this.expiresAt - this.now();
    const lead = this.options.leadMs ?? 60_000;
    return remaining > 2 * lead ? remaining - lead : Math.max(0, Math.floor(remaining / 2));
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.stopped) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.attempt();
    }, ms);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) return;
    if (this.expiresAt <= this.now()) {
      this.expire("Your session has expired. Sign in again.");
      return;
    }
    try {
      await this.renewNow();
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ServerError && !error.sessionEnded && error.code !== "forbidden") {
        const remaining = this.expiresAt - this.now();
        if (remaining > 0) {
          this.schedule(Math.min(this.options.retryMs ?? 15_000, Math.max(1_000, Math.floor(remaining / 2))));
          return;
        }
      }
      this.expire(error instanceof Error ? error.message : "Your session could not be renewed. Sign in again.");
    }
  }

  private expire(reason: string): void {
    this.stop();
    this.options.onExpired(reason);
  }

  private clear(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get timers(): Timers {
    return this.options.timers ?? nodeTimers;
  }
}
