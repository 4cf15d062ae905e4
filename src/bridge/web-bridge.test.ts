import type { Transfer } from "@handoff/contract";
import { afterEach, describe, expect, it } from "vitest";
import { FakeServer, MemoryStorage } from "../test-support/fake-server";
import { BridgeError } from "./bridge-error";
import { DEFAULT_SETTINGS } from "./default-settings";
import type { RealtimeCallbacks } from "./web-realtime";
import { WebBridge } from "./web-bridge";

const AGENT = { id: "a-1", name: "Sam Self", username: "sam", extension: "1001", role: "agent" as const };
const SIP = { wsServer: "ws://pbx.test:8088/ws", aor: "sip:1001@pbx.test", authorizationUsername: "1001", authorizationPassword: "sip-secret", displayName: "Sam Self" };
const TRANSFER_ID = "6f1c7f5e-8d3a-4b7e-9d53-0c2f5a2b9e11";
const transfer: Transfer = {
  id: TRANSFER_ID,
  kind: "transfer",
  callId: "abc@pbx",
  mode: "blind",
  target: { kind: "agent", value: "a-2", label: "Bob Baker (1003)" },
  status: "initiated",
  reason: null,
  note: null,
  fromAgentId: "a-1",
  toAgentId: "a-2",
  createdAt: "2025-01-01T09:00:00.000Z",
  updatedAt: "2025-01-01T09:00:00.000Z",
  history: [{ status: "initiated", at: "2025-01-01T09:00:00.000Z", by: "a-1", reason: null }],
};

let bridge: WebBridge | null = null;
afterEach(async () => {
  await bridge?.signOut();
  bridge = null;
});

function setUp(server: FakeServer) {
  const storage = new MemoryStorage();
  const realtime: { callbacks: RealtimeCallbacks | null; token: () => string | null; opened: number; closed: number } = { callbacks: null, token: () => null, opened: 0, closed: 0 };
  server.on("POST", "/api/auth/login", { status: 200, body: { token: "jwt-1", expiresAt: new Date(Date.now() + 900_000).toISOString(), agent: AGENT, sip: SIP } });
  bridge = new WebBridge({
    storage,
    adapter: server.adapter,
    openRealtime: (_url, token, callbacks) => {
      realtime.callbacks = callbacks;
      realtime.token = token;
      return { open: () => void realtime.opened++, close: () => void realtime.closed++ };
    },
  });
  return { bridge, storage, realtime };
}

const signIn = (b: WebBridge, serverUrl = "http://server.test:8080/") => b.signIn({ serverUrl, username: "sam", password: "pw", remember: true });

