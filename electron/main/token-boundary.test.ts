import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forwardToBridge, HandoffClient, nodeTransport } from "@handoff/client";
import { FakeHandoffServer, until } from "@handoff/client/test-support";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentSession } from "./agent-session";
import { HANDOFF_APP } from "./app-origin";
import { createBridgeHandlers } from "./bridge-handlers";
import { CredentialVault } from "./credential-vault";
import { invokeChannels, type InvokeMethod } from "./ipc-channels";
import { registerIpcRouter } from "./ipc-router";
import { silentLogger } from "./logger";
import { createRendererSend } from "./renderer-events";
import { SettingsStore } from "./settings-store";
import { GlobalShortcuts } from "./shortcuts";
import { APP_FRAME, FakeIpcMain } from "./test-support/fake-ipc-main";
import { fakeSafeStorage } from "./test-support/fake-safe-storage";
import {
  MONITORING_ID,
  monitoringSession,
  conference,
  CONFERENCE_ID,
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
  settings,
  signInRequest,
  TOKEN,
  transfer,
  TRANSFER_ID,
} from "./test-support/fixtures";

/**
 * The promise of electron/main: the token never crosses to the renderer.
 * The whole main side runs here (router, handlers, session, vault, the real API
 * client over HTTP and socket.io) and everything that would reach the renderer
 * is captured and searched for the token.
 */

let server: FakeHandoffServer;
let dir: string;
let client: HandoffClient;

