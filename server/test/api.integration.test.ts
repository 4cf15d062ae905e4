import { execFileSync } from "node:child_process";
import { connect } from "node:net";
import { SignJWT } from "jose";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../src/auth/tokens";
import { startTestServer, type TestServer } from "./support/test-server";

let server: TestServer;

/** The parts of response bodies these tests read. */
interface ApiBody {
  token?: string;
  expiresAt?: string;
  agent?: unknown;
  sip?: unknown;
  agents?: Array<{ extension: string | null; presence: string }>;
  error?: { code: string; message: string };
  status?: string;
  presence?: string;
}

async function api(method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, body: (await response.json()) as ApiBody };
}

/** Sends bytes as written, for headers that fetch itself would refuse to send. */
function rawStatus(method: string, path: string, headers: Record<string, string>, body: string): Promise<number> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => {
      const head = Object.entries({ host: "127.0.0.1", "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), connection: "close", ...headers })
        .map(([key, value]) => `${key}: ${value}`)
        .join("\r\n");
      socket.end(`${method} ${path} HTTP/1.1\r\n${head}\r\n\r\n${body}`);
    });
    let response = "";
    socket.on("data", (chunk) => (response += chunk.toString("latin1")));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)));
    socket.on("error", reject);
  });
}

const tokens = new Map<string, string>();

/** Signs in once per user: login is rate-limited, and tokens last the whole file. */
async function login(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached !== undefined) return cached;
  const { status, body } = await api("POST", "/api/auth/login", { body: { username, password: server.password(username) } });
  expect(status).toBe(200);
  tokens.set(username, body.token ?? "");
  return body.token ?? "";
}

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  server = await startTestServer();
  await waitFor(async () => ((await api("GET", "/api/health")).status === 200 ? true : undefined));
});

afterAll(async () => {
  await server?.close();
});