describe("web bridge", () => {
  it("signs in, keeps the token in memory only, and sends it as a bearer token", async () => {
    const server = new FakeServer().on("GET", "/api/agents", { status: 200, body: { agents: [] } });
    const { bridge, storage, realtime } = setUp(server);
    const session = await signIn(bridge);
    expect(session).toEqual({ serverUrl: "http://server.test:8080", agent: AGENT, sip: SIP });
    expect(server.seen("POST", "/api/auth/login")[0]?.body).toEqual({ username: "sam", password: "pw" });
    expect(realtime.opened).toBe(1);
    expect(realtime.token()).toBe("jwt-1");
    await bridge.directory();
    expect(server.seen("GET", "/api/agents")[0]?.headers.authorization).toBe("Bearer jwt-1");
    // "remember" means nothing in a browser: nothing but settings is ever written.
    await bridge.saveSettings({ ...DEFAULT_SETTINGS, ringtone: "soft" });
    expect(new Set(storage.written)).toEqual(new Set(["handoff.settings"]));
    expect(JSON.stringify([...Array(storage.length).keys()].map((i) => storage.getItem(storage.key(i)!)))).not.toContain("jwt-1");
  });

  it("turns the server's error body into an error with its message", async () => {
    const server = new FakeServer();
    const { bridge } = setUp(server);
    server.on("POST", "/api/auth/login", { status: 401, body: { error: { code: "unauthenticated", message: "Wrong username or password." } } });
    const error = await signIn(bridge).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: "unauthenticated", message: "Wrong username or password.", status: 401 });
  });

  it("says which server it could not reach", async () => {
    const server = new FakeServer();
    const { bridge } = setUp(server);
    server.on("POST", "/api/auth/login", "network-error");
    await expect(signIn(bridge)).rejects.toThrow(/Cannot reach the Handoff server at http:\/\/server\.test:8080/);
  });

  it("refuses a response that does not match the contract", async () => {
    const server = new FakeServer().on("GET", "/api/agents", { status: 200, body: { agents: [{ id: 1 }] } });
    const { bridge } = setUp(server);
    await signIn(bridge);
    await expect(bridge.directory()).rejects.toMatchObject({ code: "invalid_response" });
  });

  it("validates what it sends before sending", async () => {
    const server = new FakeServer();
    const { bridge } = setUp(server);
    await signIn(bridge);
    await expect(bridge.executeTransfer({ callId: "abc@pbx", target: { kind: "external", value: "12" }, mode: "blind" })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(bridge.completeTransfer("not-a-uuid")).rejects.toMatchObject({ code: "invalid_request" });
    expect(server.seen("POST", "/api/transfers/execute")).toHaveLength(0);
  });

  it("sends one Idempotency-Key per transfer and reuses it when the request is lost", async () => {
    const server = new FakeServer().on("POST", "/api/transfers/execute", (_request, attempt) => (attempt < 2 ? "network-error" : { status: 202, body: { transfer } }));
    const { bridge } = setUp(server);
    await signIn(bridge);
    const request = { callId: "abc@pbx", target: { kind: "agent" as const, value: "a-2" }, mode: "blind" as const, note: "VIP" };
    expect(await bridge.executeTransfer(request)).toEqual(transfer);
    const sent = server.seen("POST", "/api/transfers/execute");
    expect(sent).toHaveLength(2);
    expect(sent[0]?.body).toEqual(request);
    expect(sent[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(sent[1]?.headers["idempotency-key"]).toBe(sent[0]?.headers["idempotency-key"]);

    await bridge.executeTransfer(request);
    expect(server.seen("POST", "/api/transfers/execute")[2]?.headers["idempotency-key"]).not.toBe(sent[0]?.headers["idempotency-key"]);
  });

  it("does not retry a refusal", async () => {
    const server = new FakeServer().on("POST", "/api/transfers/execute", { status: 409, body: { error: { code: "conflict", message: "A transfer is already in progress on this call." } } });
    const { bridge } = setUp(server);
    await signIn(bridge);
    await expect(bridge.executeTransfer({ callId: "abc@pbx", target: { kind: "queue", value: "support" }, mode: "blind" })).rejects.toMatchObject({ code: "conflict" });
    expect(server.seen("POST", "/api/transfers/execute")).toHaveLength(1);
  });

  it("completes and cancels by id", async () => {
    const server = new FakeServer().on("POST", `/api/transfers/${TRANSFER_ID}/complete`, { status: 200, body: { transfer } }).on("POST", `/api/transfers/${TRANSFER_ID}/cancel`, { status: 200, body: { transfer } });
    const { bridge } = setUp(server);
    await signIn(bridge);
    await bridge.completeTransfer(TRANSFER_ID);
    await bridge.cancelTransfer(TRANSFER_ID);
    expect(server.seen("POST", `/api/transfers/${TRANSFER_ID}/complete`)[0]?.body).toBeUndefined();
    expect(server.seen("POST", `/api/transfers/${TRANSFER_ID}/cancel`)).toHaveLength(1);
  });

  it("forgets the token when the server refuses it, and asks to sign in again", async () => {
    const server = new FakeServer().on("GET", "/api/calls/history", { status: 401, body: { error: { code: "unauthenticated", message: "Your session expired; sign in again." } } });
    const { bridge, realtime } = setUp(server);
    await signIn(bridge);
    await expect(bridge.callHistory()).rejects.toMatchObject({ code: "unauthenticated" });
    expect(realtime.closed).toBe(1);
    expect(await bridge.currentSession()).toBeNull();
    await expect(bridge.directory()).rejects.toThrow(/sign in again/);
  });

  it("renews the token when the socket is refused, and the socket then uses the new one", async () => {
    const server = new FakeServer().on("POST", "/api/auth/renew", { status: 200, body: { token: "jwt-2", expiresAt: new Date(Date.now() + 900_000).toISOString() } });
    const { bridge, realtime } = setUp(server);
    await signIn(bridge);
    expect(await realtime.callbacks!.refused()).toBe(true);
    expect(server.seen("POST", "/api/auth/renew")[0]?.headers.authorization).toBe("Bearer jwt-1");
    expect(realtime.token()).toBe("jwt-2");
  });

  it("passes real-time events and states to listeners, which unsubscribe", async () => {
    const { bridge, realtime } = setUp(new FakeServer());
    await signIn(bridge);
    const seen: string[] = [];
    const off = bridge.onTransferUpdated((t) => seen.push(t.status));
    bridge.onRealtimeState((state) => seen.push(state));
    realtime.callbacks!.events["transfer.updated"](transfer);
    realtime.callbacks!.state("connected");
    off();
    realtime.callbacks!.events["transfer.updated"]({ ...transfer, status: "ringing" });
    expect(seen).toEqual(["initiated", "connected"]);
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
