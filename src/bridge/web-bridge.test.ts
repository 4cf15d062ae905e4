import { ApiError, HandoffClient } from "@handoff/client";
import type { SessionEnded } from "@handoff/contract";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { FakeServer, MemoryStorage } from "../test-support/fake-server";
import { DEFAULT_SETTINGS } from "./default-settings";
import { WebBridge } from "./web-bridge";

// The client's own rules (retries, keys, renewal, errors) are tested once for both apps in client/;
// here, what the web bridge adds: where things are kept, and what reaches the app's listeners.

const AGENT = { id: "a-1", name: "Sam Self", username: "sam", extension: "1001", role: "agent" as const };
const SIP = { wsServer: "wss://pbx.test:8089/ws", aor: "sip:1001@pbx.test", authorizationUsername: "1001", authorizationPassword: "sip-secret", displayName: "Sam Self" };

function setUp(server: FakeServer) {
  const storage = new MemoryStorage();
  server.on("POST", "/api/auth/login", { status: 200, body: { token: "jwt-0123456789", expiresAt: new Date(Date.now() + 900_000).toISOString(), agent: AGENT, sip: SIP } });
  const client = new HandoffClient({ transport: { name: "browser", http: { adapter: server.adapter }, connect: io }, realtime: false, log: { info: () => undefined, warn: () => undefined } });
  return { bridge: new WebBridge({ storage, client }), storage };
}

const signIn = (b: WebBridge) => b.signIn({ serverUrl: "https://server.test:8080/", username: "sam", password: "pw", remember: true });

