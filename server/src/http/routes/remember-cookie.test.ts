import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PasswordChecks } from "../../auth/password-checks";
import { hashPassword } from "../../auth/passwords";
import { RememberedSignIns } from "../../auth/remembered-sign-ins";
import { SessionService } from "../../auth/sessions";
import { TokenService } from "../../auth/tokens";
import { AgentsStore } from "../../store/agents";
import { openDatabase, type Db } from "../../store/database";
import { RememberedSignInsStore } from "../../store/remembered-sign-ins";
import { SessionsStore } from "../../store/sessions";
import { installErrorHandler } from "../error-handler";
import { authRoutes } from "./auth";

/** The browser's remembered sign-in over the real auth routes, sessions and store (SQLite in memory). */

const HOST = "127.0.0.1:8080";
const ORIGIN = `http://${HOST}`;
const DEV_ORIGIN = "http://127.0.0.1:5173";
let passwordHash: string;
let db: Db;
let app: FastifyInstance;
let sessions: SessionService;

beforeAll(async () => {
  passwordHash = await hashPassword("alice-password");
});

beforeEach(async () => {
  db = await openDatabase({ databaseUrl: undefined, sqlitePath: ":memory:" });
  const agents = new AgentsStore(db);
  await agents.upsert([{ id: "agent-alice", username: "alice", name: "Alice", extension: "1001", role: "agent", passwordHash }]);
  sessions = new SessionService(new TokenService("a-test-secret-of-at-least-32-characters!", 900), new SessionsStore(db), 43_200);
  const remembered = new RememberedSignIns(sessions, new RememberedSignInsStore(db), agents, 43_200);
  // trustProxy: the https case is told by X-Forwarded-Proto, as behind a TLS proxy.
  app = Fastify({ logger: false, trustProxy: true }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(rateLimit, { global: false, hook: "preHandler" });
  await app.register(cookie, { secret: "a-cookie-key-of-at-least-32-characters" });
  await app.register(authRoutes, {
    agents,
    sessions,
    remembered,
    passwords: new PasswordChecks(),
    sip: { issue: async (_sessionId, phone) => ({ wsServer: "ws://127.0.0.1:8088/ws", aor: `sip:${phone.extension}@127.0.0.1`, authorizationUsername: phone.extension, authorizationPassword: "a-fresh-one", displayName: phone.name }) },
    loginsPerAddressPerMinute: 10_000,
    allowedOrigins: [DEV_ORIGIN],
  });
  await app.ready();
});

afterEach(async () => {
  await app.close();
  sessions.close();
  await db.destroy();
});

interface Answer {
  token?: string;
  sip?: { authorizationUsername: string } | null;
  error?: { code: string; message: string };
}

const login = (remember: boolean | undefined, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: "/api/auth/login", headers: { host: HOST, ...headers }, payload: { username: "alice", password: "alice-password", ...(remember === undefined ? {} : { remember }) } });

const resume = (cookieHeader: string | null, origin: string | null = ORIGIN, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST",
    url: "/api/auth/resume",
    headers: { host: HOST, ...(origin === null ? {} : { origin }), ...(cookieHeader === null ? {} : { cookie: cookieHeader }), ...headers },
    payload: {},
  });

const setCookies = (response: LightMyRequestResponse): string[] => {
  const header = response.headers["set-cookie"];
  return header === undefined ? [] : Array.isArray(header) ? header : [header];
};

/** The name=value pair a browser would send back. */
function cookieOf(response: LightMyRequestResponse): string {
  const [only, ...more] = setCookies(response);
  expect(more).toEqual([]);
  expect(only).toBeDefined();
  return (only ?? "").split(";")[0] ?? "";
}

const bodyOf = (response: LightMyRequestResponse) => response.json<Answer>();

async function agents(token: string | undefined): Promise<number> {
  try {
    await sessions.verify(token ?? "");
    return 200;
  } catch {
    return 401;
  }
}

