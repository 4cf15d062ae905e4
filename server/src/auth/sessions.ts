import { randomUUID } from "node:crypto";
import type { Role, SessionEndReason } from "@handoff/contract";
import type { SessionsStore } from "../store/sessions";
import { InvalidTokenError, type TokenClaims, type TokenService } from "./tokens";

export interface IssuedToken {
  token: string;
  expiresAt: string;
  sessionId: string;
}

/** What this process knows of one session: the store is the source, this the copy every request reads. */
interface SessionState {
  agentId: string;
  currentJti: string;
  maxExpiresAtMs: number;
  /** When the token the session accepts now expires: the session lapses then unless renewed. */
  expiresAtMs: number;
  ended: SessionEndReason | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** The last renewal, kept so that a client whose answer was lost can ask again and get the same token. */
  lastRenewal: LastRenewal | null;
}

interface LastRenewal {
  fromJti: string;
  toJti: string;
  atMs: number;
  issued: Promise<IssuedToken>;
  /** The new token has been seen in use: its holder got the answer, so the old token asking again is a copy. */
  used: boolean;
}

/** How long the token a renewal replaced may ask again (its answer lost on the way) and get the same new token. */
export const RENEW_RETRY_GRACE_MS = 60_000;

const ENDED_MESSAGES: Record<SessionEndReason, string> = {
  signed_out: "you signed out",
  revoked: "the session was ended for safety",
  expired: "the session has expired",
  replaced: "a newer sign-in replaced this session",
};

// setTimeout cannot wait longer than 2^31-1 ms; a longer wait is taken in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Sign-in sessions over short-lived tokens. Each token names its session (sid) and
 * its own id (jti); a session accepts exactly one jti at a time:
 *
 *   login ──▶ live ──renew (rotates the jti)──▶ live
 *              │
 *              ├── logout ─────────────────▶ ended (signed_out)
 *              ├── an exclusive sign-in ───▶ ended (replaced: the same agent signed in anew)
 *              ├── renew of a replaced jti ─▶ ended (revoked: someone holds a copy)
 *              └── current token expires ──▶ ended (expired)
 *
 * No token outlives the session's maximum age. Every check reads memory, so a
 * revocation takes effect for the very next request and socket; the database
 * holds the same facts for a restart (read back the first time a session is seen).
 */
export class SessionService {
  private readonly sessions = new Map<string, SessionState>();
  private readonly loading = new Map<string, Promise<SessionState | undefined>>();
  private readonly endedListeners = new Set<(sessionId: string, agentId: string, reason: SessionEndReason) => void>();

  constructor(
    private readonly tokens: TokenService,
    private readonly store: SessionsStore,
    private readonly maxAgeSeconds: number,
    private readonly nowMs: () => number = Date.now,
    private readonly newId: () => string = randomUUID,
  ) {}

  /**
   * A new session for an agent who just proved who they are. `exclusive`: the agent's other live
   * sessions end as "replaced" (an agent with a phone has one registration, so one session).
   * `notAfterMs` caps it (a remembered sign-in's own end).
   */
  async start(agent: { id: string; role: Role }, { exclusive = false, notAfterMs = Infinity }: { exclusive?: boolean; notAfterMs?: number } = {}): Promise<IssuedToken> {
    const now = this.nowMs();
    const sessionId = this.newId();
    const tokenId = this.newId();
    const maxExpiresAtMs = Math.min(now + this.maxAgeSeconds * 1000, notAfterMs);
    const issued = await this.tokens.issue({ agentId: agent.id, role: agent.role, sessionId, tokenId }, new Date(now), new Date(maxExpiresAtMs));
    await this.store.create({ id: sessionId, agent_id: agent.id, created_at: new Date(now).toISOString(), max_expires_at: new Date(maxExpiresAtMs).toISOString(), current_jti: tokenId });
    this.remember(sessionId, { agentId: agent.id, currentJti: tokenId, maxExpiresAtMs, expiresAtMs: issued.expiresAtMs, ended: null, timer: null, lastRenewal: null });
    if (exclusive) {
      for (const older of await this.store.liveOf(agent.id, new Date(now))) if (older !== sessionId) await this.end(older, "replaced");
    }
    return { token: issued.token, expiresAt: issued.expiresAt, sessionId };
  }

