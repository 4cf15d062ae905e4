import { ApiError } from "@handoff/client";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "./app-error";
import { HANDOFF_APP } from "./app-origin";
import { invokeChannels, type InvokeMethod } from "./ipc-channels";
import { argSchemas, registerIpcRouter, type BridgeHandlers } from "./ipc-router";
import type { Logger } from "./logger";
import { APP_FRAME, FakeIpcMain } from "./test-support/fake-ipc-main";
import { auditEntry, BOB_ID, boardAgent, callRecord, conference, CONFERENCE_ID, directoryEntry, loginResponse, monitoringSession, queueFigures, queueSettings, queueState, settings, signInRequest, TOKEN, transfer, TRANSFER_ID } from "./test-support/fixtures";

const MULTI_LINE_NOTE = "VIP, wants a refund 🙂\n顧客は返金を希望しています\n\tOrder 4711";

function fakeHandlers(): BridgeHandlers {
  const { agent, sip } = loginResponse();
  const session = { serverUrl: "http://127.0.0.1:8080", agent, sip };
  return {
    signIn: vi.fn(async () => session),
    signOut: vi.fn(async () => undefined),
    currentSession: vi.fn(async () => session),
    directory: vi.fn(async () => [directoryEntry()]),
    availableAgents: vi.fn(async () => []),
    trunks: vi.fn(async () => []),
    setStatus: vi.fn(async (status) => ({ status, presence: "available" as const })),
    executeTransfer: vi.fn(async () => transfer()),
    completeTransfer: vi.fn(async () => transfer({ status: "completed" })),
    cancelTransfer: vi.fn(async () => transfer({ status: "cancelled" })),
    callHistory: vi.fn(async () => [callRecord()]),
    queueSettings: vi.fn(async () => queueSettings()),
    queueFigures: vi.fn(async () => [queueFigures()]),
    queueState: vi.fn(async () => queueState()),
    joinQueues: vi.fn(async () => queueState()),
    leaveQueues: vi.fn(async () => queueState()),
    pause: vi.fn(async () => queueState()),
    endPause: vi.fn(async () => queueState()),
    setDisposition: vi.fn(async () => ({ callId: "call-1", disposition: { disposition: "Resolved", note: null, by: "agent-alice", at: "2025-01-01T10:00:00.000Z" }, state: queueState() })),
    board: vi.fn(async () => ({ agents: [boardAgent()], queues: [queueFigures()], at: "2025-01-01T10:00:00.000Z" })),
    supervisorAudit: vi.fn(async () => [auditEntry()]),
    signAgentOut: vi.fn(async () => queueState({ agentId: BOB_ID })),
    endAgentPause: vi.fn(async () => queueState({ agentId: BOB_ID })),
    startMonitoring: vi.fn(async () => ({ session: monitoringSession(), dial: "*85", dialBy: "2025-01-01T10:00:15.000Z" })),
    changeMonitoringMode: vi.fn(async () => monitoringSession({ mode: "whisper" })),
    stopMonitoring: vi.fn(async () => monitoringSession({ status: "ended" })),
    monitoringSessions: vi.fn(async () => [monitoringSession()]),
    mergeConference: vi.fn(async () => conference()),
    leaveConference: vi.fn(async () => conference()),
    dropFromConference: vi.fn(async () => conference()),
    endConference: vi.fn(async () => conference({ status: "ended" })),
    getSettings: vi.fn(async () => settings()),
    saveSettings: vi.fn(async (value) => value),
  };
}

let ipc: FakeIpcMain;
let handlers: BridgeHandlers;
let warnings: string[];
let errors: string[];

beforeEach(() => {
  ipc = new FakeIpcMain();
  handlers = fakeHandlers();
  warnings = [];
  errors = [];
  const log: Logger = { info: () => undefined, warn: (message) => warnings.push(message), error: (message) => errors.push(message) };
  registerIpcRouter({ ipcMain: ipc, app: HANDOFF_APP, handlers, secrets: () => [TOKEN], log });
});