beforeEach(async () => {
  server = await FakeHandoffServer.start();
  dir = await mkdtemp(join(tmpdir(), "handoff-boundary-"));
  const ok = (body: unknown, status = 200) => () => ({ status, body });
  server
    .on("POST", "/api/auth/login", ok(loginResponse()))
    .on("POST", "/api/auth/renew", ok({ token: RENEWED_TOKEN, expiresAt: new Date(Date.now() + 30 * 60_000).toISOString() }))
    .on("POST", "/api/auth/logout", ok({ signedOut: true }))
    .on("GET", "/api/agents", ok({ agents: [directoryEntry()] }))
    .on("GET", "/api/transfers/available-agents", ok({ agents: [] }))
    .on("GET", "/api/transfers/trunks", ok({ trunks: [] }))
    .on("PUT", "/api/agents/me/status", ok({ status: "away", presence: "away" }))
    .on("POST", "/api/transfers/execute", ok({ transfer: transfer() }, 202))
    .on("POST", `/api/transfers/${TRANSFER_ID}/complete`, ok({ transfer: transfer({ status: "completed" }) }))
    .on("POST", `/api/transfers/${TRANSFER_ID}/cancel`, ok({ transfer: transfer({ status: "cancelled" }) }))
    .on("GET", "/api/calls/history", ok({ calls: [callRecord()] }))
    .on("GET", "/api/queues/settings", ok(queueSettings()))
    .on("GET", "/api/queues", ok({ queues: [queueFigures()] }))
    .on("GET", "/api/agents/me/queue-state", ok({ state: queueState() }))
    .on("POST", "/api/agents/me/queues/join", ok({ state: queueState() }))
    .on("POST", "/api/agents/me/queues/leave", ok({ state: queueState() }))
    .on("POST", "/api/agents/me/pause", ok({ state: queueState() }))
    .on("POST", "/api/agents/me/resume", ok({ state: queueState() }))
    .on("PUT", "/api/calls/call-1/disposition", ok({ callId: "call-1", disposition: { disposition: "Resolved", note: null, by: "agent-alice", at: "2025-01-01T10:00:00.000Z" }, state: queueState() }))
    .on("GET", "/api/supervisor/board", ok({ agents: [boardAgent()], queues: [queueFigures()], at: "2025-01-01T10:00:00.000Z" }))
    .on("GET", "/api/supervisor/audit", ok({ entries: [auditEntry()] }))
    .on("POST", `/api/agents/${BOB_ID}/queues/leave`, ok({ state: queueState() }))
    .on("POST", `/api/agents/${BOB_ID}/resume`, ok({ state: queueState() }))
    .on("POST", "/api/monitoring", ok({ session: monitoringSession(), dial: "*85", dialBy: "2025-01-01T10:00:15.000Z" }, 201))
    .on("PUT", `/api/monitoring/${MONITORING_ID}/mode`, ok({ session: monitoringSession({ mode: "barge" }) }))
    .on("POST", `/api/monitoring/${MONITORING_ID}/stop`, ok({ session: monitoringSession({ status: "ended", endReason: "stopped" }) }))
    .on("GET", "/api/monitoring", ok({ sessions: [monitoringSession()] }))
    .on("POST", "/api/conferences", ok({ conference: conference() }))
    .on("POST", `/api/conferences/${CONFERENCE_ID}/leave`, ok({ conference: conference() }))
    .on("POST", `/api/conferences/${CONFERENCE_ID}/participants/1735725600.3/drop`, ok({ conference: conference() }))
    .on("POST", `/api/conferences/${CONFERENCE_ID}/end`, ok({ conference: conference({ status: "ended" }) }));
  server.accepted.add(TOKEN);
});
afterEach(async () => {
  await client.signOut();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the token boundary", () => {
  it("no bridge reply and no forwarded event contains the token", async () => {
    const toRenderer: Array<{ channel: string; payload: unknown }> = [];
    const ipc = new FakeIpcMain();
    client = new HandoffClient({ transport: nodeTransport, log: silentLogger });
    const session = new AgentSession({
      client,
      vault: new CredentialVault({ dir, safeStorage: fakeSafeStorage("gnome_libsecret"), platform: "linux", log: silentLogger }),
      askPlaintextConsent: async () => false,
      onChange: () => undefined,
      log: silentLogger,
    });
    const send = createRendererSend((channel, payload) => toRenderer.push({ channel, payload }), () => session.secrets(), silentLogger);
    forwardToBridge(client, send);
    const shortcuts = new GlobalShortcuts({ register: () => true, unregister: () => undefined }, (action) => send("onShortcut", action), silentLogger);
    registerIpcRouter({ ipcMain: ipc, app: HANDOFF_APP, handlers: createBridgeHandlers({ session, api: client, settings: new SettingsStore(dir, silentLogger), shortcuts }), secrets: () => session.secrets(), log: silentLogger });

    const calls: { [M in Exclude<InvokeMethod, "signOut">]: unknown[] } = {
      signIn: [signInRequest({ serverUrl: server.url, remember: true })],
      currentSession: [],
      directory: [],
      availableAgents: ["bo"],
      trunks: [],
      setStatus: ["away"],
      executeTransfer: [{ callId: "abc@pbx", mode: "blind", target: { kind: "extension", value: "1002" } }],
      completeTransfer: [TRANSFER_ID],
      cancelTransfer: [TRANSFER_ID],
      callHistory: [],
      queueSettings: [],
      queueFigures: [],
      queueState: [],
      joinQueues: [{}],
      leaveQueues: [{}],
      pause: ["Lunch"],
      endPause: [],
      setDisposition: [{ callId: "call-1", disposition: "Resolved" }],
      board: [],
      supervisorAudit: [],
      signAgentOut: [BOB_ID],
      endAgentPause: [BOB_ID],
      startMonitoring: [{ agentId: BOB_ID, mode: "listen" }],
      changeMonitoringMode: [{ sessionId: MONITORING_ID, mode: "barge" }],
      stopMonitoring: [MONITORING_ID],
      monitoringSessions: [],
      mergeConference: [{ callId: "abc@pbx" }],
      leaveConference: [CONFERENCE_ID],
      dropFromConference: [{ conferenceId: CONFERENCE_ID, participantId: "1735725600.3" }],
      endConference: [CONFERENCE_ID],
      getSettings: [],
      saveSettings: [settings()],
    };
    const replies: unknown[] = [];
    for (const method of Object.keys(calls) as Array<keyof typeof calls>) {
      const reply = await ipc.invoke(invokeChannels[method], APP_FRAME, ...calls[method]);
      expect(reply.ok, `${method}: ${JSON.stringify(reply)}`).toBe(true);
      replies.push(reply);
    }
    // Every authenticated call did use the token: it was there to leak.
    expect(server.requests.filter((request) => request.headers.authorization === `Bearer ${TOKEN}`)).toHaveLength(28);

    // The real-time link, including a server event that (wrongly) echoes the token, and the session's end.
    await until(() => toRenderer.some((message) => message.channel === "handoff:event:onRealtimeState" && message.payload === "connected"), "connected");
    server.emit("transfer.updated", transfer({ note: `echo ${TOKEN}` }));
    server.emit("call.context", callContext());
    server.emit("agent.queue_state", queueState());
    server.emit("queue.figures", queueFigures());
    server.emit("board.agent", boardAgent({ name: `echo ${TOKEN}` }));
    server.emit("supervisor.audit", auditEntry());
    server.emit("monitoring.updated", monitoringSession());
    server.emit("monitoring.notice", { sessionId: MONITORING_ID, supervisorName: "Sue Park", mode: "whisper" });
    server.emit("conference.updated", conference());
    server.emit("presence.updated", directoryEntry());
    await until(() => toRenderer.some((message) => message.channel === "handoff:event:onPresenceUpdated"), "the events");
    server.endSessions("revoked");
    await until(() => toRenderer.some((message) => message.channel === "handoff:event:onSessionEnded"), "the end of the session");
    replies.push(await ipc.invoke(invokeChannels.signOut, APP_FRAME));

    expect(toRenderer.map((message) => message.channel)).toEqual(expect.arrayContaining([
        "handoff:event:onRealtimeState",
        "handoff:event:onCallContext",
        "handoff:event:onPresenceUpdated",
        "handoff:event:onAgentQueueState",
        "handoff:event:onQueueFigures",
        "handoff:event:onSupervisorAudit",
        "handoff:event:onMonitoringUpdated",
        "handoff:event:onMonitoringNotice",
        "handoff:event:onConferenceUpdated",
      ]));
    expect(toRenderer.find((message) => message.channel === "handoff:event:onSessionEnded")?.payload).toEqual({ reason: "revoked" });
    expect(toRenderer.some((message) => message.channel === "handoff:event:onTransferUpdated")).toBe(false);
    expect(toRenderer.some((message) => message.channel === "handoff:event:onBoardAgent")).toBe(false);
    expect(JSON.stringify(replies)).not.toContain(TOKEN);
    expect(JSON.stringify(toRenderer)).not.toContain(TOKEN);
  });
});
