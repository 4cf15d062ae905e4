import type { SessionEndReason } from "@handoff/contract";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AgentsStore } from "../store/agents";
import { openDatabase, type Db } from "../store/database";
import { SessionsStore } from "../store/sessions";
import { RENEW_RETRY_GRACE_MS, SessionService } from "./sessions";
import { TokenService } from "./tokens";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const T0 = Date.parse("2026-11-21T08:00:00Z");
const ALICE = { id: "agent-alice", role: "agent" as const };

let db: Db;
let clock: { now: number };
let ended: Array<[string, SessionEndReason]>;

function service(maxAgeSeconds = 43_200): SessionService {
  const sessions = new SessionService(new TokenService(SECRET, 900, () => clock.now), new SessionsStore(db), maxAgeSeconds, () => clock.now);
  sessions.onEnded((sessionId, _agentId, reason) => ended.push([sessionId, reason]));
  return sessions;
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  clock = { now: T0 };
  ended = [];
  db = await openDatabase({ databaseUrl: undefined, sqlitePath: ":memory:" });
  await new AgentsStore(db).upsert([{ id: ALICE.id, username: "alice", name: "Alice", extension: "1001", role: "agent", passwordHash: "x" }]);
});

afterEach(async () => {
  vi.useRealTimers();
  await db.destroy();
});