describe("authentication", () => {
  it("signs an agent in with what its softphone needs, and refuses a wrong password in the one error shape", async () => {
    const ok = await api("POST", "/api/auth/login", { body: { username: "alice", password: server.password("alice") } });
    expect(ok.status).toBe(200);
    expect(ok.body.agent).toMatchObject({ username: "alice", extension: "1001", role: "agent" });
    expect(ok.body.sip).toMatchObject({ aor: expect.stringMatching(/^sip:1001@/), authorizationUsername: "1001", wsServer: expect.stringMatching(/^ws/) });
    expect(Date.parse(ok.body.expiresAt ?? "")).toBeGreaterThan(Date.now());

    const wrong = await api("POST", "/api/auth/login", { body: { username: "alice", password: "not-her-password" } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: "unauthenticated", message: "Wrong username or password." } });

    const bot = await api("POST", "/api/auth/login", { body: { username: "voicebot", password: server.password("voicebot") } });
    expect(bot.body.sip).toBeNull();
  });

  it("rate-limits login attempts per user", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await api("POST", "/api/auth/login", { body: { username: "dave", password: "guessing" } })).status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await api("POST", "/api/auth/login", { body: { username: "dave", password: server.password("dave") } });
    expect(limited.body.error?.code).toBe("rate_limited");
    // Another user on the same address is not locked out by dave's guesser.
    expect((await api("POST", "/api/auth/login", { body: { username: "erin", password: server.password("erin") } })).status).toBe(200);
  });

  it("renews a token", async () => {
    const token = await login("bob");
    const renewed = await api("POST", "/api/auth/renew", { token });
    expect(renewed.status).toBe(200);
    expect((await api("GET", "/api/agents", { token: renewed.body.token ?? "" })).status).toBe(200);
    // Renewal rotates: the old token is refused from now on, so later tests use the new one.
    expect((await api("GET", "/api/agents", { token })).status).toBe(401);
    tokens.set("bob", renewed.body.token ?? "");
  });

  it("refuses expired, forged and unsigned tokens with 401", async () => {
    const secret = "another-secret-that-is-at-least-32-characters";
    const forged = await new TokenService(secret, 900).issue({ agentId: "x", role: "supervisor", sessionId: "s", tokenId: "t" });
    const expired = await new TokenService(secret, 1).issue({ agentId: "x", role: "agent", sessionId: "s", tokenId: "t" }, new Date(Date.now() - 3_600_000));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from('{"sub":"x","role":"supervisor"}').toString("base64url")}.`;
    const wrongAlgorithm = await new SignJWT({ role: "agent" }).setProtectedHeader({ alg: "HS512" }).setSubject("x").sign(new TextEncoder().encode(secret));
    for (const token of [forged.token, expired.token, unsigned, wrongAlgorithm, "garbage"]) {
      const response = await api("GET", "/api/agents", { token });
      expect(response.status, token).toBe(401);
      expect(response.body.error?.code).toBe("unauthenticated");
    }
    expect((await api("GET", "/api/agents")).status).toBe(401);
  });

  it("keeps a bot off agent routes with 403", async () => {
    const bot = await login("voicebot");
    for (const [method, path, body] of [
      ["GET", "/api/agents", undefined],
      ["GET", "/api/transfers/available-agents", undefined],
      ["PUT", "/api/agents/me/status", { status: "away" }],
      ["GET", "/api/calls/history", undefined],
      ["POST", "/api/transfers/execute", { callId: "abc", target: { kind: "extension", value: "1002" }, mode: "blind" }],
    ] as const) {
      const response = await api(method, path, { token: bot, body, headers: { "idempotency-key": "bot-key-000001" } });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.error?.code).toBe("forbidden");
    }
  });
});

describe("bad input", () => {
  const injections = ["\r", "\n", "\0", "\r\nAction: Originate\r\n"];

  it("answers CR, LF or NUL in any string field of any request with 400 and writes nothing to AMI", async () => {
    const token = await login("alice");
    const mark = server.proxy.actions.length;
    const valid = { callId: "a-call-id", target: { kind: "agent", value: "bob" }, mode: "blind", note: "VIP caller" };
    const cases: Array<[string, string, (bad: string) => unknown, Record<string, string>?]> = [
      ["POST", "/api/auth/login", (bad) => ({ username: `alice${bad}`, password: "x" })],
      ["POST", "/api/auth/login", (bad) => ({ username: "alice", password: `x${bad}` })],
      ["POST", "/api/transfers/execute", (bad) => ({ ...valid, callId: `id${bad}` })],
      ["POST", "/api/transfers/execute", (bad) => ({ ...valid, target: { kind: "agent", value: `bob${bad}` } })],
      ["POST", "/api/transfers/execute", (bad) => ({ ...valid, target: { kind: "extension", value: `1002${bad}` } })],
      ["POST", "/api/transfers/execute", (bad) => ({ ...valid, target: { kind: "queue", value: `support${bad}` } })],
      ["POST", "/api/transfers/execute", (bad) => ({ ...valid, target: { kind: "external", value: `0123456789${bad}` } })],
      ["POST", "/api/transfers/execute", (bad) => ({ ...valid, mode: `blind${bad}` })],
      ["PUT", "/api/agents/me/status", (bad) => ({ status: `away${bad}` })],
    ];
    for (const bad of injections) {
      for (const [method, path, body] of cases) {
        const response = await api(method, path, { token, body: body(bad), headers: { "idempotency-key": "key-for-injection-test" } });
        expect(response.status, `${path} ${JSON.stringify(body(bad))}`).toBe(400);
        expect(response.body.error?.code).toBe("invalid_request");
      }
      expect(await rawStatus("POST", "/api/transfers/execute", { authorization: `Bearer ${token}`, "idempotency-key": `key-with-${bad}-inside` }, JSON.stringify(valid))).toBe(400);
      const query = await api("GET", `/api/transfers/available-agents?search=${encodeURIComponent(`bo${bad}b`)}`, { token });
      expect(query.status).toBe(400);
    }
    expect(server.proxy.actionsSince(mark)).toEqual([]);
  });

  it("lets notes span lines but refuses every other control character in them, and in bot summaries", async () => {
    const token = await login("alice");
    const bot = await login("voicebot");
    const mark = server.proxy.actions.length;
    const valid = { callId: "a-call-id", target: { kind: "agent", value: "bob" }, mode: "blind" };
    for (const bad of ["\0", "\u001b[31m", "\u007f", "\u0085", "\ud800"]) {
      const note = await api("POST", "/api/transfers/execute", { token, body: { ...valid, note: `line one\nline ${bad}two` }, headers: { "idempotency-key": "key-for-note-test" } });
      expect(note.status, JSON.stringify(bad)).toBe(400);
      expect(note.body.error?.message).toContain("note");
      const summary = await api("POST", "/api/handoffs", { token: bot, body: { channel: "Local/s@handoff-bot-00000001;2", target: { kind: "queue", value: "support" }, context: { reason: "x", summary: `ok ${bad}` } } });
      expect(summary.status, JSON.stringify(bad)).toBe(400);
    }
    // Line breaks and tabs pass the schema: the request then fails only because there is no such call.
    const multiLine = await api("POST", "/api/transfers/execute", { token, body: { ...valid, note: "line one\r\nline two\tand a tab — 日本語 📞" }, headers: { "idempotency-key": "key-for-multi-line-note" } });
    expect(multiLine.status).toBe(404);
    const tooLong = await api("POST", "/api/transfers/execute", { token, body: { ...valid, note: "é".repeat(2001) }, headers: { "idempotency-key": "key-for-long-note" } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.message).toContain("2000 characters");
    expect(server.proxy.actionsSince(mark).filter((a) => a.Action !== "Getvar")).toEqual([]);
  });

  it("refuses unknown fields, missing keys and malformed JSON in the one error shape", async () => {
    const token = await login("alice");
    const extra = await api("POST", "/api/transfers/execute", {
      token,
      body: { callId: "x", target: { kind: "agent", value: "bob" }, mode: "blind", channel: "PJSIP/1002-00000001" },
      headers: { "idempotency-key": "key-extra-field" },
    });
    expect(extra.status).toBe(400);
    const noKey = await api("POST", "/api/transfers/execute", { token, body: { callId: "x", target: { kind: "agent", value: "bob" }, mode: "blind" } });
    expect(noKey.status).toBe(400);
    const response = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  });

  it("answers a transfer of a call that does not exist with 404 and moves nothing", async () => {
    const token = await login("alice");
    const mark = server.proxy.actions.length;
    const response = await api("POST", "/api/transfers/execute", {
      token,
      body: { callId: "no-such-call@somewhere", target: { kind: "agent", value: "bob" }, mode: "blind" },
      headers: { "idempotency-key": "key-no-such-call" },
    });
    expect(response.status).toBe(404);
    expect(server.proxy.actionsSince(mark).filter((a) => a.Action !== "Getvar")).toEqual([]);
  });
});

describe("directory", () => {
  it("lists agents with presence and pushes a status change to every app", async () => {
    const alice = await login("alice");
    const bob = await login("bob");
    const socket: Socket = io(server.url, { auth: { token: bob }, transports: ["websocket"] });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", () => resolve());
        socket.on("connect_error", reject);
      });
      const directory = await api("GET", "/api/agents", { token: alice });
      expect(directory.body.agents?.map((a) => a.extension).sort()).toEqual(["1001", "1002", "1003", "1004", "1005", "1006"]);
      expect(directory.body.agents?.every((a) => ["available", "busy", "ringing", "away", "offline"].includes(a.presence))).toBe(true);
      // Nobody is registered here, so presence stays offline; the chosen status is still stored and returned.
      const set = await api("PUT", "/api/agents/me/status", { token: alice, body: { status: "away" } });
      expect(set.body).toEqual({ status: "away", presence: "offline" });
      const available = await api("GET", "/api/transfers/available-agents", { token: alice });
      expect(available.body.agents).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it("refuses a socket without a valid token or from a foreign origin", async () => {
    const anonymous = io(server.url, { transports: ["websocket"], reconnection: false });
    const refused = await new Promise<string>((resolve) => anonymous.on("connect_error", (error) => resolve(error.message)));
    anonymous.close();
    expect(refused).toMatch(/unauthenticated/);

    const token = await login("alice");
    const foreign = io(server.url, { auth: { token }, transports: ["polling"], reconnection: false, extraHeaders: { origin: "https://evil.example" } });
    const foreignError = await new Promise<string>((resolve) => foreign.on("connect_error", (error) => resolve(error.message)));
    foreign.close();
    expect(foreignError).toBeTruthy();
  });
});

describe("the PBX going away", () => {
  it("tells apps degraded then recovered when Asterisk restarts, and works again after", async () => {
    const token = await login("alice");
    const socket: Socket = io(server.url, { auth: { token }, transports: ["websocket"] });
    const statuses: string[] = [];
    socket.on("pbx.status", (event: { status: string }) => statuses.push(event.status));
    try {
      await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
      execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "down"], { stdio: "ignore" });
      await waitFor(() => (statuses.includes("degraded") ? true : undefined));
      const down = await api("GET", "/api/health");
      expect(down.status).toBe(503);
      const refused = await api("POST", "/api/transfers/execute", {
        token,
        body: { callId: "x", target: { kind: "agent", value: "bob" }, mode: "blind" },
        headers: { "idempotency-key": "key-while-pbx-down" },
      });
      expect(refused.status).toBe(503);
      expect(refused.body.error?.code).toBe("pbx_unavailable");
      execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "ignore" });
      await waitFor(() => (statuses.includes("recovered") ? true : undefined), 60_000);
      expect(statuses.indexOf("degraded")).toBeLessThan(statuses.indexOf("recovered"));
      expect((await api("GET", "/api/health")).status).toBe(200);
      const after = await api("POST", "/api/transfers/execute", {
        token,
        body: { callId: "x", target: { kind: "agent", value: "bob" }, mode: "blind" },
        headers: { "idempotency-key": "key-after-recovery" },
      });
      expect(after.status).toBe(404);
    } finally {
      socket.close();
    }
  }, 120_000);
});
