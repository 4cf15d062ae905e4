import type { ExecuteTransferRequest, RealtimeState, SessionEnded, Transfer } from "@handoff/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "../src/api-error";
import { HandoffClient, type ClientEvents, type HandoffClientOptions } from "../src/handoff-client";
import type { ClientLog } from "../src/host";
import { browserTransport, nodeTransport, type Transport } from "../src/transport";
import { errorAnswer, FakeHandoffServer } from "./support/fake-handoff-server";
import {
  auditEntry,
  BOB_ID,
  boardAgent,
  callContext,
  callRecord,
  directoryEntry,
  loginResponse,
  queueFigures,
  queueSettings,
  queueState,
  RENEWED_TOKEN,
  TOKEN,
  transfer,
  TRANSFER_ID,
} from "./support/fixtures";
import { ManualClock, until } from "./support/manual-clock";

/**
 * The client's rules, written once and run against both transports: Electron main's
 * (Node's http) and the web app's (fetch), each over a real socket to a real server.
 */

const silent: ClientLog = { info: () => undefined, warn: () => undefined };
const request: ExecuteTransferRequest = { callId: "abc@pbx", target: { kind: "extension", value: "1002" }, mode: "blind" };
const ok = (body: unknown, status = 200) => ({ status, body });
const transferAnswer = ok({ transfer: transfer() }, 202);
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe.each([
  ["Electron main (node http)", nodeTransport],
  ["web app (fetch)", browserTransport],
] as Array<[string, Transport]>)("HandoffClient over %s", (_name, transport) => {
  let server: FakeHandoffServer;
  let client: HandoffClient | null;
  let seen: { [E in keyof ClientEvents]: Array<ClientEvents[E]> };

  beforeEach(async () => {
    server = await FakeHandoffServer.start();
    server.on("POST", "/api/auth/login", ok(loginResponse())).on("POST", "/api/auth/logout", ok({ signedOut: true }));
    client = null;
  });
  afterEach(async () => {
    await client?.signOut();
    await server.close();
  });

  function make(options: Partial<HandoffClientOptions> = {}): HandoffClient {
    const subject = new HandoffClient({ transport, retry: { attempts: 3, delaysMs: [1, 5], jitter: 0 }, log: silent, realtime: false, ...options });
    seen = {
      "transfer.updated": [],
      "conference.updated": [],
      "presence.updated": [],
      "call.context": [],
      "pbx.status": [],
      "monitoring.updated": [],
      "monitoring.notice": [],
      "agent.queue_state": [],
      "queue.figures": [],
      "board.agent": [],
      "supervisor.audit": [],
      "realtime.state": [],
      "session.ended": [],
      "token.renewed": [],
    };
    for (const event of Object.keys(seen) as Array<keyof ClientEvents>) subject.on(event, (payload) => (seen[event] as unknown[]).push(payload));
    client = subject;
    return subject;
  }

  async function signedIn(options: Partial<HandoffClientOptions> = {}, serverUrl = server.url): Promise<HandoffClient> {
    const subject = make(options);
    await subject.signIn({ serverUrl, username: "alice", password: "pw" });
    return subject;
  }

  const keysOf = (path: string) => server.seen("POST", path).map((r) => r.headers["idempotency-key"]);

  describe("calls", () => {
    it("logs in without a token, then sends the bearer token on every call and reads each answer", async () => {
      server
        .on("GET", "/api/agents", ok({ agents: [directoryEntry()] }))
        .on("GET", "/api/transfers/available-agents", (r) => ok({ agents: r.query.get("search") === "bo" ? [directoryEntry()].map(({ role: _role, ...rest }) => rest) : [] }))
        .on("GET", "/api/transfers/trunks", ok({ trunks: [{ name: "lab", label: "Lab PBX" }] }))
        .on("PUT", "/api/agents/me/status", ok({ status: "away", presence: "away" }))
        .on("POST", `/api/transfers/${TRANSFER_ID}/complete`, ok({ transfer: transfer({ status: "completed" }) }))
        .on("POST", `/api/transfers/${TRANSFER_ID}/cancel`, ok({ transfer: transfer({ status: "cancelled" }) }))
        .on("GET", "/api/calls/history", ok({ calls: [] }));
      const api = make();
      const { session, token } = await api.signIn({ serverUrl: `${server.url}/`, username: "alice", password: "pw" });
      expect(session).toEqual({ serverUrl: server.url, agent: loginResponse().agent, sip: loginResponse().sip });
      expect(token.token).toBe(TOKEN);
      expect(server.requests[0]?.body).toEqual({ username: "alice", password: "pw" });
      expect(server.requests[0]?.headers.authorization).toBeUndefined();
      expect(await api.directory()).toHaveLength(1);
      expect(await api.availableAgents(" bo ")).toHaveLength(1);
      expect(await api.trunks()).toEqual([{ name: "lab", label: "Lab PBX" }]);
      expect(await api.setStatus("away")).toEqual({ status: "away", presence: "away" });
      expect((await api.completeTransfer(TRANSFER_ID)).status).toBe("completed");
      expect((await api.cancelTransfer(TRANSFER_ID)).status).toBe("cancelled");
      expect(await api.callHistory()).toEqual([]);
      expect(server.requests.slice(1).map((r) => r.headers.authorization)).toEqual(Array(7).fill(`Bearer ${TOKEN}`));
      expect(server.seen("PUT", "/api/agents/me/status")[0]?.body).toEqual({ status: "away" });
      // A POST with nothing to say still carries JSON: the server refuses a form Content-Type (415).
      for (const request of server.seen("POST", `/api/transfers/${TRANSFER_ID}/complete`)) expect(request.headers["content-type"]).toMatch(/^application\/json/);
    });

    it("keeps a mount path of the server URL, for REST and the socket", async () => {
      server.on("POST", "/handoff/api/auth/login", ok(loginResponse())).on("GET", "/handoff/api/agents", ok({ agents: [] }));
      const api = await signedIn({}, `${server.url}/handoff/`);
      expect(api.session?.serverUrl).toBe(`${server.url}/handoff`);
      expect(await api.directory()).toEqual([]);
    });

    it("checks arguments with the contract before sending anything", async () => {
      const api = await signedIn();
      expect((await failure(api.executeTransfer({ ...request, target: { kind: "external", value: "12" } }))).code).toBe("invalid_request");
      expect((await failure(api.completeTransfer("not-a-uuid"))).code).toBe("invalid_request");
      expect((await failure(make().signIn({ serverUrl: "ftp://host", username: "a", password: "b" }))).code).toBe("invalid_request");
      expect(server.requests.map((r) => r.path)).toEqual(["/api/auth/login"]);
    });

    it("refuses to call without a session, without sending", async () => {
      expect((await failure(make().directory())).code).toBe("signed_out");
      expect(server.requests).toHaveLength(0);
    });
  });

  describe("errors are a typed union", () => {
    it("carries the server's own code, status and message", async () => {
      server.on("POST", "/api/auth/login", errorAnswer(401, "unauthenticated", "Wrong username or password."));
      const error = await failure(make().signIn({ serverUrl: server.url, username: "alice", password: "bad" }));
      expect(error).toMatchObject({ code: "unauthenticated", status: 401, message: "Wrong username or password." });
      expect(error.outcomeUnknown).toBe(false);
    });

    it("network: nothing listens", async () => {
      const url = server.url;
      await server.close();
      server = await FakeHandoffServer.start();
      const error = await failure(make().signIn({ serverUrl: url, username: "a", password: "b" }));
      expect(error.code).toBe("network");
      expect(error.message).toMatch(/^Cannot reach the Handoff server at http:\/\/127\.0\.0\.1:\d+ \(.+\)\. Check the server address/);
      expect(error.outcomeUnknown).toBe(true);
    });

    it("timeout: no answer in time", async () => {
      server.on("POST", "/api/auth/login", { ...ok(loginResponse()), delayMs: 400 });
      const error = await failure(make({ timeoutMs: 50 }).signIn({ serverUrl: server.url, username: "a", password: "b" }));
      expect(error.code).toBe("timeout");
      expect(error.message).toContain("did not answer in time");
    });

    it("bad_response: a 2xx outside the contract, or an unreadable expiry", async () => {
      server.on("GET", "/api/agents", ok({ agents: [{ id: 1 }] }));
      const api = await signedIn();
      expect(await failure(api.directory())).toMatchObject({ code: "bad_response", message: expect.stringContaining("unexpected answer to GET /api/agents") });
      server.on("POST", "/api/auth/login", ok(loginResponse({ expiresAt: "soon" })));
      expect((await failure(make().signIn({ serverUrl: server.url, username: "a", password: "b" }))).code).toBe("bad_response");
    });

    it("a 5xx without the Handoff shape names its status, not its page", async () => {
      server.on("GET", "/api/agents", { status: 502, text: "<html>Bad gateway</html>" });
      const error = await failure((await signedIn({ retry: { attempts: 1, delaysMs: [], jitter: 0 } })).directory());
      expect(error).toMatchObject({ code: "internal", status: 502 });
      expect(error.message).toContain("answered 502");
      expect(error.message).not.toContain("<html>");
    });

    it("does not follow a redirect (it would carry the token elsewhere)", async () => {
      let followed = false;
      server.on("GET", "/api/agents", { status: 302, headers: { Location: "/elsewhere" } }).on("GET", "/elsewhere", () => {
        followed = true;
        return ok({ agents: [] });
      });
      const error = await failure((await signedIn()).directory());
      expect(followed).toBe(false);
      expect(error.code).toBe("bad_response");
      expect(error.message).toContain("redirected");
    });
  });

  describe("a bot's handoff", () => {
    it("sends the request as the contract has it and reads the transfer; a malformed one is refused before sending", async () => {
      server.on("POST", "/api/handoffs", ok({ transfer: transfer() }, 202));
      const api = await signedIn();
      const handoff = { uniqueId: "1733216400.42", target: { kind: "queue", value: "support" }, context: { reason: "asked for a person", summary: "pressed 0" } } as const;
      expect((await api.handoff(handoff)).id).toBe(TRANSFER_ID);
      expect(server.seen("POST", "/api/handoffs")[0]?.body).toEqual(handoff);
      expect((await failure(api.handoff({ ...handoff, channel: "PJSIP/x" }))).code).toBe("invalid_request");
      expect(server.seen("POST", "/api/handoffs")).toHaveLength(1);
    });
  });

  describe("retries", () => {
    it("retries a read on no answer and on 5xx, at most three times in all", async () => {
      server.on("GET", "/api/agents", (_r, n) => (n === 1 ? { drop: true } : n === 2 ? errorAnswer(503, "pbx_unavailable", "The PBX is unreachable.") : ok({ agents: [] })));
      const api = await signedIn();
      expect(await api.directory()).toEqual([]);
      server.on("GET", "/api/calls/history", errorAnswer(500, "internal", "Something went wrong on the server."));
      expect((await failure(api.callHistory())).status).toBe(500);
      expect(server.seen("GET", "/api/calls/history")).toHaveLength(3);
    });

    it("never retries a refusal (4xx)", async () => {
      server.on("POST", "/api/transfers/execute", errorAnswer(409, "conflict", "This call is already being transferred.")).on("GET", "/api/agents", errorAnswer(429, "rate_limited", "Too many requests."));
      const api = await signedIn();
      expect(await failure(api.executeTransfer(request))).toMatchObject({ code: "conflict", status: 409, message: "This call is already being transferred." });
      expect((await failure(api.directory())).code).toBe("rate_limited");
      expect(server.seen("POST", "/api/transfers/execute")).toHaveLength(1);
      expect(server.seen("GET", "/api/agents")).toHaveLength(1);
    });

    it("never repeats by itself what acts on every arrival and has no key: login, complete, cancel", async () => {
      server.on("POST", `/api/transfers/${TRANSFER_ID}/complete`, { drop: true }).on("POST", `/api/transfers/${TRANSFER_ID}/cancel`, errorAnswer(503, "pbx_unavailable", "The PBX is unreachable."));
      const api = await signedIn();
      expect((await failure(api.completeTransfer(TRANSFER_ID))).code).toBe("network");
      expect((await failure(api.cancelTransfer(TRANSFER_ID))).status).toBe(503);
      expect(server.seen("POST", `/api/transfers/${TRANSFER_ID}/complete`)).toHaveLength(1);
      expect(server.seen("POST", `/api/transfers/${TRANSFER_ID}/cancel`)).toHaveLength(1);
      server.on("POST", "/api/handoffs", errorAnswer(503, "pbx_unavailable", "The PBX is unreachable."));
      const handoff = { uniqueId: "1733216400.42", target: { kind: "queue", value: "support" }, context: { reason: "asked for a person", summary: "pressed 0" } } as const;
      expect((await failure(api.handoff(handoff))).code).toBe("pbx_unavailable");
      expect(server.seen("POST", "/api/handoffs")).toHaveLength(1);
      server.on("POST", "/api/auth/login", { drop: true });
      await failure(make().signIn({ serverUrl: server.url, username: "a", password: "b" }));
      expect(server.seen("POST", "/api/auth/login")).toHaveLength(2);
    });
  });

  describe("one Idempotency-Key per user action", () => {
    it("reuses the key on every automatic retry of a transfer", async () => {
      server.on("POST", "/api/transfers/execute", (_r, n) => (n < 3 ? { drop: true } : transferAnswer));
      expect((await (await signedIn()).executeTransfer(request)).id).toBe(TRANSFER_ID);
      const keys = keysOf("/api/transfers/execute");
      expect(keys).toHaveLength(3);
      expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(new Set(keys).size).toBe(1);
    });

    it("a double click sends one request, and both get its answer", async () => {
      server.on("POST", "/api/transfers/execute", { ...transferAnswer, delayMs: 30 });
      const api = await signedIn();
      const [a, b] = await Promise.all([api.executeTransfer(request), api.executeTransfer({ ...request })]);
      expect(a).toEqual(b);
      expect(server.seen("POST", "/api/transfers/execute")).toHaveLength(1);
    });

    it("Complete pressed twice sends one request; status changes are never joined", async () => {
      server
        .on("POST", `/api/transfers/${TRANSFER_ID}/complete`, { ...ok({ transfer: transfer({ status: "completed" }) }), delayMs: 30 })
        .on("PUT", "/api/agents/me/status", (r) => ({ ...ok({ status: (r.body as { status: string }).status, presence: "away" }), delayMs: 10 }));
      const api = await signedIn();
      await Promise.all([api.completeTransfer(TRANSFER_ID), api.completeTransfer(TRANSFER_ID)]);
      expect(server.seen("POST", `/api/transfers/${TRANSFER_ID}/complete`)).toHaveLength(1);
      await Promise.all([api.setStatus("away"), api.setStatus("available"), api.setStatus("away")]);
      // Each choice is its own request (a joined "away" would let "available" land last).
      expect(server.seen("PUT", "/api/agents/me/status")).toHaveLength(3);
    });

    it("reuses the key when the agent retries an action whose outcome is unknown; a new one after an answer", async () => {
      let drop = true;
      server.on("POST", "/api/transfers/execute", () => (drop ? { drop: true } : transferAnswer));
      const api = await signedIn();
      expect((await failure(api.executeTransfer(request))).outcomeUnknown).toBe(true);
      drop = false;
      await api.executeTransfer({ mode: "blind", target: { value: "1002", kind: "extension" }, callId: "abc@pbx" }); // the agent presses Transfer again
      await api.executeTransfer(request); // a new action after a definite answer
      await api.executeTransfer({ ...request, mode: "attended" }); // another request
      const keys = keysOf("/api/transfers/execute");
      expect(keys).toHaveLength(6);
      expect(new Set(keys.slice(0, 4)).size).toBe(1);
      expect(keys[4]).not.toBe(keys[0]);
      expect(keys[5]).not.toBe(keys[4]);
    });

    it("a refusal is an answer: the next identical request is a new action", async () => {
      server.on("POST", "/api/transfers/execute", errorAnswer(422, "unprocessable", "That number is not allowed."));
      const api = await signedIn();
      await failure(api.executeTransfer(request));
      await failure(api.executeTransfer(request));
      const keys = keysOf("/api/transfers/execute");
      expect(keys[0]).not.toBe(keys[1]);
    });
  });

  describe("a 401 is met once", () => {
    it("renews the token and resends the call with the new one, keeping the key", async () => {
      server
        .on("POST", "/api/transfers/execute", (r) => (r.headers.authorization === `Bearer ${TOKEN}` ? errorAnswer(401, "unauthenticated", "Sign in again: the token has expired.") : transferAnswer))
        .on("POST", "/api/auth/renew", ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) }));
      const api = await signedIn();
      expect((await api.executeTransfer(request)).id).toBe(TRANSFER_ID);
      expect(server.seen("POST", "/api/auth/renew")).toHaveLength(1);
      expect(server.seen("POST", "/api/transfers/execute").map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${RENEWED_TOKEN}`]);
      expect(new Set(keysOf("/api/transfers/execute")).size).toBe(1);
      expect(seen["token.renewed"]).toEqual([{ token: RENEWED_TOKEN, expiresAt: expect.any(String) }]);
      expect(seen["session.ended"]).toEqual([]);
    });

    it("concurrent 401s share one renewal (a second one would revoke the session)", async () => {
      server
        .on("GET", "/api/agents", (r) => (r.headers.authorization === `Bearer ${TOKEN}` ? errorAnswer(401, "unauthenticated", "Sign in again.") : ok({ agents: [] })))
        .on("GET", "/api/calls/history", (r) => (r.headers.authorization === `Bearer ${TOKEN}` ? errorAnswer(401, "unauthenticated", "Sign in again.") : ok({ calls: [] })))
        .on("POST", "/api/auth/renew", { ...ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) }), delayMs: 30 });
      const api = await signedIn();
      await Promise.all([api.directory(), api.callHistory(), api.directory()]);
      expect(server.seen("POST", "/api/auth/renew")).toHaveLength(1);
    });

    it("ends the session when the renewal is refused: one typed event, and signed_out from then on", async () => {
      server.on("GET", "/api/agents", errorAnswer(401, "unauthenticated", "Sign in again: the session is unknown.")).on("POST", "/api/auth/renew", errorAnswer(401, "unauthenticated", "Sign in again: the session is unknown."));
      const api = await signedIn();
      expect((await failure(api.directory())).code).toBe("signed_out");
      expect(seen["session.ended"]).toEqual([{ reason: "refused" }]);
      expect(api.session).toBeNull();
      const before = server.requests.length;
      expect((await failure(api.callHistory())).code).toBe("signed_out");
      expect(server.requests).toHaveLength(before);
      expect(server.seen("GET", "/api/agents")).toHaveLength(1);
    });

    it("a 401 that persists after a renewal is not chased further", async () => {
      server.on("GET", "/api/agents", errorAnswer(401, "unauthenticated", "Sign in again.")).on("POST", "/api/auth/renew", ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) }));
      const api = await signedIn();
      expect((await failure(api.directory())).code).toBe("unauthenticated");
      expect(server.seen("GET", "/api/agents")).toHaveLength(2);
      expect(server.seen("POST", "/api/auth/renew")).toHaveLength(1);
    });
  });

  describe("renewal", () => {
    let clock: ManualClock;
    beforeEach(() => {
      clock = new ManualClock();
    });
    const settle = () => until(() => clock.pending.size > 0 || seen["session.ended"].length > 0, "the renewal to settle");

    it("renews at 80 % of the token's lifetime on the server's clock, even when the PC's clock is off", async () => {
      clock.current = Date.now() - 20 * 60_000; // this PC is 20 minutes slow
      server.on("POST", "/api/auth/renew", () => ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) }));
      const api = await signedIn({ clock });
      const [delay] = clock.delays;
      expect(delay).toBeGreaterThan(12 * 60_000 - 2_000);
      expect(delay).toBeLessThanOrEqual(12 * 60_000);
      clock.fireNext();
      await until(() => seen["token.renewed"].length === 1, "the renewal");
      expect(server.seen("POST", "/api/auth/renew")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(api.token?.token).toBe(RENEWED_TOKEN);
      expect(clock.delays).toHaveLength(1);
    });

    it("retries a renewal that got no answer with a growing wait, and the session goes on", async () => {
      server.on("POST", "/api/auth/renew", (_r, n) => (n < 3 ? { drop: true } : ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) })));
      await signedIn({ clock });
      clock.fireNext();
      await until(() => clock.delays[0] === 1_000, "the first retry");
      clock.fireNext();
      await until(() => clock.delays[0] === 2_000, "the second retry");
      clock.fireNext();
      await until(() => seen["token.renewed"].length === 1, "the renewal");
      expect(seen["session.ended"]).toEqual([]);
    });

    it("ends the session as expired when the token lapses before a renewal succeeds", async () => {
      server.on("POST", "/api/auth/login", ok(loginResponse({ expiresAt: new Date(Date.now() + 10_000).toISOString() }))).on("POST", "/api/auth/renew", { drop: true });
      const api = await signedIn({ clock });
      for (let i = 0; i < 10 && seen["session.ended"].length === 0; i++) {
        clock.fireNext();
        await settle();
      }
      expect(seen["session.ended"]).toEqual([{ reason: "expired" }]);
      expect(api.session).toBeNull();
      expect(clock.pending.size).toBe(0);
    });

    it("ends the session as refused when the server refuses the renewal", async () => {
      server.on("POST", "/api/auth/renew", errorAnswer(401, "unauthenticated", "Sign in again: this token was already renewed once."));
      await signedIn({ clock });
      clock.fireNext();
      await until(() => seen["session.ended"].length === 1, "the end");
      expect(seen["session.ended"]).toEqual([{ reason: "refused" }]);
      expect(clock.pending.size).toBe(0);
    });

    it("stops renewing at the session's maximum age, and ends it as expired then", async () => {
      const cap = inMinutes(5);
      server.on("POST", "/api/auth/login", ok(loginResponse({ expiresAt: cap }))).on("POST", "/api/auth/renew", () => ok({ token: RENEWED_TOKEN, expiresAt: cap }));
      await signedIn({ clock });
      clock.fireNext();
      await until(() => seen["token.renewed"].length === 1, "the renewal");
      expect(clock.delays).toHaveLength(1);
      clock.fireNext();
      expect(seen["session.ended"]).toEqual([{ reason: "expired" }]);
      expect(server.seen("POST", "/api/auth/renew")).toHaveLength(1);
    });

    it("signing out stops the renewal, tells the server, and is no session.ended", async () => {
      const api = await signedIn({ clock });
      await api.signOut();
      expect(clock.pending.size).toBe(0);
      expect(server.seen("POST", "/api/auth/logout")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(seen["session.ended"]).toEqual([]);
      expect(api.token).toBeNull();
    });
  });

  describe("a remembered session", () => {
    it("is checked by renewing its token at once", async () => {
      server.on("POST", "/api/auth/renew", ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) }));
      const api = make();
      const resumed = api.resume({ ...loginResponse(), serverUrl: server.url });
      expect(resumed?.session.agent.username).toBe("alice");
      await resumed?.checked;
      expect(server.seen("POST", "/api/auth/renew")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(api.token?.token).toBe(RENEWED_TOKEN);
    });

    it("ends when the server refuses it, stays when the server cannot be reached, and is not resumed once expired", async () => {
      server.on("POST", "/api/auth/renew", errorAnswer(401, "unauthenticated", "Sign in again."));
      const api = make();
      await api.resume({ ...loginResponse(), serverUrl: server.url })?.checked;
      expect(api.session).toBeNull();
      expect(seen["session.ended"]).toEqual([{ reason: "refused" }]);
      server.on("POST", "/api/auth/renew", { drop: true });
      await api.resume({ ...loginResponse(), serverUrl: server.url })?.checked;
      expect(api.token?.token).toBe(TOKEN);
      expect(api.resume({ ...loginResponse({ expiresAt: new Date(Date.now() - 1_000).toISOString() }), serverUrl: server.url })).toBeNull();
    });
  });

  describe("a browser's remembered sign-in", () => {
    it("signIn asks the server to remember only when told to", async () => {
      await make().signIn({ serverUrl: server.url, username: "alice", password: "pw", remember: true });
      await make().signIn({ serverUrl: server.url, username: "alice", password: "pw" });
      expect(server.seen("POST", "/api/auth/login").map((r) => r.body)).toEqual([
        { username: "alice", password: "pw", remember: true },
        { username: "alice", password: "pw" },
      ]);
    });

    it("resumeRemembered takes up the server's answer as a session; its token is the bearer from then on", async () => {
      server.on("POST", "/api/auth/resume", ok(loginResponse())).on("GET", "/api/agents", ok({ agents: [] }));
      const api = make();
      expect(await api.resumeRemembered(server.url)).toMatchObject({ serverUrl: server.url, agent: { username: "alice" } });
      const [sent] = server.seen("POST", "/api/auth/resume");
      expect(sent?.headers.authorization).toBeUndefined();
      expect(sent?.headers["content-type"]).toMatch(/^application\/json/);
      await api.directory();
      expect(server.seen("GET", "/api/agents")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    });

    it("is null when the server has none to give (401, 403), and a lost answer is not asked again (the cookie rotates on use)", async () => {
      server.on("POST", "/api/auth/resume", errorAnswer(401, "unauthenticated", "Sign in again."));
      expect(await make().resumeRemembered(server.url)).toBeNull();
      server.on("POST", "/api/auth/resume", errorAnswer(403, "forbidden", "Resume from the Handoff page itself."));
      expect(await make().resumeRemembered(server.url)).toBeNull();
      server.on("POST", "/api/auth/resume", { drop: true });
      const api = make();
      await expect(api.resumeRemembered(server.url)).rejects.toMatchObject({ code: "network" });
      expect(server.seen("POST", "/api/auth/resume")).toHaveLength(3);
      expect(api.session).toBeNull();
    });
  });

  describe("plain http:// and ws:// only on this computer", () => {
    const insecureSip = loginResponse({ sip: { ...loginResponse().sip!, wsServer: "ws://pbx.example.test:8088/ws" } });

    it("refuses a plain http:// server elsewhere before sending anything, saying why", async () => {
      const api = make();
      const refused = await failure(api.signIn({ serverUrl: "http://10.1.2.3:8080", username: "alice", password: "pw" }));
      expect(refused.code).toBe("insecure");
      expect(refused.message).toMatch(/http:\/\/10\.1\.2\.3:8080.*not encrypted.*https:\/\//);
      expect((await failure(api.resumeRemembered("http://phones.example.com"))).code).toBe("insecure");
      expect(() => api.resume({ ...loginResponse(), serverUrl: "http://phones.example.com" })).toThrow(expect.objectContaining({ code: "insecure" }));
      expect(server.requests).toHaveLength(0);
      expect(api.session).toBeNull();
    });

    it("refuses a login whose phone would use plain ws:// elsewhere, and ends that session on the server", async () => {
      server.on("POST", "/api/auth/login", ok(insecureSip));
      const api = make();
      const refused = await failure(api.signIn({ serverUrl: server.url, username: "alice", password: "pw" }));
      expect(refused.code).toBe("insecure");
      expect(refused.message).toMatch(/ws:\/\/pbx\.example\.test:8088\/ws.*not encrypted.*wss:\/\//);
      expect(server.seen("POST", "/api/auth/logout").map((r) => r.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
      expect(api.session).toBeNull();
      server.on("POST", "/api/auth/resume", ok(insecureSip));
      expect((await failure(api.resumeRemembered(server.url))).code).toBe("insecure");
      expect(() => api.resume({ ...insecureSip, serverUrl: server.url })).toThrow(expect.objectContaining({ code: "insecure" }));
      expect(api.session).toBeNull();
    });

    it("takes a plain ws:// phone connection on this computer", async () => {
      server.on("POST", "/api/auth/login", ok(loginResponse({ sip: { ...loginResponse().sip!, wsServer: "ws://127.0.0.1:8088/ws" } })));
      const { session } = await make().signIn({ serverUrl: server.url, username: "alice", password: "pw" });
      expect(session.sip?.wsServer).toBe("ws://127.0.0.1:8088/ws");
    });
  });

  describe("queues, wrap-up and the supervisor's board", () => {
    const stateAnswer = (overrides: Parameters<typeof queueState>[0] = {}) => ok({ state: queueState(overrides) });

    it("reaches each route with its method, path and body, and reads each answer", async () => {
      const disposition = { disposition: "Resolved", note: "Refund sent\nby mail", by: "agent-alice", at: "2025-01-01T10:02:00.000Z" };
      server
        .on("GET", "/api/queues/settings", ok(queueSettings()))
        .on("GET", "/api/queues", ok({ queues: [queueFigures()] }))
        .on("GET", "/api/agents/me/queue-state", stateAnswer())
        .on("POST", "/api/agents/me/queues/join", stateAnswer())
        .on("POST", "/api/agents/me/queues/leave", stateAnswer())
        .on("POST", "/api/agents/me/pause", stateAnswer({ pause: { reason: "Lunch", since: "2025-01-01T10:00:00.000Z" } }))
        .on("POST", "/api/agents/me/resume", stateAnswer())
        .on("PUT", "/api/calls/call-1/disposition", ok({ callId: "call-1", disposition, state: queueState() }))
        .on("GET", "/api/supervisor/board", ok({ agents: [boardAgent()], queues: [queueFigures()], at: "2025-01-01T10:00:00.000Z" }))
        .on("GET", "/api/supervisor/audit", ok({ entries: [auditEntry()] }))
        .on("POST", `/api/agents/${BOB_ID}/queues/leave`, stateAnswer({ agentId: BOB_ID }))
        .on("POST", `/api/agents/${BOB_ID}/resume`, stateAnswer({ agentId: BOB_ID }));
      const api = await signedIn();
      expect(await api.queueSettings()).toEqual(queueSettings());
      expect(await api.queueFigures()).toEqual([queueFigures()]);
      expect(await api.queueState()).toEqual(queueState());
      await api.joinQueues({});
      await api.leaveQueues({ queues: ["sales"] });
      expect((await api.pause("Lunch")).pause?.reason).toBe("Lunch");
      await api.endPause();
      expect((await api.setDisposition({ callId: "call-1", disposition: "Resolved", note: "Refund sent\nby mail" })).disposition).toEqual(disposition);
      expect((await api.board()).agents).toEqual([boardAgent()]);
      expect(await api.supervisorAudit()).toEqual([auditEntry()]);
      expect((await api.signAgentOut(BOB_ID)).agentId).toBe(BOB_ID);
      expect((await api.endAgentPause(BOB_ID)).agentId).toBe(BOB_ID);
      expect(server.requests.slice(1).map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body ?? null)}`)).toEqual([
        "GET /api/queues/settings null",
        "GET /api/queues null",
        "GET /api/agents/me/queue-state null",
        "POST /api/agents/me/queues/join {}",
        'POST /api/agents/me/queues/leave {"queues":["sales"]}',
        'POST /api/agents/me/pause {"reason":"Lunch"}',
        "POST /api/agents/me/resume {}",
        'PUT /api/calls/call-1/disposition {"disposition":"Resolved","note":"Refund sent\\nby mail"}',
        "GET /api/supervisor/board null",
        "GET /api/supervisor/audit null",
        `POST /api/agents/${BOB_ID}/queues/leave {}`,
        `POST /api/agents/${BOB_ID}/resume {}`,
      ]);
    });

    it("refuses bad input before sending anything: CR/LF in a reason, an unknown queue name, no agent id, a note with NUL", async () => {
      const api = await signedIn();
      expect((await failure(api.pause("Lunch\r\nAction: Originate"))).code).toBe("invalid_request");
      expect((await failure(api.joinQueues({ queues: ["Support Queue"] }))).code).toBe("invalid_request");
      expect((await failure(api.signAgentOut("agent-bob"))).code).toBe("invalid_request");
      expect((await failure(api.setDisposition({ callId: "call-1", disposition: "Resolved", note: "a\u0000b" }))).code).toBe("invalid_request");
      expect(server.requests.map((r) => r.path)).toEqual(["/api/auth/login"]);
    });

    it("a double click sends one request; membership and pause are retried when their answer is lost, a disposition never", async () => {
      server
        .on("POST", "/api/agents/me/pause", (_r, n) => (n === 1 ? { drop: true } : { ...stateAnswer({ pause: { reason: "Break", since: "2025-01-01T10:00:00.000Z" } }), delayMs: 30 }))
        .on("PUT", "/api/calls/call-1/disposition", { drop: true });
      const api = await signedIn();
      const [first, second] = await Promise.all([api.pause("Break"), api.pause("Break")]);
      expect(first).toEqual(second);
      expect(server.seen("POST", "/api/agents/me/pause")).toHaveLength(2);
      expect((await failure(api.setDisposition({ callId: "call-1", disposition: "Resolved" }))).code).toBe("network");
      expect(server.seen("PUT", "/api/calls/call-1/disposition")).toHaveLength(1);
    });

    it("a refusal comes through in the server's words (a queue the agent may not join)", async () => {
      server.on("POST", "/api/agents/me/queues/join", errorAnswer(403, "forbidden", "You may not join the sales queue."));
      const api = await signedIn();
      expect(await failure(api.joinQueues({ queues: ["sales"] }))).toMatchObject({ code: "forbidden", status: 403, message: "You may not join the sales queue." });
      expect(server.seen("POST", "/api/agents/me/queues/join")).toHaveLength(1);
    });

    it("passes on the queue events of the real-time link, and drops malformed ones", async () => {
      server.accepted.add(TOKEN);
      await signedIn({ realtime: true });
      await until(() => (seen["realtime.state"] as RealtimeState[]).includes("connected"), "connected");
      server.emit("agent.queue_state", { agentId: 1 });
      server.emit("board.agent", boardAgent({ activity: { state: "lunching", since: "x" } as never }));
      server.emit("agent.queue_state", queueState());
      server.emit("queue.figures", queueFigures());
      server.emit("board.agent", boardAgent());
      server.emit("supervisor.audit", auditEntry());
      await until(() => seen["supervisor.audit"].length === 1, "the events");
      expect(seen["agent.queue_state"]).toEqual([queueState()]);
      expect(seen["queue.figures"]).toEqual([queueFigures()]);
      expect(seen["board.agent"]).toEqual([boardAgent()]);
    });

    it("reads dispositions in call history", async () => {
      const record = callRecord({ queue: "support", disposition: { disposition: "Escalated", note: null, by: "agent-alice", at: "2025-01-01T10:05:00.000Z" } });
      server.on("GET", "/api/calls/history", ok({ calls: [record] }));
      expect(await (await signedIn()).callHistory()).toEqual([record]);
    });
  });

  describe("real time", () => {
    const states = () => seen["realtime.state"] as RealtimeState[];

    it("connects with the token, passes each contract event on, and drops what does not match", async () => {
      server.accepted.add(TOKEN);
      await signedIn({ realtime: true });
      await until(() => states().includes("connected"), "connected");
      expect(server.handshakes).toEqual([TOKEN]);
      server.emit("transfer.updated", { id: 1 });
      server.emit("admin.command", { run: "rm -rf" });
      server.emit("transfer.updated", transfer());
      server.emit("presence.updated", directoryEntry());
      server.emit("call.context", callContext());
      server.emit("pbx.status", { status: "degraded", at: "2025-01-01T10:00:00.000Z" });
      await until(() => seen["pbx.status"].length === 1, "the events");
      expect(seen["transfer.updated"]).toEqual([transfer()] as Transfer[]);
      expect(seen["presence.updated"]).toEqual([directoryEntry()]);
      expect(seen["call.context"]).toEqual([callContext()]);
      expect(states()).toEqual(["connecting", "connected"]);
    });

    it("after a refused handshake, renews the token once and reconnects with the new one", async () => {
      const clock = new ManualClock();
      server.accepted.add(RENEWED_TOKEN);
      server.on("POST", "/api/auth/renew", ok({ token: RENEWED_TOKEN, expiresAt: inMinutes(15) }));
      await signedIn({ realtime: true, clock });
      clock.current += 60_000; // the token is a minute old when the handshake is refused
      await until(() => server.seen("POST", "/api/auth/renew").length === 1 && clock.delays.includes(500), "the renewal and the retry");
      clock.fireNext();
      await until(() => states().includes("connected"), "connected");
      expect(server.handshakes).toEqual([TOKEN, RENEWED_TOKEN]);
      expect(states()).toEqual(["connecting", "connected"]);
    });

    it("a handshake refused with a brand-new token is not about the token: it backs off without renewing", async () => {
      const clock = new ManualClock();
      await signedIn({ realtime: true, clock });
      await until(() => clock.delays.includes(500), "the retry");
      expect(server.seen("POST", "/api/auth/renew")).toHaveLength(0);
      clock.fireNext();
      await until(() => clock.delays.includes(1_000), "the second retry, later");
      expect(server.handshakes).toEqual([TOKEN, TOKEN]);
    });

    it("reconnects by itself when the server closes the link, with the current token", async () => {
      server.accepted.add(TOKEN);
      await signedIn({ realtime: true });
      await until(() => states().includes("connected"), "connected");
      server.kickAll();
      await until(() => states().length >= 4, "reconnected", 5_000);
      expect(states()).toEqual(["connecting", "connected", "reconnecting", "connected"]);
      expect(server.handshakes).toEqual([TOKEN, TOKEN]);
    });

    it("session.ended from the server ends the session: one event with the server's reason, the link closed for good", async () => {
      server.accepted.add(TOKEN);
      const api = await signedIn({ realtime: true });
      await until(() => states().includes("connected"), "connected");
      server.endSessions("revoked");
      await until(() => seen["session.ended"].length === 1, "the end");
      expect(seen["session.ended"]).toEqual([{ reason: "revoked" }] as SessionEnded[]);
      expect(states().at(-1)).toBe("offline");
      expect(api.session).toBeNull();
      expect((await failure(api.directory())).code).toBe("signed_out");
      const handshakes = server.handshakes.length;
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(server.handshakes).toHaveLength(handshakes);
    });

    it("signing out closes the link before telling the server, so its session.ended is no news", async () => {
      server.accepted.add(TOKEN);
      server.on("POST", "/api/auth/logout", () => {
        server.endSessions("signed_out");
        return ok({ signedOut: true });
      });
      const api = await signedIn({ realtime: true });
      await until(() => states().includes("connected"), "connected");
      await api.signOut();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen["session.ended"]).toEqual([]);
      expect(states().at(-1)).toBe("offline");
      expect(await server.connectedCount()).toBe(0);
    });
  });
});