describe("SessionService", () => {
  it("accepts the token a sign-in issued, with its session and agent", async () => {
    const sessions = service();
    const { token, sessionId, expiresAt } = await sessions.start(ALICE);
    expect(expiresAt).toBe("2026-11-21T08:15:00.000Z");
    const { claims } = await sessions.verify(token);
    expect(claims).toMatchObject({ agentId: ALICE.id, role: "agent", sessionId });
    expect((await db.selectFrom("sessions").selectAll().executeTakeFirstOrThrow()).max_expires_at).toBe("2026-11-21T20:00:00.000Z");
  });

  it("rotates on renewal: the new token works and the old one is refused at once", async () => {
    const sessions = service();
    const first = await sessions.start(ALICE);
    clock.now += 60_000;
    const second = await sessions.renew(first.token);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.expiresAt).toBe("2026-11-21T08:16:00.000Z");
    await expect(sessions.verify(first.token)).rejects.toThrow("renewed; use the newer one");
    expect((await sessions.verify(second.token)).claims.sessionId).toBe(first.sessionId);
    expect(ended).toEqual([]);
  });

  it("ends the whole session when a replaced token is renewed again once the new one is in use (reuse)", async () => {
    const sessions = service();
    const first = await sessions.start(ALICE);
    const second = await sessions.renew(first.token);
    await sessions.verify(second.token);
    await expect(sessions.renew(first.token)).rejects.toThrow("already renewed once");
    await expect(sessions.verify(second.token)).rejects.toThrow("ended for safety");
    await expect(sessions.renew(second.token)).rejects.toThrow("ended for safety");
    expect(ended).toEqual([[first.sessionId, "revoked"]]);
    expect(await db.selectFrom("sessions").select(["revoked_reason"]).executeTakeFirstOrThrow()).toEqual({ revoked_reason: "revoked" });
  });

  it("a renewal asked again because its answer was lost gets the same new token, and the session goes on", async () => {
    const sessions = service();
    const first = await sessions.start(ALICE);
    const second = await sessions.renew(first.token);
    clock.now += 5_000;
    const again = await sessions.renew(first.token);
    expect(again).toEqual(second);
    expect((await sessions.verify(again.token)).claims.sessionId).toBe(first.sessionId);
    await expect(sessions.verify(first.token)).rejects.toThrow("renewed; use the newer one");
    expect(ended).toEqual([]);
  });

  it("a replaced token asking again after the grace is a copy: the session ends", async () => {
    const sessions = service();
    const first = await sessions.start(ALICE);
    await sessions.renew(first.token);
    clock.now += RENEW_RETRY_GRACE_MS + 1;
    await expect(sessions.renew(first.token)).rejects.toThrow("already renewed once");
    expect(ended).toEqual([[first.sessionId, "revoked"]]);
  });

  it("one token renewed twice at the same moment gives both the same new token: the session never forks", async () => {
    const sessions = service();
    const { token, sessionId } = await sessions.start(ALICE);
    const [a, b] = await Promise.all([sessions.renew(token), sessions.renew(token)]);
    expect(a).toEqual(b);
    expect((await sessions.verify(a.token)).claims.sessionId).toBe(sessionId);
    expect(await db.selectFrom("sessions").select(["current_jti"]).executeTakeFirstOrThrow()).toEqual({ current_jti: (await sessions.verify(a.token)).claims.tokenId });
    expect(ended).toEqual([]);
  });

  it("never renews past the session's maximum age", async () => {
    const sessions = service(1_800);
    const first = await sessions.start(ALICE);
    clock.now = T0 + 800_000;
    const middle = await sessions.renew(first.token);
    clock.now = T0 + 1_500_000;
    const last = await sessions.renew(middle.token);
    // Capped at the session's end (08:30), not 15 minutes on (08:40).
    expect(last.expiresAt).toBe("2026-11-21T08:30:00.000Z");
    clock.now = T0 + 1_800_000;
    await expect(sessions.renew(last.token)).rejects.toThrow("expired");
  });

  it("ends a session whose current token expires unrenewed, and tells its listeners then", async () => {
    const sessions = service();
    const { token, sessionId } = await sessions.start(ALICE);
    clock.now = T0 + 900_000 - 1;
    vi.advanceTimersByTime(900_000 - 1);
    expect(ended).toEqual([]);
    clock.now = T0 + 900_000;
    vi.advanceTimersByTime(1);
    await vi.waitFor(() => expect(ended).toEqual([[sessionId, "expired"]]));
    await expect(sessions.verify(token)).rejects.toThrow("expired");
  });

  it("signs out: the token is refused at once and the reason is kept", async () => {
    const sessions = service();
    const { token, sessionId } = await sessions.start(ALICE);
    await sessions.end(sessionId, "signed_out");
    await sessions.end(sessionId, "revoked");
    await expect(sessions.verify(token)).rejects.toThrow("you signed out");
    await expect(sessions.renew(token)).rejects.toThrow("you signed out");
    expect(ended).toEqual([[sessionId, "signed_out"]]);
  });

  it("after a restart reads sessions back from the store: live ones work, ended and replaced tokens do not", async () => {
    const before = service();
    const live = await before.start(ALICE);
    const renewed = await before.renew(live.token);
    const out = await before.start(ALICE);
    await before.end(out.sessionId, "signed_out");
    before.close();

    const after = service();
    expect((await after.verify(renewed.token)).claims.sessionId).toBe(live.sessionId);
    await expect(after.verify(live.token)).rejects.toThrow("renewed");
    await expect(after.verify(out.token)).rejects.toThrow("you signed out");
  });

  it("refuses a well-signed token of a session it never issued", async () => {
    const forged = await new TokenService(SECRET, 900, () => clock.now).issue({ agentId: ALICE.id, role: "agent", sessionId: "no-such-session", tokenId: "t" }, new Date(clock.now));
    await expect(service().verify(forged.token)).rejects.toThrow("session is unknown");
  });

  it("an exclusive sign-in ends the agent's older live sessions as replaced; their tokens are refused", async () => {
    const sessions = service();
    const older = await sessions.start(ALICE, { exclusive: true });
    const signedOut = await sessions.start(ALICE);
    await sessions.end(signedOut.sessionId, "signed_out");
    ended = [];
    const newer = await sessions.start(ALICE, { exclusive: true });
    expect(ended).toEqual([[older.sessionId, "replaced"]]);
    await expect(sessions.verify(older.token)).rejects.toThrow("a newer sign-in replaced this session");
    expect((await sessions.verify(newer.token)).claims.sessionId).toBe(newer.sessionId);
  });

  it("a sign-in that is not exclusive (a bot's) leaves the other sessions alone", async () => {
    const sessions = service();
    const first = await sessions.start(ALICE);
    await sessions.start(ALICE);
    expect(ended).toEqual([]);
    expect((await sessions.verify(first.token)).claims.sessionId).toBe(first.sessionId);
  });

  it("watch, after a restart: a live session lapses one token lifetime later unless renewed; ended and unknown ones say so", async () => {
    const before = service();
    const live = await before.start(ALICE);
    const out = await before.start(ALICE);
    await before.end(out.sessionId, "signed_out");
    before.close();

    ended = [];
    const after = service();
    expect(await after.watch(out.sessionId)).toBe("ended");
    expect(await after.watch("no-such-session")).toBe("unknown");
    expect(await after.watch(live.sessionId)).toBe("live");
    clock.now += 900_000;
    vi.advanceTimersByTime(900_000);
    await vi.waitFor(() => expect(ended).toEqual([[live.sessionId, "expired"]]));
  });
});