describe("the remembered sign-in cookie", () => {
  it("is set by a login that asks to be remembered: HttpOnly, SameSite=Strict, scoped to the auth API, signed, for the session's maximum age", async () => {
    const response = await login(true);
    expect(response.statusCode).toBe(200);
    const [header] = setCookies(response);
    const attributes = (header ?? "").split(";").map((part) => part.trim());
    expect(attributes[0]).toMatch(/^handoff-remember=[0-9a-f-]{36}\.1\.[\w%+/=-]+$/);
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/api/auth"]));
    const maxAge = Number(attributes.find((part) => part.startsWith("Max-Age="))?.slice("Max-Age=".length));
    expect(maxAge).toBeGreaterThan(43_190);
    expect(maxAge).toBeLessThanOrEqual(43_200);
    // Plain http (a LAN server): Secure would make the browser drop it.
    expect(attributes).not.toContain("Secure");
  });

  it("is Secure, with the __Secure- prefix, over https", async () => {
    const response = await login(true, { "x-forwarded-proto": "https" });
    const [header] = setCookies(response);
    expect(header).toMatch(/^__Secure-handoff-remember=/);
    expect(header?.split(";").map((part) => part.trim())).toContain("Secure");
    const resumed = await resume(cookieOf(response), `https://${HOST}`, { "x-forwarded-proto": "https" });
    expect(resumed.statusCode).toBe(200);
  });

  it("is not set by a login that does not ask", async () => {
    expect(setCookies(await login(false))).toEqual([]);
    expect(setCookies(await login(undefined))).toEqual([]);
  });

  it("resumes: a new session with its SIP config, and the cookie rotates; the page's previous session ends", async () => {
    const signedIn = await login(true);
    const first = cookieOf(signedIn);
    const resumed = await resume(first);
    expect(resumed.statusCode).toBe(200);
    const body = bodyOf(resumed);
    expect(body.sip?.authorizationUsername).toBe("1001");
    expect(await agents(body.token)).toBe(200);
    expect(await agents(bodyOf(signedIn).token)).toBe(401);
    const second = cookieOf(resumed);
    expect(second).not.toBe(first);
    expect(second).toMatch(/\.2\./);
    const again = await resume(second);
    expect(again.statusCode).toBe(200);
    expect(await agents(bodyOf(again).token)).toBe(200);
  });

  it("a cookie used again after it was exchanged ends the sign-in and the session it reached (reuse)", async () => {
    const first = cookieOf(await login(true));
    const resumed = await resume(first);
    const current = cookieOf(resumed);
    const reused = await resume(first);
    expect(reused.statusCode).toBe(401);
    expect(bodyOf(reused).error?.message).toMatch(/used twice/);
    // The cookie is cleared, the holder of the newer cookie is signed out, and that cookie no longer resumes either.
    expect(setCookies(reused)[0]).toMatch(/^handoff-remember=;.*Expires=Thu, 01 Jan 1970/);
    expect(await agents(bodyOf(resumed).token)).toBe(401);
    expect((await resume(current)).statusCode).toBe(401);
  });

  it("sign-out clears the cookie and ends the sign-in: it no longer resumes", async () => {
    const signedIn = await login(true);
    const kept = cookieOf(signedIn);
    const out = await app.inject({ method: "POST", url: "/api/auth/logout", headers: { host: HOST, authorization: `Bearer ${bodyOf(signedIn).token}`, cookie: kept }, payload: {} });
    expect(out.statusCode).toBe(200);
    const [cleared] = setCookies(out);
    expect(cleared).toMatch(/^handoff-remember=;/);
    expect(cleared).toMatch(/Path=\/api\/auth/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
    // A copy kept by someone else is dead too.
    expect((await resume(kept)).statusCode).toBe(401);
  });

  it("a session revoked for a copied token ends the sign-in too", async () => {
    const signedIn = await login(true);
    const token = bodyOf(signedIn).token ?? "";
    const renewed = await sessions.renew(token);
    await sessions.verify(renewed.token);
    await expect(sessions.renew(token)).rejects.toThrow(/already renewed/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await resume(cookieOf(signedIn))).statusCode).toBe(401);
  });

  it("refuses another origin, or none, without ending the sign-in; the dev server's allowed origin may", async () => {
    const kept = cookieOf(await login(true));
    for (const origin of ["http://evil.example", "http://127.0.0.1:9999", "null", null]) {
      const refused = await resume(kept, origin);
      expect(refused.statusCode).toBe(403);
      expect(setCookies(refused)).toEqual([]);
    }
    const allowed = await resume(kept, DEV_ORIGIN);
    expect(allowed.statusCode).toBe(200);
  });

  it("refuses a form post (no JSON body), a tampered cookie and no cookie, and a tampered one does not end the real one", async () => {
    const kept = cookieOf(await login(true));
    const form = await app.inject({ method: "POST", url: "/api/auth/resume", headers: { host: HOST, origin: ORIGIN, cookie: kept, "content-type": "text/plain" }, payload: "x=1" });
    expect(form.statusCode).toBe(400);
    const [name, value = ""] = kept.split("=");
    const [id, , signature] = decodeURIComponent(value).split(".");
    const forged = `${name}=${encodeURIComponent(`${id}.7.${signature}`)}`;
    const tampered = await resume(forged);
    expect(tampered.statusCode).toBe(401);
    expect(setCookies(tampered)[0]).toMatch(/^handoff-remember=;/);
    expect((await resume(null)).statusCode).toBe(401);
    expect((await resume(kept)).statusCode).toBe(200);
  });
});
