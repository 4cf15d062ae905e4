import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiError, HandoffClient, nodeTransport } from "@handoff/client";
import { errorAnswer, FakeHandoffServer } from "@handoff/client/test-support";
import type { Session } from "@handoff/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentSession } from "./agent-session";
import { CredentialVault } from "./credential-vault";
import { silentLogger } from "./logger";
import { fakeSafeStorage } from "./test-support/fake-safe-storage";
import { directoryEntry, loginResponse, RENEWED_TOKEN, signInRequest, TOKEN } from "./test-support/fixtures";

// The client's own rules are tested in client/; here, what main adds: the remembered session.

let server: FakeHandoffServer;
let dir: string;
let changes: Array<Session | null>;
let consentAsked: string[];
const clients: HandoffClient[] = [];

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

beforeEach(async () => {
  server = await FakeHandoffServer.start();
  dir = await mkdtemp(join(tmpdir(), "handoff-session-"));
  changes = [];
  consentAsked = [];
  server
    .on("POST", "/api/auth/login", (request) =>
      (request.body as { password?: string }).password === "correct horse" ? { status: 200, body: loginResponse({ expiresAt: inMinutes(15) }) } : errorAnswer(401, "unauthenticated", "Wrong username or password."),
    )
    .on("POST", "/api/auth/renew", () => ({ status: 200, body: { token: RENEWED_TOKEN, expiresAt: inMinutes(30) } }))
    .on("POST", "/api/auth/logout", { status: 200, body: { signedOut: true } })
    .on("GET", "/api/agents", (request) => (request.headers.authorization === `Bearer ${TOKEN}` || request.headers.authorization === `Bearer ${RENEWED_TOKEN}` ? { status: 200, body: { agents: [directoryEntry()] } } : errorAnswer(401, "unauthenticated", "Sign in again.")));
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.signOut();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function session(options: { backend?: string; consent?: boolean } = {}): { subject: AgentSession; vault: CredentialVault; client: HandoffClient } {
  const vault = new CredentialVault({ dir, safeStorage: fakeSafeStorage(options.backend ?? "gnome_libsecret"), platform: "linux", log: silentLogger });
  const client = new HandoffClient({ transport: nodeTransport, realtime: false, log: silentLogger });
  clients.push(client);
  const subject = new AgentSession({
    client,
    vault,
    askPlaintextConsent: async (reason) => {
      consentAsked.push(reason);
      return options.consent ?? false;
    },
    onChange: (value) => changes.push(value),
    log: silentLogger,
  });
  return { subject, vault, client };
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe("AgentSession", () => {
  it("signs in, exposes the session without the token, and the client calls with it", async () => {
    const { subject, client } = session();
    const result = await subject.signIn(signInRequest({ serverUrl: server.url }));
    expect(result).toEqual({ serverUrl: server.url, agent: loginResponse().agent, sip: loginResponse().sip });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    expect(changes).toEqual([result]);
    expect(subject.secrets()).toEqual([TOKEN]);
    expect(await client.directory()).toHaveLength(1);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
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

  it("restores a remembered session after a restart, renews its token at once and keeps the copy current", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    const { subject, vault, client } = session();
    const restored = await subject.restore();
    expect(restored?.agent.username).toBe("alice");
    expect(await subject.currentSession()).toEqual(restored);
    expect(server.seen("POST", "/api/auth/renew")).toHaveLength(1);
    expect(client.token?.token).toBe(RENEWED_TOKEN);
    expect((await vault.load())?.token).toBe(RENEWED_TOKEN);
    expect(subject.secrets()).toEqual([TOKEN, RENEWED_TOKEN]);
  });

  it("drops a remembered session the server refuses", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    server.on("POST", "/api/auth/renew", errorAnswer(401, "unauthenticated", "This account no longer exists."));
    const { subject, vault } = session();
    await subject.restore();
    expect(await subject.currentSession()).toBeNull();
    await expect.poll(() => exists(vault.path)).toBe(false);
    expect(changes.at(-1)).toBeNull();
  });

  it("keeps a remembered session when the server cannot be reached at start", async () => {
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    server.on("POST", "/api/auth/renew", { drop: true });
    const { subject, client } = session();
    await subject.restore();
    expect(await subject.currentSession()).not.toBeNull();
    expect(client.token?.token).toBe(TOKEN);
  });

  it("does not take up a remembered plain http:// session off this computer: forgotten, and the sign-in screen is told why once", async () => {
    const { subject: first, vault } = session();
    await first.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    const stored = await vault.load();
    if (stored === null) throw new Error("nothing remembered");
    await vault.save({ ...stored, serverUrl: "http://phones.example.com" }, { plaintextConsent: false });
    const { subject } = session();
    expect(await subject.restore()).toBeNull();
    await expect(subject.currentSession()).rejects.toMatchObject({ code: "insecure", message: expect.stringContaining("http://phones.example.com") });
    expect(await subject.currentSession()).toBeNull();
    expect(await exists(vault.path)).toBe(false);
    expect(server.seen("POST", "/api/auth/renew")).toHaveLength(0);
  });

  it("does not restore an expired session", async () => {
    server.on("POST", "/api/auth/login", { status: 200, body: loginResponse({ expiresAt: new Date(Date.now() + 1_000).toISOString() }) });
    await session().subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    const { subject, vault } = session();
    expect(await subject.restore()).toBeNull();
    expect(await exists(vault.path)).toBe(false);
  });

  it("when the server refuses the token mid-use, the session ends here too: changed to null, nothing remembered", async () => {
    const { subject, vault, client } = session();
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    server.on("GET", "/api/agents", errorAnswer(401, "unauthenticated", "Sign in again.")).on("POST", "/api/auth/renew", errorAnswer(401, "unauthenticated", "Sign in again."));
    const error = await client.directory().catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("signed_out");
    expect(await subject.currentSession()).toBeNull();
    expect(changes.at(-1)).toBeNull();
    await expect.poll(() => exists(vault.path)).toBe(false);
  });

  it("signs out: no token, nothing remembered, the server told", async () => {
    const { subject, vault, client } = session();
    await subject.signIn(signInRequest({ serverUrl: server.url, remember: true }));
    await subject.signOut();
    expect(client.token).toBeNull();
    expect(changes.at(-1)).toBeNull();
    expect(server.seen("POST", "/api/auth/logout")).toHaveLength(1);
    expect(await exists(vault.path)).toBe(false);
  });
});