  /**
   * Whether a session (named by something other than a token, such as a SIP credential after a restart)
   * is still live. A live one is watched from now on: unless renewed within one token lifetime it ends as
   * expired, since no token it held before the restart outlives that. "unknown": not in this store.
   */
  async watch(sessionId: string): Promise<"live" | "ended" | "unknown"> {
    const state = this.sessions.get(sessionId) ?? (await this.load(sessionId));
    if (state === undefined) return "unknown";
    if (state.ended !== null) return "ended";
    const now = this.nowMs();
    if (now >= state.maxExpiresAtMs) {
      await this.end(sessionId, "expired");
      return "ended";
    }
    state.expiresAtMs = Math.min(state.expiresAtMs, state.maxExpiresAtMs, now + this.tokens.lifetimeMs);
    this.schedule(sessionId, state);
    return "live";
  }

  /** The claims of a token its session accepts now, with when it expires; otherwise InvalidTokenError saying why. */
  async verify(token: string): Promise<{ claims: TokenClaims; expiresAtMs: number }> {
    const verified = await this.tokens.verifyWithExpiry(token);
    const state = await this.stateOf(verified.claims, verified.expiresAtMs);
    if (state.ended !== null) throw new InvalidTokenError(ENDED_MESSAGES[state.ended]);
    if (state.currentJti !== verified.claims.tokenId) throw new InvalidTokenError("the token was renewed; use the newer one");
    if (state.lastRenewal?.toJti === verified.claims.tokenId) state.lastRenewal.used = true;
    return verified;
  }

  /**
   * Rotates the session's token. The token just replaced may ask again for a short while, until
   * the new one is used (its answer was lost, or a second tab asked at the same moment): it gets
   * the same new token, so the session never forks. Any other renewal of a replaced token means
   * two holders of one token (a stolen copy): the whole session ends.
   */
  async renew(token: string): Promise<IssuedToken> {
    const { claims, expiresAtMs } = await this.tokens.verifyWithExpiry(token);
    const state = await this.stateOf(claims, expiresAtMs);
    if (state.ended !== null) throw new InvalidTokenError(ENDED_MESSAGES[state.ended]);
    const now = this.nowMs();
    if (state.currentJti !== claims.tokenId) {
      const last = state.lastRenewal;
      if (last !== null && last.fromJti === claims.tokenId && !last.used && now - last.atMs <= RENEW_RETRY_GRACE_MS) return last.issued;
      await this.end(claims.sessionId, "revoked");
      throw new InvalidTokenError("this token was already renewed once, so the session was ended in case someone copied it");
    }
    if (now >= state.maxExpiresAtMs) {
      await this.end(claims.sessionId, "expired");
      throw new InvalidTokenError(ENDED_MESSAGES.expired);
    }
    // Synchronously, before any await: a second renewal of the same token now sees it replaced, and this renewal.
    const previous = state.currentJti;
    const tokenId = this.newId();
    state.currentJti = tokenId;
    const issued = this.rotate(claims, state, previous, tokenId, now);
    state.lastRenewal = { fromJti: previous, toJti: tokenId, atMs: now, issued, used: false };
    return issued;
  }

  private async rotate(claims: TokenClaims, state: SessionState, previous: string, tokenId: string, now: number): Promise<IssuedToken> {
    try {
      const issued = await this.tokens.issue({ ...claims, tokenId }, new Date(now), new Date(state.maxExpiresAtMs));
      // Another server replica (or a restart's stale memory) rotated first: two holders of one token.
      if (!(await this.store.rotate(claims.sessionId, previous, tokenId))) {
        await this.end(claims.sessionId, "revoked");
        throw new InvalidTokenError("the session was renewed elsewhere at the same moment, so it was ended in case someone copied its token");
      }
      state.expiresAtMs = issued.expiresAtMs;
      this.schedule(claims.sessionId, state);
      return { token: issued.token, expiresAt: issued.expiresAt, sessionId: claims.sessionId };
    } catch (error) {
      if (state.currentJti === tokenId && state.ended === null) {
        state.currentJti = previous;
        state.lastRenewal = null;
      }
      throw error;
    }
  }

