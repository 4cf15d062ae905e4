import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Session } from "@handoff/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentSession } from "./agent-session";
import { CredentialVault } from "./credential-vault";
import { silentLogger } from "./logger";
import { ServerClient } from "./server-client";
import { ServerError } from "./server-error";
import { errorAnswer, FakeHandoffServer } from "./test-support/fake-handoff-server";
import { fakeSafeStorage } from "./test-support/fake-safe-storage";
import { directoryEntry, loginResponse, RENEWED_TOKEN, signInRequest, TOKEN } from "./test-support/fixtures";
import { ManualTimers } from "./test-support/manual-timers";

let server: FakeHandoffServer;
let dir: string;
let timers: ManualTimers;
let changes: Array<Session | null>;
let consentAsked: string[];

beforeEach(async () => {
  server = await FakeHandoffServer.start();
  dir = await mkdtemp(join(tmpdir(), "handoff-session-"));
  timers = new ManualTimers();
  changes = [];
  consentAsked = [];
  const expiresAt = new Date(timers.now + 15 * 60_000).toISOString();
  server
    .on("POST", "/api/auth/login", (request) =>
      (request.body as { password?: string }).password === "correct horse" ? { status: 200, body: loginResponse({ expiresAt }) } : errorAnswer(401, "unauthenticated", "Wrong username or password."),
    )
    .on("POST", "/api/auth/renew", () => ({ status: 200, body: { token: RENEWED_TOKEN, expiresAt: new Date(timers.now + 30 * 60_000).toISOString() } }))
    .on("GET", "/api/agents", (request) => (request.headers.authorization === `Bearer ${TOKEN}` || request.headers.authorization === `Bearer ${RENEWED_TOKEN}` ? { status: 200, body: { agents: [directoryEntry()] } } : errorAnswer(401, "unauthenticated", "Sign in again.")));
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function session(options: { backend?: string; consent?: boolean } = {}): { subject: AgentSession; vault: CredentialVault } {
  const vault = new CredentialVault({ dir, safeStorage: fakeSafeStorage(options.backend ?? "gnome_libsecret"), platform: "linux", log: silentLogger });
  const subject = new AgentSession({
    createClient: (baseUrl, token) => new ServerClient({ baseUrl, token }),
    vault,
    askPlaintextConsent: async (reason) => {
      consentAsked.push(reason);
      return options.consent ?? false;
    },
    onChange: (value) => changes.push(value),
    log: silentLogger,
    now: () => timers.now,
    timers,
  });
  return { subject, vault };
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe("AgentSession", () => {
  it("signs in, exposes the session without the token, and calls the server with it", async () => {
    const { subject } = session();
    const result = await subject.signIn(signInRequest({ serverUrl: server.url }));
    expect(result).toEqual({ serverUrl: server.url, agent: loginResponse().agent, sip: loginResponse().sip });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(changes).toEqual([result]);
    expect(await subject.call((client) => client.directory())).toHaveLength(1);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(timers.delays).toEqual([14 * 60_000]);
  });

  it("passes a failed sign-in's message through and stays signed out", async () => {
    const { subject } = session();
    await expect(subject.signIn(signInRequest({ serverUrl: server.url, password: "wrong" }))).rejects.toThrow("Wrong username or password.");
    expect(await subject.currentSession()).toBeNull();
  });

  it("remembers the session with a keyring, without asking", async () => {
    const { subject, vault } = session();
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    expect(consentAsked).toEqual([]);
    expect((await vault.load())?.token).toBe(TOKEN);
  });

  it("without a keyring, asks first and writes nothing when the agent declines", async () => {
    const { subject, vault } = session({ backend: "basic_text", consent: false });
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    expect(consentAsked).toHaveLength(1);
    expect(consentAsked[0]).toMatch(/No secret service/);
    expect(await exists(vault.path)).toBe(false);
    expect(await subject.currentSession()).not.toBeNull();
  });

  it("without a keyring, remembers when the agent agrees", async () => {
    const { subject, vault } = session({ backend: "basic_text", consent: true });
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    expect((await vault.load())?.token).toBe(TOKEN);
  });

  it("does not ask or write when remember is off, and forgets an earlier session", async () => {
    const first = session();
    await first.subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    const { subject, vault } = session({ backend: "basic_text" });
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: false }));
    expect(consentAsked).toEqual([]);
    expect(await exists(vault.path)).toBe(false);
  });

  it("restores a remembered session after a restart and renews its token at once", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    const { subject, vault } = session();
    const restored = await subject.restore();
    expect(restored?.agent.username).toBe("alice");
    expect(await subject.currentSession()).toEqual(restored);
    expect(server.requests.filter((request) => request.path === "/api/auth/renew")).toHaveLength(1);
    expect(subject.token()).toBe(RENEWED_TOKEN);
    expect((await vault.load())?.token).toBe(RENEWED_TOKEN);
  });

  it("drops a remembered session the server refuses", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    server.on("POST", "/api/auth/renew", () => errorAnswer(401, "unauthenticated", "This account no longer exists."));
    const { subject, vault } = session();
    await subject.restore();
    expect(await subject.currentSession()).toBeNull();
    expect(await exists(vault.path)).toBe(false);
    expect(changes.at(-1)).toBeNull();
  });

  it("keeps a remembered session when the server cannot be reached at start", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    server.on("POST", "/api/auth/renew", () => ({ drop: true }));
    const { subject } = session();
    await subject.restore();
    expect(await subject.currentSession()).not.toBeNull();
    expect(subject.token()).toBe(TOKEN);
  });

  it("does not restore an expired session", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    timers.now += 16 * 60_000;
    const { subject, vault } = session();
    expect(await subject.restore()).toBeNull();
    expect(await exists(vault.path)).toBe(false);
  });

  it("ends the session when the server stops accepting the token mid-use", async () => {
    const { subject } = session();
    await subject.signIn(signInRequest({ serverUrl: server.url }));
    server.on("GET", "/api/agents", () => errorAnswer(401, "unauthenticated", "Sign in again."));
    await expect(subject.call((client) => client.directory())).rejects.toThrow("Sign in again.");
    expect(await subject.currentSession()).toBeNull();
    expect(changes.at(-1)).toBeNull();
    const error = await subject.call((client) => client.directory()).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe("signed_out");
  });

  it("signs out: no token, no renewal, nothing remembered", async () => {
    const { subject, vault } = session();
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    await subject.signOut();
    expect(subject.token()).toBeNull();
    expect(timers.delays).toEqual([]);
    expect(await exists(vault.path)).toBe(false);
  });
});
