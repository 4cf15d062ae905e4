import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server";

/** Sessions on the real server: sign-out, rotation and reuse, maximum age, sockets closed when their session ends. */

let server: TestServer;
/** Sessions of at most 4 s, for the maximum-age test. */
let shortLived: TestServer;

interface Body {
  token?: string;
  expiresAt?: string;
  error?: { code: string; message: string };
}

async function api(base: TestServer, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`${base.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function login(base: TestServer, username: string): Promise<string> {
  const { status, body } = await api(base, "POST", "/api/auth/login", undefined, { username, password: base.password(username) });
  expect(status).toBe(200);
  return body.token ?? "";
}

/** A connected socket, with every session.ended it receives and how it was disconnected. */
async function connected(base: TestServer, token: string) {
  const socket: Socket = io(base.url, { auth: { token }, transports: ["websocket"], reconnection: false });
  const seen: string[] = [];
  socket.on("session.ended", (event: { reason: string }) => seen.push(`session.ended ${event.reason}`));
  const disconnected = new Promise<void>((resolve) =>
    socket.on("disconnect", (reason) => {
      seen.push(`disconnect ${reason}`);
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", () => resolve());
    socket.on("connect_error", reject);
  });
  return { socket, seen, disconnected };
}

function refusal(base: TestServer, token: string): Promise<string> {
  const socket = io(base.url, { auth: { token }, transports: ["websocket"], reconnection: false });
  return new Promise((resolve) => {
    socket.on("connect", () => {
      socket.close();
      resolve("connected");
    });
    socket.on("connect_error", (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

beforeAll(async () => {
  server = await startTestServer({ HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "20" });
  shortLived = await startTestServer({ HANDOFF_SESSION_MAX_AGE_SECONDS: "4" });
});

afterAll(async () => {
  await server?.close();
  await shortLived?.close();
});

describe("sessions", () => {
  it("signs out: the token is refused at once, and the session's socket hears session.ended, then is closed", async () => {
    const token = await login(server, "alice");
    const { seen, disconnected } = await connected(server, token);
    expect((await api(server, "POST", "/api/auth/logout", token)).status).toBe(200);
    const after = await api(server, "GET", "/api/agents", token);
    expect(after.status).toBe(401);
    expect(after.body.error?.message).toContain("you signed out");
    await disconnected;
    expect(seen).toEqual(["session.ended signed_out", "disconnect io server disconnect"]);
    expect(await refusal(server, token)).toMatch(/unauthenticated: .*you signed out/);
    expect((await api(server, "POST", "/api/auth/renew", token)).status).toBe(401);
  });

  it("rotates on renewal; renewing the old token again ends the whole session", async () => {
    const first = await login(server, "bob");
    const { seen, disconnected } = await connected(server, first);
    const renewed = await api(server, "POST", "/api/auth/renew", first);
    expect(renewed.status).toBe(200);
    const second = renewed.body.token ?? "";
    expect((await api(server, "GET", "/api/agents", second)).status).toBe(200);
    expect((await api(server, "GET", "/api/agents", first)).status).toBe(401);
    // The same old token once more: someone else holds a copy.
    const reused = await api(server, "POST", "/api/auth/renew", first);
    expect(reused.status).toBe(401);
    expect(reused.body.error?.message).toContain("already renewed once");
    expect((await api(server, "GET", "/api/agents", second)).status).toBe(401);
    await disconnected;
    expect(seen).toEqual(["session.ended revoked", "disconnect io server disconnect"]);
  });

  it("a browser's remembered sign-in: the cookie resumes once into a new session, the old cookie then ends it, and its socket hears why", async () => {
    const signIn = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "dave", password: server.password("dave"), remember: true }) });
    expect(signIn.status).toBe(200);
    const first = (signIn.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    expect(first).toMatch(/^handoff-remember=/);
    const resume = (cookie: string, origin = server.url) => fetch(`${server.url}/api/auth/resume`, { method: "POST", headers: { "content-type": "application/json", origin, cookie }, body: "{}" });
    expect((await resume(first, "http://127.0.0.1:1")).status).toBe(403);
    const resumed = await resume(first);
    expect(resumed.status).toBe(200);
    const { token } = (await resumed.json()) as Body;
    expect((await api(server, "GET", "/api/agents", token)).status).toBe(200);
    const { seen, disconnected } = await connected(server, token ?? "");
    // The first cookie again, after it was exchanged: a copy.
    const copied = await resume(first);
    expect(copied.status).toBe(401);
    await disconnected;
    expect(seen).toEqual(["session.ended revoked", "disconnect io server disconnect"]);
    expect((await api(server, "GET", "/api/agents", token)).status).toBe(401);
    const second = (resumed.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";
    expect((await resume(second)).status).toBe(401);
  });

  it("refuses the sixth socket of one session with a clear message", async () => {
    const token = await login(server, "carol");
    const open = await Promise.all(Array.from({ length: 5 }, () => connected(server, token)));
    expect(await refusal(server, token)).toMatch(/too many connections: .*5 real-time connections/);
    open[0]?.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await refusal(server, token)).toBe("connected");
    for (const { socket } of open) socket.close();
  });

  it("caps every token at the session's maximum age and refuses to renew past it", async () => {
    const started = Date.now();
    const token = await login(shortLived, "alice");
    const { seen, disconnected } = await connected(shortLived, token);
    const renewed = await api(shortLived, "POST", "/api/auth/renew", token);
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.expiresAt ?? "")).toBeLessThanOrEqual(started + 5_000);
    await disconnected;
    expect(seen).toEqual(["session.ended expired", "disconnect io server disconnect"]);
    const late = await api(shortLived, "POST", "/api/auth/renew", renewed.body.token);
    expect(late.status).toBe(401);
    expect(late.body.error?.code).toBe("unauthenticated");
  });
});

describe("login under attack", () => {
  it("answers a flood of made-up usernames from one address with 429 while renewals all succeed", async () => {
    let token = await login(server, "dave");
    const flood = Array.from({ length: 400 }, (_, i) => api(server, "POST", "/api/auth/login", undefined, { username: `nobody-${i}`, password: "guess" }));
    const renewals: number[] = [];
    for (let i = 0; i < 10; i++) {
      const renewed = await api(server, "POST", "/api/auth/renew", token);
      renewals.push(renewed.status);
      token = renewed.body.token ?? token;
    }
    const statuses = (await Promise.all(flood)).map((r) => r.status);
    expect(renewals).toEqual(Array(10).fill(200));
    // 20 a minute from one address (the rest of this file's logins count too): the flood gets at most 19 answers that are not 429.
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(380);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});