  /** Ends a session (sign-out, revocation, expiry) and tells whoever listens; ending it again changes nothing. */
  async end(sessionId: string, reason: SessionEndReason): Promise<void> {
    const state = this.sessions.get(sessionId) ?? (await this.load(sessionId));
    if (state === undefined || state.ended !== null) return;
    state.ended = reason;
    this.schedule(sessionId, state);
    for (const listener of this.endedListeners) listener(sessionId, state.agentId, reason);
    await this.store.revoke(sessionId, reason, new Date(this.nowMs()));
  }

  /** Another replica ended this session (and told its apps and the database): its tokens are refused here too, from now on. */
  endedElsewhere(sessionId: string, reason: SessionEndReason): void {
    const state = this.sessions.get(sessionId);
    if (state === undefined || state.ended !== null) return;
    state.ended = reason;
    this.schedule(sessionId, state);
  }

  onEnded(listener: (sessionId: string, agentId: string, reason: SessionEndReason) => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  close(): void {
    for (const state of this.sessions.values()) if (state.timer !== null) clearTimeout(state.timer);
    this.sessions.clear();
  }

  private async stateOf(claims: TokenClaims, tokenExpiresAtMs: number): Promise<SessionState> {
    const known = this.sessions.get(claims.sessionId);
    if (known !== undefined) return known;
    const loaded = await this.load(claims.sessionId, claims.tokenId, tokenExpiresAtMs);
    if (loaded === undefined || loaded.agentId !== claims.agentId) throw new InvalidTokenError("the session is unknown");
    return loaded;
  }

  /** Reads a session this process has not seen (after a restart); the token that brought it tells when its current token expires. */
  private load(sessionId: string, tokenId?: string, tokenExpiresAtMs?: number): Promise<SessionState | undefined> {
    const pending = this.loading.get(sessionId);
    if (pending !== undefined) return pending;
    const promise = this.store.byId(sessionId).then((row) => {
      const again = this.sessions.get(sessionId);
      if (again !== undefined || row === undefined) return again;
      const maxExpiresAtMs = Date.parse(row.max_expires_at);
      const state: SessionState = {
        agentId: row.agent_id,
        currentJti: row.current_jti,
        maxExpiresAtMs,
        expiresAtMs: tokenId === row.current_jti && tokenExpiresAtMs !== undefined ? tokenExpiresAtMs : maxExpiresAtMs,
        ended: (row.revoked_reason as SessionEndReason | null) ?? null,
        timer: null,
        lastRenewal: null,
      };
      this.remember(sessionId, state);
      return state;
    });
    this.loading.set(sessionId, promise);
    return promise.finally(() => this.loading.delete(sessionId));
  }

  private remember(sessionId: string, state: SessionState): void {
    this.sessions.set(sessionId, state);
    this.schedule(sessionId, state);
  }

  /** A live session ends when its current token expires; an ended one is forgotten once no token of it could verify. */
  private schedule(sessionId: string, state: SessionState): void {
    if (state.timer !== null) clearTimeout(state.timer);
    const at = state.ended === null ? state.expiresAtMs : Math.max(state.expiresAtMs, this.nowMs());
    const wait = Math.min(MAX_TIMER_MS, Math.max(0, at - this.nowMs()));
    state.timer = setTimeout(() => {
      state.timer = null;
      if (this.nowMs() < at) return this.schedule(sessionId, state);
      if (state.ended === null) {
        void this.end(sessionId, "expired").catch(() => undefined);
      } else if (this.sessions.get(sessionId) === state) {
        this.sessions.delete(sessionId);
      }
    }, wait);
    state.timer.unref?.();
  }
}