describe("web bridge", () => {
  it("after a reload, takes up the remembered sign-in once however often asked; without one asks nothing", async () => {
    const server = new FakeServer().on("POST", "/api/auth/resume", { status: 200, body: { token: "jwt-resumed-0123", expiresAt: new Date(Date.now() + 900_000).toISOString(), agent: AGENT, sip: SIP } });
    const { bridge, storage } = setUp(server);
    expect(await bridge.currentSession()).toBeNull();
    expect(server.seen("POST", "/api/auth/resume")).toEqual([]);
    await signIn(bridge);
    const client = new HandoffClient({ transport: { name: "browser", http: { adapter: server.adapter }, connect: io }, realtime: false, log: { info: () => undefined, warn: () => undefined } });
    const reloaded = new WebBridge({ storage, client });
    const [first, second] = await Promise.all([reloaded.currentSession(), reloaded.currentSession()]);
    expect(first).toEqual({ serverUrl: "https://server.test:8080", agent: AGENT, sip: SIP });
    expect(second).toEqual(first);
    expect(server.seen("POST", "/api/auth/resume")).toHaveLength(1);
    server.on("GET", "/api/agents", { status: 200, body: { agents: [] } });
    await reloaded.directory();
    expect(server.seen("GET", "/api/agents")[0]?.headers.authorization).toBe("Bearer jwt-resumed-0123");
  });

  it("a remembered sign-in the server no longer has is forgotten: the next reload asks nothing", async () => {
    const refused = { status: 401, body: { error: { code: "unauthenticated", message: "Sign in again: this browser's sign-in has ended." } } };
    const server = new FakeServer().on("POST", "/api/auth/resume", refused);
    const { bridge, storage } = setUp(server);
    await signIn(bridge);
    const reload = () => new WebBridge({ storage, client: new HandoffClient({ transport: { name: "browser", http: { adapter: server.adapter }, connect: io }, realtime: false, log: { info: () => undefined, warn: () => undefined } }) });
    expect(await reload().currentSession()).toBeNull();
    expect(await reload().currentSession()).toBeNull();
    expect(server.seen("POST", "/api/auth/resume")).toHaveLength(1);
  });

  it("a remembered sign-in at a plain http:// server elsewhere is refused once, saying why, then forgotten: nothing is sent", async () => {
    const server = new FakeServer();
    const { storage } = setUp(server);
    storage.setItem("handoff.rememberedAt", "http://phones.example.com");
    const reload = () => new WebBridge({ storage, client: new HandoffClient({ transport: { name: "browser", http: { adapter: server.adapter }, connect: io }, realtime: false, log: { info: () => undefined, warn: () => undefined } }) });
    await expect(reload().currentSession()).rejects.toMatchObject({ code: "insecure", message: expect.stringContaining("http://phones.example.com") });
    expect(await reload().currentSession()).toBeNull();
    expect(server.requests).toEqual([]);
  });

  it("signing in without remember, or signing out, leaves nothing to resume", async () => {
    const server = new FakeServer().on("POST", "/api/auth/logout", { status: 200, body: { signedOut: true } });
    const { bridge, storage } = setUp(server);
    await bridge.signIn({ serverUrl: "https://server.test:8080/", username: "sam", password: "pw", remember: false });
    expect(server.seen("POST", "/api/auth/login")[0]?.body).toEqual({ username: "sam", password: "pw" });
    expect(storage.getItem("handoff.rememberedAt")).toBeNull();
    await signIn(bridge);
    expect(storage.getItem("handoff.rememberedAt")).toBe("https://server.test:8080");
    await bridge.signOut();
    expect(storage.getItem("handoff.rememberedAt")).toBeNull();
  });

  it("signs in, keeps the token in memory only, and sends it as a bearer token", async () => {
    const server = new FakeServer().on("GET", "/api/agents", { status: 200, body: { agents: [] } });
    const { bridge, storage } = setUp(server);
    expect(await signIn(bridge)).toEqual({ serverUrl: "https://server.test:8080", agent: AGENT, sip: SIP });
    expect(await bridge.currentSession()).toEqual({ serverUrl: "https://server.test:8080", agent: AGENT, sip: SIP });
    expect(server.seen("POST", "/api/auth/login")[0]?.body).toEqual({ username: "sam", password: "pw", remember: true });
    await bridge.directory();
    expect(server.seen("GET", "/api/agents")[0]?.headers.authorization).toBe("Bearer jwt-0123456789");
    // Remembering is the server's HttpOnly cookie; the page keeps settings and which server remembers it, never a token.
    await bridge.saveSettings({ ...DEFAULT_SETTINGS, ringtone: "soft" });
    expect(new Set(storage.written)).toEqual(new Set(["handoff.settings", "handoff.rememberedAt"]));
    expect(JSON.stringify([...Array(storage.length).keys()].map((i) => storage.getItem(storage.key(i)!)))).not.toContain("jwt-0123456789");
  });

  it("rejects with the server's own message, as a typed error", async () => {
    const server = new FakeServer();
    const { bridge } = setUp(server);
    server.on("POST", "/api/auth/login", { status: 401, body: { error: { code: "unauthenticated", message: "Wrong username or password." } } });
    const error = await signIn(bridge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: "unauthenticated", message: "Wrong username or password.", status: 401 });
  });

  it("tells the app the session ended, with a typed reason, when the server refuses the token; listeners unsubscribe", async () => {
    const refused = { status: 401, body: { error: { code: "unauthenticated", message: "Sign in again: the session is unknown." } } };
    const server = new FakeServer().on("GET", "/api/calls/history", refused).on("POST", "/api/auth/renew", refused);
    const { bridge } = setUp(server);
    await signIn(bridge);
    const ended: SessionEnded[] = [];
    const other: SessionEnded[] = [];
    bridge.onSessionEnded((event) => ended.push(event));
    const off = bridge.onSessionEnded((event) => other.push(event));
    off();
    await expect(bridge.callHistory()).rejects.toMatchObject({ code: "signed_out" });
    expect(ended).toEqual([{ reason: "refused" }]);
    expect(other).toEqual([]);
    expect(await bridge.currentSession()).toBeNull();
  });

  it("signs out without a session-ended event, and tells the server", async () => {
    const server = new FakeServer().on("POST", "/api/auth/logout", { status: 200, body: { signedOut: true } });
    const { bridge } = setUp(server);
    await signIn(bridge);
    const ended: SessionEnded[] = [];
    bridge.onSessionEnded((event) => ended.push(event));
    await bridge.signOut();
    expect(server.seen("POST", "/api/auth/logout")[0]?.headers.authorization).toBe("Bearer jwt-0123456789");
    expect(ended).toEqual([]);
    expect(await bridge.currentSession()).toBeNull();
  });

  it("keeps settings in storage, and falls back to defaults for anything unreadable", async () => {
    const { bridge, storage } = setUp(new FakeServer());
    expect(await bridge.getSettings()).toEqual(DEFAULT_SETTINGS);
    await bridge.saveSettings({ ...DEFAULT_SETTINGS, microphoneId: "mic-2" });
    expect((await bridge.getSettings()).microphoneId).toBe("mic-2");
    storage.setItem("handoff.settings", JSON.stringify({ ringtone: "soft", shortcuts: { answer: "F2" } }));
    const merged = await bridge.getSettings();
    expect(merged.ringtone).toBe("soft");
    expect(merged.shortcuts.answer).toBe("F2");
    expect(merged.shortcuts.hangup).toBe("H");
    storage.setItem("handoff.settings", "{not json");
    expect(await bridge.getSettings()).toEqual(DEFAULT_SETTINGS);
  });
});
