import { randomUUID } from "node:crypto";
import type { SessionEndReason } from "@handoff/contract";
import type { AgentRow, AgentsStore } from "../store/agents";
import type { RememberedSignInsStore } from "../store/remembered-sign-ins";
import type { IssuedToken, SessionService } from "./sessions";

/** What a browser's cookie names: a remembered sign-in and which of its generations. Signed by the HTTP layer. */
export interface RememberedRef {
  readonly id: string;
  readonly generation: number;
}

export interface Remembered {
  readonly ref: RememberedRef;
  readonly expiresAtMs: number;
}

/** The cookie cannot be exchanged; `revoked` says it was a copy and the sign-in it named is over. */
export class RememberedSignInRefusedError extends Error {
  override readonly name = "RememberedSignInRefusedError";
  constructor(
    message: string,
    readonly revoked = false,
  ) {
    super(message);
  }
}

/** Session ends that also end the remembered sign-in: the agent signed out, or a copied token was seen. */
const ENDS_REMEMBERING: ReadonlySet<SessionEndReason> = new Set(["signed_out", "revoked"]);

export const refToString = (ref: RememberedRef) => `${ref.id}.${ref.generation}`;

export function parseRef(value: string): RememberedRef | null {
  const match = /^([0-9a-f-]{36})\.(\d{1,9})$/.exec(value);
  return match === null ? null : { id: match[1] as string, generation: Number(match[2]) };
}

/**
 * "Remember me" in a browser, as refresh-token rotation (OAuth 2.0 Security BCP §4.14.2): a
 * remembered sign-in hands out one cookie generation at a time; exchanging it (resume) starts a
 * new session and moves to the next generation. It lasts as long as the sign-in it came from
 * could (never extended), and ends with sign-out or a revoked session.
 *
 *   sign-in (remember) ─▶ live(gen 1) ──resume(gen n)──▶ live(gen n+1), new session, the previous one ended (replaced)
 *                           ├── resume with an older generation ─▶ revoked (someone holds a copy), its session ended
 *                           ├── sign-out / session revoked ──────▶ revoked
 *                           └── maximum age ─────────────────────▶ refused
 *
 * The session's access token dying (the page was closed) does not end it: that is what it is for.
 */
export class RememberedSignIns {
  constructor(
    private readonly sessions: SessionService,
    private readonly store: RememberedSignInsStore,
    private readonly agents: Pick<AgentsStore, "byId">,
    private readonly maxAgeSeconds: number,
    private readonly nowMs: () => number = Date.now,
    private readonly newId: () => string = randomUUID,
  ) {
    sessions.onEnded((sessionId, _agentId, reason) => {
      if (ENDS_REMEMBERING.has(reason)) void this.forgetSession(sessionId, reason).catch(() => undefined);
    });
  }

  /** Remembers the sign-in that just started `sessionId`. */
  async remember(agentId: string, sessionId: string): Promise<Remembered> {
    const now = this.nowMs();
    const ref = { id: this.newId(), generation: 1 };
    const expiresAtMs = now + this.maxAgeSeconds * 1000;
    await this.store.create({ id: ref.id, agent_id: agentId, generation: ref.generation, session_id: sessionId, created_at: new Date(now).toISOString(), expires_at: new Date(expiresAtMs).toISOString() });
    return { ref, expiresAtMs };
  }

  /** Exchanges a cookie for a new session and the next cookie; RememberedSignInRefusedError when it cannot. */
  async resume(ref: RememberedRef): Promise<{ remembered: Remembered; session: IssuedToken; agent: AgentRow }> {
    const row = await this.store.byId(ref.id);
    if (row === undefined) throw new RememberedSignInRefusedError("this browser's sign-in is not known here");
    if (row.revoked_at !== null) throw new RememberedSignInRefusedError("this browser's sign-in has ended");
    const now = this.nowMs();
    const expiresAtMs = Date.parse(row.expires_at);
    if (now >= expiresAtMs) {
      await this.store.revoke(row.id, "expired", new Date(now));
      throw new RememberedSignInRefusedError("this browser's sign-in has reached its maximum age");
    }
    // An older generation back again, or the same one exchanged twice: two holders of one cookie.
    if (ref.generation !== row.generation || !(await this.store.advance(row.id, ref.generation, ref.generation + 1, row.session_id))) {
      await this.revoke(row.id, row.session_id);
      throw new RememberedSignInRefusedError("this sign-in's cookie was used twice, so it was ended in case someone copied it", true);
    }
    const agent = await this.agents.byId(row.agent_id);
    if (agent === undefined) {
      await this.store.revoke(row.id, "agent_removed", new Date(now));
      throw new RememberedSignInRefusedError("this browser's agent no longer exists");
    }
    const session = await this.sessions.start({ id: agent.id, role: agent.role }, { exclusive: agent.extension !== null, notAfterMs: expiresAtMs });
    // The generation already moved on above; this only records which session it now belongs to.
    await this.store.advance(row.id, ref.generation + 1, ref.generation + 1, session.sessionId);
    await this.sessions.end(row.session_id, "replaced");
    return { remembered: { ref: { id: row.id, generation: ref.generation + 1 }, expiresAtMs }, session, agent };
  }

  /** Ends the remembered sign-in that started or last resumed `sessionId`, if any. */
  async forgetSession(sessionId: string, reason: string): Promise<void> {
    const row = await this.store.bySession(sessionId);
    if (row !== undefined) await this.store.revoke(row.id, reason, new Date(this.nowMs()));
  }

  private async revoke(id: string, sessionId: string): Promise<void> {
    await this.store.revoke(id, "reused", new Date(this.nowMs()));
    await this.sessions.end(sessionId, "revoked");
  }
}
