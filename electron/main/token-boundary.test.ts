import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentSession } from "./agent-session";
import { HANDOFF_APP } from "./app-origin";
import { createBridgeHandlers } from "./bridge-handlers";
import { CredentialVault } from "./credential-vault";
import { invokeChannels, type InvokeMethod } from "./ipc-channels";
import { registerIpcRouter } from "./ipc-router";
import { silentLogger } from "./logger";
import { RealtimeLink } from "./realtime";
import { createRendererSend } from "./renderer-events";
import { ServerClient } from "./server-client";
import { SettingsStore } from "./settings-store";
import { GlobalShortcuts } from "./shortcuts";
import { APP_FRAME, FakeIpcMain } from "./test-support/fake-ipc-main";
import { FakeHandoffServer } from "./test-support/fake-handoff-server";
import { FakeRealtimeServer } from "./test-support/fake-realtime-server";
import { fakeSafeStorage } from "./test-support/fake-safe-storage";
import { callContext, callRecord, directoryEntry, loginResponse, RENEWED_TOKEN, settings, signInRequest, TOKEN, transfer, TRANSFER_ID } from "./test-support/fixtures";

/**
 * The promise of electron/main: the token never crosses to the renderer.
 * The whole main side runs here (router, handlers, session, vault, real HTTP
 * client, real socket.io link) and everything that would reach the renderer
 * is captured and searched for the token.
 */

let http: FakeHandoffServer;
let realtime: FakeRealtimeServer;
let dir: string;

beforeEach(async () => {
  http = await FakeHandoffServer.start();
  realtime = await FakeRealtimeServer.start();
  dir = await mkdtemp(join(tmpdir(), "handoff-boundary-"));
  const ok = (body: unknown, status = 200) => () => ({ status, body });
  http
    .on("POST", "/api/auth/login", ok(loginResponse()))
    .on("POST", "/api/auth/renew", ok({ token: RENEWED_TOKEN, expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() }))
    .on("GET", "/api/agents", ok({ agents: [directoryEntry()] }))
    .on("GET", "/api/transfers/available-agents", ok({ agents: [] }))
    .on("PUT", "/api/agents/me/status", ok({ status: "away", presence: "away" }))
    .on("POST", "/api/transfers/execute", ok({ transfer: transfer() }, 202))
    .on("POST", `/api/transfers/${TRANSFER_ID}/complete`, ok({ transfer: transfer({ status: "completed" }) }))
    .on("POST", `/api/transfers/${TRANSFER_ID}/cancel`, ok({ transfer: transfer({ status: "cancelled" }) }))
    .on("GET", "/api/calls/history", ok({ calls: [callRecord()] }));
  realtime.accepted.add(TOKEN);
});
afterEach(async () => {
  await http.close();
  await realtime.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the token boundary", () => {
  it("no bridge reply and no forwarded event contains the token", async () => {
    const toRenderer: Array<{ channel: string; payload: unknown }> = [];
    const ipc = new FakeIpcMain();
    const session = new AgentSession({
      createClient: (baseUrl, token) => new ServerClient({ baseUrl, token }),
      vault: new CredentialVault({ dir, safeStorage: fakeSafeStorage("gnome_libsecret"), platform: "linux", log: silentLogger }),
      askPlaintextConsent: async () => false,
      onChange: () => undefined,
      log: silentLogger,
    });
    const send = createRendererSend((channel, payload) => toRenderer.push({ channel, payload }), () => session.secrets(), silentLogger);
    const shortcuts = new GlobalShortcuts({ register: () => true, unregister: () => undefined }, (action) => send("onShortcut", action), silentLogger);
    registerIpcRouter({ ipcMain: ipc, app: HANDOFF_APP, handlers: createBridgeHandlers({ session, settings: new SettingsStore(dir, silentLogger), shortcuts }), secrets: () => session.secrets(), log: silentLogger });

    const calls: { [M in InvokeMethod]: unknown[] } = {
      signIn: [signInRequest({ serverUrl: http.url, remember: true })],
      currentSession: [],
      directory: [],
      availableAgents: ["bo"],
      setStatus: ["away"],
      executeTransfer: [{ callId: "abc@pbx", mode: "blind", target: { kind: "extension", value: "1002" } }],
      completeTransfer: [TRANSFER_ID],
      cancelTransfer: [TRANSFER_ID],
      callHistory: [],
      getSettings: [],
      saveSettings: [settings()],
      signOut: [],
    };
    const replies: unknown[] = [];
    for (const method of Object.keys(calls) as InvokeMethod[]) {
      const reply = await ipc.invoke(invokeChannels[method], APP_FRAME, ...calls[method]);
      expect(reply.ok, `${method}: ${JSON.stringify(reply)}`).toBe(true);
      replies.push(reply);
    }
    // Every authenticated call did use the token (signOut's logout too): it was there to leak.
    expect(http.requests.filter((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toHaveLength(8);
    expect(JSON.stringify(replies)).not.toContain(TOKEN);

    // The real-time link, including a server event that (wrongly) echoes the token.
    await session.signIn(signInRequest({ serverUrl: http.url }));
    const link = new RealtimeLink({ serverUrl: realtime.url, token: () => session.token(), refreshToken: () => session.renewNow(), send, log: silentLogger });
    link.start();
    const deadline = Date.now() + 3_000;
    while (link.state !== "connected" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    realtime.emit("transfer.updated", transfer({ note: `echo ${TOKEN}` }));
    realtime.emit("call.context", callContext());
    realtime.emit("presence.updated", directoryEntry());
    while (toRenderer.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    link.stop();

    expect(toRenderer.map((message) => message.channel)).toEqual(expect.arrayContaining(["handoff:event:onRealtimeState", "handoff:event:onCallContext", "handoff:event:onPresenceUpdated"]));
    expect(toRenderer.some((message) => message.channel === "handoff:event:onTransferUpdated")).toBe(false);
    expect(JSON.stringify(toRenderer)).not.toContain(TOKEN);
  });
});