describe("registerIpcRouter", () => {
  it("registers exactly one handler per bridge method, on the shared channel names", () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(invokeChannels).sort());
    expect(Object.keys(argSchemas).sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it("returns the handler's value in an ok envelope for the app's page", async () => {
    const reply = await ipc.invoke(invokeChannels.signIn, APP_FRAME, signInRequest());
    expect(reply).toMatchObject({ ok: true, value: { agent: { username: "alice" } } });
    expect(handlers.signIn).toHaveBeenCalledWith(signInRequest());
  });

  it("accepts the page with a query or fragment", async () => {
    expect((await ipc.invoke(invokeChannels.directory, { url: "app://handoff/index.html#agents", parent: null })).ok).toBe(true);
    expect((await ipc.invoke(invokeChannels.directory, { url: "app://handoff/", parent: null })).ok).toBe(true);
  });

  describe("refuses a foreign sender, without running the handler", () => {
    const foreign: Array<[string, { url: string; parent: unknown } | null]> = [
      ["a null frame (navigated away or destroyed)", null],
      ["another origin", { url: "https://evil.test/index.html", parent: null }],
      ["a look-alike app host", { url: "app://handoff.evil/index.html", parent: null }],
      ["userinfo on the app URL", { url: "app://evil@handoff/index.html", parent: null }],
      ["a file: page", { url: "file:///opt/handoff/index.html", parent: null }],
      ["another page of the app", { url: "app://handoff/assets/evil.html", parent: null }],
      ["a sub-frame, even on the app's own page", { url: "app://handoff/index.html", parent: { url: "app://handoff/index.html" } }],
      ["about:blank", { url: "about:blank", parent: null }],
    ];
    it.each(foreign)("%s", async (_label, frame) => {
      const reply = await ipc.invoke(invokeChannels.signIn, frame, signInRequest());
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.message).toMatch(/refused/);
      expect(handlers.signIn).not.toHaveBeenCalled();
      expect(warnings.some((message) => message.includes("handoff:signIn"))).toBe(true);
    });
  });

  describe("refuses a bad payload with a clear reason, without running the handler", () => {
    const bad: Array<[string, InvokeMethod, unknown[], RegExp]> = [
      ["CR/LF in the username", "signIn", [signInRequest({ username: "alice\r\nX-Injected: 1" })], /username: must not contain control characters/],
      ["NUL in the password", "signIn", [signInRequest({ password: "pw\u0000" })], /password/],
      ["a non-http server URL", "signIn", [signInRequest({ serverUrl: "file:///etc/passwd" })], /serverUrl/],
      ["an extra field", "signIn", [{ ...signInRequest(), token: "x" }], /Invalid signIn request/],
      ["a missing field", "signIn", [{ serverUrl: "http://a.test", username: "a", password: "b" }], /remember/],
      ["no argument", "signIn", [], /exactly one argument/],
      ["two arguments", "availableAgents", ["a", "b"], /exactly one argument/],
      ["an argument where none is taken", "directory", ["x"], /takes no arguments/],
      ["a search with LF", "availableAgents", ["bob\nx"], /control characters/],
      ["a search too long", "availableAgents", ["b".repeat(65)], /Invalid availableAgents/],
      ["an unknown status", "setStatus", ["busy"], /Invalid setStatus/],
      ["a transfer id that is not a UUID", "completeTransfer", ["../../admin"], /Invalid completeTransfer/],
      ["a cancel id of the wrong type", "cancelTransfer", [42], /Invalid cancelTransfer/],
      ["a transfer to a non-number", "executeTransfer", [{ callId: "c", mode: "blind", target: { kind: "external", value: "0033;Dial(evil)" } }], /target/],
      // Line breaks are text in a note now; other control characters and an over-long note are still refused.
      ["a transfer note with an escape sequence", "executeTransfer", [{ callId: "c", mode: "blind", target: { kind: "extension", value: "1002" }, note: "hi\u001b[2J" }], /note/],
      ["a transfer note over the limit", "executeTransfer", [{ callId: "c", mode: "blind", target: { kind: "extension", value: "1002" }, note: "x".repeat(2001) }], /note/],
      ["a call id with CR/LF", "executeTransfer", [{ callId: "c\r\nAction: Hangup", mode: "blind", target: { kind: "extension", value: "1002" } }], /callId/],
      ["a merge with an empty call id", "mergeConference", [{ callId: "" }], /callId/],
      ["a merge with an extra field", "mergeConference", [{ callId: "abc@pbx", participants: ["1009"] }], /Invalid mergeConference/],
      ["a conference id that is not a UUID", "leaveConference", ["../transfers"], /Invalid leaveConference/],
      ["a drop with no participant", "dropFromConference", [{ conferenceId: "00000000-0000-4000-8000-00000000cccc" }], /participantId/],
      ["settings with a smuggled token", "saveSettings", [{ ...settings(), token: TOKEN }], /Invalid saveSettings/],
      ["a shortcut with a newline", "saveSettings", [settings({ shortcuts: { ...settings().shortcuts, answer: "Ctrl+A\n" } })], /shortcuts.answer/],
      ["a prototype-polluting payload", "saveSettings", [JSON.parse('{"__proto__":{"polluted":true}}')], /Invalid saveSettings/],
    ];
    it.each(bad)("%s", async (_label, method, args, reason) => {
      const reply = await ipc.invoke(invokeChannels[method], APP_FRAME, ...args);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.message).toMatch(reason);
      expect(handlers[method]).not.toHaveBeenCalled();
      expect(warnings).toHaveLength(1);
    });

    it("never echoes the rejected values (they may be a password)", async () => {
      const reply = await ipc.invoke(invokeChannels.signIn, APP_FRAME, signInRequest({ password: "hunter2\r\n" }));
      expect(JSON.stringify(reply)).not.toContain("hunter2");
      expect(warnings.join(" ")).not.toContain("hunter2");
    });
  });

  it("passes the agent-facing message of an AppError or ApiError, and hides a bug's", async () => {
    vi.mocked(handlers.directory).mockRejectedValueOnce(new ApiError("forbidden", "This needs the role agent or supervisor; you are signed in as bot.", 403));
    expect(await ipc.invoke(invokeChannels.directory, APP_FRAME)).toEqual({ ok: false, error: { message: "This needs the role agent or supervisor; you are signed in as bot." } });
    vi.mocked(handlers.getSettings).mockRejectedValueOnce(new AppError("Could not save your settings."));
    expect(await ipc.invoke(invokeChannels.getSettings, APP_FRAME)).toEqual({ ok: false, error: { message: "Could not save your settings." } });
    vi.mocked(handlers.callHistory).mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'x') at /internal/path.js"));
    const reply = await ipc.invoke(invokeChannels.callHistory, APP_FRAME);
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).not.toContain("/internal/path.js");
    expect(errors).toHaveLength(1);
  });

  it("withholds a reply that contains a secret", async () => {
    vi.mocked(handlers.directory).mockResolvedValueOnce([directoryEntry({ name: `leak ${TOKEN}` })]);
    const reply = await ipc.invoke(invokeChannels.directory, APP_FRAME);
    expect(reply.ok).toBe(false);
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    expect(errors[0]).toMatch(/secret/);
  });

  it("accepts each method's valid payload", async () => {
    const good: { [M in InvokeMethod]: unknown[] } = {
      signIn: [signInRequest()],
      signOut: [],
      currentSession: [],
      directory: [],
      availableAgents: ["bo"],
      trunks: [],
      setStatus: ["away"],
      executeTransfer: [{ callId: "abc@pbx", mode: "attended", target: { kind: "external", value: "+33123456789" }, note: MULTI_LINE_NOTE }],
      completeTransfer: [TRANSFER_ID],
      cancelTransfer: [TRANSFER_ID],
      callHistory: [],
      queueSettings: [],
      queueFigures: [],
      queueState: [],
      joinQueues: [{}],
      leaveQueues: [{ queues: ["support"] }],
      pause: ["Back office"],
      endPause: [],
      setDisposition: [{ callId: "call-1", disposition: "Callback needed", note: MULTI_LINE_NOTE }],
      board: [],
      supervisorAudit: [],
      signAgentOut: [BOB_ID],
      endAgentPause: [BOB_ID],
      startMonitoring: [{ agentId: BOB_ID, mode: "listen" }],
      changeMonitoringMode: [{ sessionId: "00000000-0000-4000-8000-00000000aaaa", mode: "barge" }],
      stopMonitoring: ["00000000-0000-4000-8000-00000000aaaa"],
      monitoringSessions: [],
      mergeConference: [{ callId: "abc@pbx" }],
      leaveConference: [CONFERENCE_ID],
      dropFromConference: [{ conferenceId: CONFERENCE_ID, participantId: "1735725600.3" }],
      endConference: [CONFERENCE_ID],
      getSettings: [],
      saveSettings: [settings()],
    };
    for (const method of Object.keys(good) as InvokeMethod[]) {
      const reply = await ipc.invoke(invokeChannels[method], APP_FRAME, ...good[method]);
      expect(reply.ok, method).toBe(true);
      expect(handlers[method], method).toHaveBeenCalledTimes(1);
    }
    expect(warnings).toEqual([]);
    // A note crosses the boundary as written: its lines, emoji and CJK intact.
    expect(handlers.executeTransfer).toHaveBeenCalledWith(expect.objectContaining({ note: MULTI_LINE_NOTE }));
  });

  it("removes its handlers when disposed", () => {
    const other = new FakeIpcMain();
    const dispose = registerIpcRouter({ ipcMain: other, app: HANDOFF_APP, handlers, secrets: () => [], log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    dispose();
    expect(other.handlers.size).toBe(0);
  });
});
