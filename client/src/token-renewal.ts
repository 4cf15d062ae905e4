import type { RenewResponse, SessionEndCause } from "@handoff/contract";
import { ApiError } from "./api-error";
import type { Clock } from "./host";

/**
 * Keeps one session's bearer token alive. The server rotates the token on every renewal
 * and ends the whole session when a replaced token is renewed again, so there is exactly
 * one renewal in flight at any time, whoever asks (the schedule, a refused socket, a 401).
 *
 *   renew at 80 % of the token's lifetime (12 min of 15), measured on the server's clock
 *     ├─ renewed ─────────────▶ schedule the next one
 *     ├─ expiry not extended ─▶ the session's maximum age is reached: end at expiry (expired)
 *     ├─ no answer / 5xx ─────▶ retry after 1 s, 2 s, 4 s … 15 s, never past the expiry
 *     └─ refused (4xx) ───────▶ end (refused, or expired if the token had lapsed)
 *   token lapsed before a renewal succeeded ─▶ end (expired)
 */

export interface Token {
  readonly token: string;
  readonly expiresAt: string;
}

export interface TokenRenewalOptions {
  clock: Clock;
  /** One renewal request, with the token given. */
  renew(token: string): Promise<{ data: RenewResponse; serverDateMs: number | null }>;
  onRenewed(token: Token): void;
  /** The session cannot go on; called once. */
  onEnded(cause: SessionEndCause, why: string): void;
}

const RENEW_AT = 0.8;
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 15_000;
/** The server's Date header is whole seconds: count the token as a second shorter. */
const DATE_RESOLUTION_MS = 1_000;

export class TokenRenewal {
  private current: Token;
  /** When the current token lapses, on the client's clock. */
  private expiresAtLocal: number;
  private issuedAtLocal: number;
  private atMaxAge = false;
  private failures = 0;
  private nextAt = 0;
  private timer: unknown = null;
  private inFlight: Promise<string> | null = null;
  private stopped = false;

  constructor(
    private readonly options: TokenRenewalOptions,
    first: Token,
    serverDateMs: number | null,
  ) {
    this.current = first;
    this.issuedAtLocal = options.clock.now();
    this.expiresAtLocal = this.localExpiry(first.expiresAt, serverDateMs);
    this.scheduleRenewal();
  }

  get token(): string {
    return this.current.token;
  }

  get expiresAt(): string {
    return this.current.expiresAt;
  }

  /** How long ago the current token was issued (or handed to this session). */
  get tokenAgeMs(): number {
    return this.options.clock.now() - this.issuedAtLocal;
  }

  get expired(): boolean {
    return this.options.clock.now() >= this.expiresAtLocal;
  }

  /** Delay until the scheduled step, for tests and logs. */
  get renewsInMs(): number {
    return Math.max(0, this.nextAt - this.options.clock.now());
  }

  /**
   * Renews now, sharing the request in flight if there is one; resolves with the new
   * token. A refusal ends the session (onEnded) before this rejects.
   */
  renewNow(): Promise<string> {
    if (this.stopped) return Promise.reject(new ApiError("signed_out", "You are signed out. Sign in again."));
    this.inFlight ??= this.attemptRenewal().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private async attemptRenewal(): Promise<string> {
    const sent = this.current;
    let answer: Awaited<ReturnType<TokenRenewalOptions["renew"]>>;
    try {
      answer = await this.options.renew(sent.token);
    } catch (error) {
      const failure = error instanceof ApiError ? error : new ApiError("network", String(error));
      if (!this.stopped) this.failed(failure);
      throw failure;
    }
    if (this.stopped) throw new ApiError("signed_out", "You are signed out. Sign in again.");
    const renewed: Token = { token: answer.data.token, expiresAt: answer.data.expiresAt };
    // The server caps every token at the session's maximum age: an expiry that does not move means no renewal ever will.
    this.atMaxAge = Date.parse(renewed.expiresAt) <= Date.parse(sent.expiresAt);
    this.current = renewed;
    this.issuedAtLocal = this.options.clock.now();
    this.expiresAtLocal = this.localExpiry(renewed.expiresAt, answer.serverDateMs);
    this.failures = 0;
    this.options.onRenewed(renewed);
    this.scheduleRenewal();
    return renewed.token;
  }

  private failed(error: ApiError): void {
    const refused = error.status !== null && error.status >= 400 && error.status < 500;
    if (refused || this.expired) {
      this.end(this.expired ? "expired" : "refused", error.message);
      return;
    }
    this.failures += 1;
    const backoff = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
    this.schedule(Math.min(backoff, this.expiresAtLocal - this.options.clock.now()));
  }

  private scheduleRenewal(): void {
    const remaining = this.expiresAtLocal - this.options.clock.now();
    if (this.atMaxAge) {
      this.schedule(remaining);
      return;
    }
    const lifetime = this.expiresAtLocal - this.issuedAtLocal;
    this.schedule(Math.min(remaining, lifetime * RENEW_AT - (this.options.clock.now() - this.issuedAtLocal)));
  }

  private schedule(ms: number): void {
    this.clear();
    if (this.stopped) return;
    const delay = Math.max(0, Math.floor(ms));
    this.nextAt = this.options.clock.now() + delay;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.step();
    }, delay);
  }

  private step(): void {
    if (this.stopped) return;
    if (this.expired) {
      this.end("expired", this.atMaxAge ? "the session reached its maximum age" : "the token lapsed before it could be renewed");
      return;
    }
    // A failure schedules its own retry or ends the session; nothing to do with it here.
    this.renewNow().catch(() => undefined);
  }

  private end(cause: SessionEndCause, why: string): void {
    if (this.stopped) return;
    this.stop();
    this.options.onEnded(cause, why);
  }

  private localExpiry(expiresAt: string, serverDateMs: number | null): number {
    const expiry = Date.parse(expiresAt);
    const now = this.options.clock.now();
    const lifetime = serverDateMs === null ? expiry - now : expiry - serverDateMs - DATE_RESOLUTION_MS;
    return now + Math.max(0, lifetime);
  }

  private clear(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
