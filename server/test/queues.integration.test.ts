import { ServerEvents, type AgentQueueState, type BoardSnapshot, type CallHistoryResponse, type DispositionResponse, type LoginResponse, type ServerEventName, type SupervisorAuditResponse } from "@handoff/contract";
import { io, type Socket } from "socket.io-client";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { loadPbxConnection } from "../../pbx/src/connection";
import { CONTEXTS } from "../../pbx/src/config/contexts";
import { loadDemoData, queueMembers } from "../../pbx/src/demo-data";
import { AmiClient, type AmiMessage } from "../src/ami";
import { SipTestPhone } from "./support/sip-test-phone";
import { startTestServer, type TestServer } from "./support/test-server";

/**
 * Queue work on the real Asterisk through the real server: membership and pauses as Asterisk's own
 * QueueStatus shows them, a queue call that rings the unpaused member only, wrap-up after a queue call
 * and the disposition that ends it, a restarted server that rebuilds from QueueStatus, and bad input
 * that writes nothing to AMI. Every test leaves the demo's seating as it found it.
 */
const demo = loadDemoData();
const support = demo.queues[0]!;
const QUEUE = support.name;
let server: TestServer;
let ami: AmiClient;
const phones: SipTestPhone[] = [];
const tokens = new Map<string, LoginResponse>();

beforeAll(async () => {
  // carol may join no queue: the refusal of a queue the agent may not join needs one such agent.
  server = await startTestServer({ HANDOFF_QUEUE_ACCESS: "agent=*;supervisor=*;carol=", HANDOFF_WRAP_UP_SECONDS: "30" });
  ami = await connectAmi();
  await untilHealthy();
  // Whatever an earlier run on this shared PBX left, these tests start from the demo's seating.
  await reseat();
});

/** The tests' own AMI link (the local PBX's test user), beside the server's. */
async function connectAmi(): Promise<AmiClient> {
  const { amiTest } = loadPbxConnection();
  if (amiTest === null) throw new Error("these tests need the test AMI user (the local PBX has one)");
  return AmiClient.connect({ ...amiTest, allowedActions: new Set(["QueueStatus", "QueueAdd", "QueueRemove", "QueuePause", "Originate", "Hangup", "CoreShowChannels", "DeviceStateList"]), reconnect: false, keepaliveMs: false });
}

/** The server answers health only once its AMI link is up (and so its views rebuilt moments later). */
async function untilHealthy(): Promise<void> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if ((await fetch(`${server.url}/api/health`)).status === 200) return;
  }
  throw new Error("the test server did not become healthy within 10 s");
}

afterEach(async () => {
  // Calls first, while the phones are there to take the CANCEL or BYE: a phone gone mid-INVITE would stay ringing in Asterisk's eyes.
  await ami.send("Hangup", { Channel: `/^(Local\\/${support.extension}@|PJSIP\\/)/` }).catch(() => undefined);
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const channels = (await ami.send("CoreShowChannels")).events.filter((event) => event.event === "CoreShowChannel");
    if (channels.length === 0) break;
  }
  // Unregistered before closing: the extension takes one contact, and the next test's phone needs it.
  for (const phone of phones.splice(0)) {
    await phone.register(0).catch(() => undefined);
    phone.close();
  }
  await reseat();
});

afterAll(async () => {
  await ami?.close();
  await server?.close();
});

/** The demo's seating again: every agent of the queue a member, unpaused (what other tests expect). */
async function reseat(): Promise<void> {
  for (const user of queueMembers(demo, support)) {
    const iface = `PJSIP/${user.extension}`;
    await ami.send("QueueAdd", { Queue: QUEUE, Interface: iface, StateInterface: iface, MemberName: user.name, Penalty: 0 }).catch(() => undefined);
    await ami.send("QueuePause", { Interface: iface, Paused: false }).catch(() => undefined);
  }
  await ami.send("QueueRemove", { Queue: QUEUE, Interface: "PJSIP/1006" }).catch(() => undefined);
  // The server hears of it over its own AMI link: the next test starts once its view has caught up.
  const seated = queueMembers(demo, support).length;
  for (const deadline = Date.now() + 5_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
    const { body } = await api<{ queues: Array<{ queue: string; signedIn: number; paused: number }> }>("GET", "/api/queues", "sam");
    const figures = body.queues.find((queue) => queue.queue === QUEUE);
    if (figures?.signedIn === seated && figures.paused === 0) return;
  }
  throw new Error("the server's view of the queue did not come back to the demo's seating within 5 s");
}

async function login(username: string): Promise<LoginResponse> {
  const cached = tokens.get(username);
  if (cached !== undefined) return cached;
  const response = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: server.password(username) }) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as LoginResponse;
  tokens.set(username, body);
  return body;
}

async function api<T>(method: string, path: string, username: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { token } = await login(username);
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** Asterisk's own view of the queue's members: interface → paused and reason. */
async function members(): Promise<Map<string, { paused: boolean; reason: string }>> {
  const events = (await ami.send("QueueStatus", { Queue: QUEUE })).events.filter((event) => event.event === "QueueMember");
  return new Map(events.map((event) => [event.get("Location") ?? "", { paused: event.get("Paused") === "1", reason: event.get("PausedReason") ?? "" }]));
}

async function phoneOf(username: string): Promise<SipTestPhone> {
  const { sip } = await login(username);
  if (sip === null) throw new Error(`${username} has no phone`);
  const phone = await SipTestPhone.open(sip);
  phones.push(phone);
  // A phone of an earlier run that went without unregistering holds the extension until qualify finds it gone (~13 s).
  await expect.poll(() => phone.register(), { timeout: 20_000, interval: 1_000 }).toBe(200);
  // Registered is not yet free: the queue rings the member once Asterisk's device state says "not in use" (Status 1).
  const iface = `PJSIP/${sip.authorizationUsername}`;
  await expect
    .poll(async () => (await ami.send("DeviceStateList")).events.find((event) => event.get("Device") === iface)?.get("State"), { timeout: 5_000, interval: 50 })
    .toBe("NOT_INUSE");
  return phone;
}

function events(match: (event: AmiMessage) => boolean): AmiMessage[] {
  const seen: AmiMessage[] = [];
  const stop = ami.onEvent((event) => {
    if (match(event)) seen.push(event);
  });
  onTestFinished(stop);
  return seen;
}

async function queueCall(): Promise<void> {
  await ami.send("Originate", { Channel: `Local/${support.extension}@${CONTEXTS.inbound}`, Context: CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550177>", Async: "true" });
}

/** Asterisk's events of that name for the queue, from now on. */
const queueEvents = (name: string) => events((event) => event.event === name && event.get("Queue") === QUEUE);

/** A queue call answered by that agent's phone: Asterisk's AgentConnect for it. */
async function answeredQueueCall(username: string): Promise<AmiMessage> {
  const connected = queueEvents("AgentConnect");
  const phone = await phoneOf(username);
  phone.answerCalls = true;
  await queueCall();
  await expect.poll(() => connected.length, { timeout: 10_000 }).toBe(1);
  return connected[0]!;
}

/**
 * With HANDOFF_RECORD_JOURNEYS=1 the queue events of a test (and the server's queue actions) are kept as a
 * fixture in fixtures/queues/, which server/src/queues/*.test.ts replay.
 */
function recordAs(name: string): void {
  if (process.env.HANDOFF_RECORD_JOURNEYS !== "1") return;
  server.proxy.startRecording();
  onTestFinished(() => {
    const kept = server.proxy.stopRecording().filter(({ from, fields }) => (from === "server" ? /^Queue(Add|Remove|Pause|Status)$/.test(fields.Action ?? "") : /^(Queue|Agent)/.test(fields.Event ?? "")));
    const dir = new URL("./fixtures/queues/", import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL(`${name}.jsonl`, dir), kept.map((message) => JSON.stringify(message)).join("\n") + "\n");
  });
}

const stateOf = async (username: string) => (await api<{ state: AgentQueueState }>("GET", "/api/agents/me/queue-state", username)).body.state;

describe("queue membership and pause, as Asterisk shows them", () => {
  it("an agent leaves and joins the queue; QueueStatus shows it, and so does the agent's state", async () => {
    expect((await members()).has("PJSIP/1001")).toBe(true);
    const left = await api<{ state: AgentQueueState }>("POST", "/api/agents/me/queues/leave", "alice", {});
    expect(left.status).toBe(200);
    expect(left.body.state.queues).toEqual([{ queue: QUEUE, signedIn: false, since: null }]);
    expect((await members()).has("PJSIP/1001")).toBe(false);

    const joined = await api<{ state: AgentQueueState }>("POST", "/api/agents/me/queues/join", "alice", { queues: [QUEUE] });
    expect(joined.status).toBe(200);
    expect(joined.body.state.queues[0]).toMatchObject({ queue: QUEUE, signedIn: true });
    expect((await members()).get("PJSIP/1001")).toEqual({ paused: false, reason: "" });
  });

  it("an agent signed out of every queue still takes direct calls", async () => {
    expect((await api("POST", "/api/agents/me/queues/leave", "alice", {})).status).toBe(200);
    expect((await members()).has("PJSIP/1001")).toBe(false);
    const alice = await phoneOf("alice");
    await ami.send("Originate", { Channel: `Local/1001@${CONTEXTS.inbound}`, Context: CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550178>", Async: "true" });
    await expect.poll(() => alice.invites.length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it("a pause with a reason is Asterisk's pause with that reason, in every queue; resume ends it", async () => {
    const paused = await api<{ state: AgentQueueState }>("POST", "/api/agents/me/pause", "alice", { reason: "Lunch" });
    expect(paused.status).toBe(200);
    expect(paused.body.state.pause).toMatchObject({ reason: "Lunch" });
    expect((await members()).get("PJSIP/1001")).toEqual({ paused: true, reason: "Lunch" });

    const resumed = await api<{ state: AgentQueueState }>("POST", "/api/agents/me/resume", "alice", {});
    expect(resumed.status).toBe(200);
    expect(resumed.body.state.pause).toBeNull();
    expect((await members()).get("PJSIP/1001")).toEqual({ paused: false, reason: "" });
  });

  it("a queue call rings the unpaused member, never the paused one", async () => {
    recordAs("paused-member-not-rung");
    const called = events((event) => event.event === "AgentCalled" && event.get("Queue") === QUEUE);
    const alice = await phoneOf("alice");
    const bob = await phoneOf("bob");
    expect((await api("POST", "/api/agents/me/pause", "alice", { reason: "Break" })).status).toBe(200);

    await queueCall();
    await expect.poll(() => called.map((event) => event.get("Interface")), { timeout: 10_000 }).toContain("PJSIP/1002");
    // ringall rings every free member at once: had alice been rung, it would be in the same round.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(called.map((event) => event.get("Interface"))).not.toContain("PJSIP/1001");
    expect(bob.invites.length).toBeGreaterThan(0);
    expect(alice.invites).toEqual([]);
  });
});

describe("wrap-up after a queue call", () => {
  it("pauses the agent with Wrap-up when the queue call ends; the disposition unpauses and is in history", async () => {
    recordAs("wrap-up-disposition");
    const connected = events((event) => event.event === "AgentConnect" && event.get("Queue") === QUEUE);
    const bob = await phoneOf("bob");
    bob.answerCalls = true;
    await queueCall();
    await expect.poll(() => connected.length, { timeout: 10_000 }).toBe(1);
    expect(connected[0]?.get("Interface")).toBe("PJSIP/1002");
    // The caller hangs up: Asterisk ends the member's leg and reports AgentComplete.
    await ami.send("Hangup", { Channel: `/^Local\\/${support.extension}@/` });

    await expect.poll(async () => (await members()).get("PJSIP/1002"), { timeout: 5_000 }).toEqual({ paused: true, reason: "Wrap-up" });
    const state = await stateOf("bob");
    expect(state.pause).toBeNull();
    expect(state.wrapUp).toMatchObject({ queue: QUEUE, deadline: expect.any(String) });
    const callId = state.wrapUp!.callId;

    const disposed = await api<DispositionResponse>("PUT", `/api/calls/${encodeURIComponent(callId)}/disposition`, "bob", { disposition: "Resolved", note: "Reset the router.\nCustomer happy." });
    expect(disposed.status).toBe(200);
    expect(disposed.body.state.wrapUp).toBeNull();
    expect((await members()).get("PJSIP/1002")).toEqual({ paused: false, reason: "" });

    const own = await api<CallHistoryResponse>("GET", "/api/calls/history", "bob");
    expect(own.body.calls.find((call) => call.id === callId)).toMatchObject({ queue: QUEUE, disposition: { disposition: "Resolved", note: "Reset the router.\nCustomer happy." } });
    const seenBySupervisor = await api<CallHistoryResponse>("GET", `/api/calls/history?agentId=${state.agentId}`, "sam");
    expect(seenBySupervisor.body.calls.find((call) => call.id === callId)?.disposition?.disposition).toBe("Resolved");
  });
});

describe("wrap-up after a queue call that ended while the server's AMI link was down", () => {
  it("starts once the link is back: the resync no longer finds the call (InCall 0), so its AgentComplete was missed", async () => {
    const completed = queueEvents("AgentComplete");
    const connected = await answeredQueueCall("bob");
    await expect.poll(async () => (await stateOf("bob")).wrapUp, { timeout: 1_000 }).toBeNull();
    // The server's link drops (it reconnects after 0.5–1 s); the caller hangs up before it is back.
    server.proxy.cutAll();
    await ami.send("Hangup", { Channel: `/^Local\\/${support.extension}@/` });
    await expect.poll(() => completed.length, { timeout: 5_000 }).toBe(1);

    await expect.poll(async () => (await stateOf("bob")).wrapUp, { timeout: 10_000 }).toMatchObject({ queue: QUEUE, callId: `${connected.get("DestLinkedid")}:${(await stateOf("bob")).agentId}` });
    await expect.poll(async () => (await members()).get("PJSIP/1002"), { timeout: 5_000 }).toEqual({ paused: true, reason: "Wrap-up" });
  });
});

describe("supervisor actions", () => {
  it("a supervisor signs an agent out and ends a pause; both are in the audit trail; an agent may do neither to another", async () => {
    const bob = await stateOf("bob");
    expect((await api("POST", `/api/agents/${bob.agentId}/resume`, "alice", {})).status).toBe(403);
    expect((await api("POST", `/api/agents/${bob.agentId}/queues/leave`, "alice", {})).status).toBe(403);

    expect((await api("POST", "/api/agents/me/pause", "bob", { reason: "Meeting" })).status).toBe(200);
    const ended = await api<{ state: AgentQueueState }>("POST", `/api/agents/${bob.agentId}/resume`, "sam", {});
    expect(ended.status).toBe(200);
    expect((await members()).get("PJSIP/1002")).toEqual({ paused: false, reason: "" });
    const out = await api<{ state: AgentQueueState }>("POST", `/api/agents/${bob.agentId}/queues/leave`, "sam", {});
    expect(out.status).toBe(200);
    expect((await members()).has("PJSIP/1002")).toBe(false);

    const audit = await api<SupervisorAuditResponse>("GET", "/api/supervisor/audit", "sam");
    expect(audit.body.entries.slice(0, 2)).toMatchObject([
      { action: "queues.leave", supervisorName: "Sam Lindqvist", agentName: "Bob Nguyen", detail: QUEUE },
      { action: "pause.end", supervisorName: "Sam Lindqvist", agentName: "Bob Nguyen", detail: "Meeting" },
    ]);
    expect((await api("GET", "/api/supervisor/audit", "alice")).status).toBe(403);
    expect((await api("GET", "/api/supervisor/board", "sam")).status).toBe(200);
  });
});

/** A real-time connection of that user; every event it gets is checked against the contract and kept. */
async function listen(username: string): Promise<{ seen: Array<{ name: ServerEventName; payload: unknown }>; socket: Socket }> {
  const { token } = await login(username);
  const socket = io(server.url, { auth: { token }, transports: ["websocket"], reconnection: false });
  onTestFinished(() => void socket.close());
  const seen: Array<{ name: ServerEventName; payload: unknown }> = [];
  socket.onAny((name: ServerEventName, payload: unknown) => seen.push({ name, payload: ServerEvents[name].parse(payload) }));
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", () => resolve());
    socket.on("connect_error", reject);
  });
  return { seen, socket };
}

describe("live, over the real-time channel", () => {
  it("the agent sees their pause, the supervisor's board shows it with its reason, and a supervisor's sign-out reaches the agent", async () => {
    const alice = await listen("alice");
    const sam = await listen("sam");
    // Registered, so the board shows the pause (an agent whose phone is offline shows offline).
    await phoneOf("alice");
    const aliceId = (await stateOf("alice")).agentId;
    expect((await api("POST", "/api/agents/me/pause", "alice", { reason: "Lunch" })).status).toBe(200);
    await expect.poll(() => alice.seen.some((e) => e.name === "agent.queue_state" && (e.payload as AgentQueueState).pause?.reason === "Lunch"), { timeout: 3_000 }).toBe(true);
    await expect
      .poll(() => sam.seen.some((e) => e.name === "board.agent" && (e.payload as { agentId: string; activity: { state: string; reason?: string } }).agentId === aliceId && (e.payload as { activity: { reason?: string } }).activity.reason === "Lunch"), { timeout: 3_000 })
      .toBe(true);
    expect(alice.seen.some((e) => e.name === "queue.figures")).toBe(true);
    expect(alice.seen.some((e) => e.name === "board.agent")).toBe(false);
    expect(alice.seen.some((e) => e.name === "presence.updated" && (e.payload as { id: string; queuePause?: { reason: string } }).id === aliceId && (e.payload as { queuePause?: { reason: string } }).queuePause?.reason === "Lunch")).toBe(true);

    expect((await api("POST", `/api/agents/${aliceId}/queues/leave`, "sam", { queues: [QUEUE] })).status).toBe(200);
    await expect.poll(() => alice.seen.some((e) => e.name === "agent.queue_state" && (e.payload as AgentQueueState).queues[0]?.signedIn === false), { timeout: 3_000 }).toBe(true);
    expect(sam.seen.some((e) => e.name === "supervisor.audit")).toBe(true);
    expect(alice.seen.some((e) => e.name === "supervisor.audit")).toBe(false);
  });
});

describe("a restarted server", () => {
  it("rebuilds membership and pauses from QueueStatus", async () => {
    expect((await api("POST", "/api/agents/me/queues/leave", "alice", {})).status).toBe(200);
    expect((await api("POST", "/api/agents/me/pause", "bob", { reason: "Training" })).status).toBe(200);
    await server.stop();
    recordAs("resync-after-restart");
    await server.start();
    await expect.poll(async () => (await stateOf("bob")).pause?.reason ?? null, { timeout: 10_000 }).toBe("Training");
    expect((await stateOf("alice")).queues).toEqual([{ queue: QUEUE, signedIn: false, since: null }]);
    expect((await stateOf("dave")).queues[0]?.signedIn).toBe(true);
  });
});

describe("a server restarted during a queue call", () => {
  it("shows on the board which queue the agent's call came from (QueueStatus' InCall)", async () => {
    const bobId = (await stateOf("bob")).agentId;
    const callOnBoard = async () => (await api<BoardSnapshot>("GET", "/api/supervisor/board", "sam")).body.agents.find((agent) => agent.agentId === bobId)?.call ?? null;
    await answeredQueueCall("bob");
    await expect.poll(callOnBoard, { timeout: 5_000 }).toMatchObject({ queue: QUEUE, remote: { number: "5550177" } });

    await server.stop();
    recordAs("resync-during-queue-call");
    await server.start();
    await untilHealthy();
    await expect.poll(callOnBoard, { timeout: 5_000 }).toMatchObject({ queue: QUEUE, remote: { number: "5550177" } });
  });
});

describe("today's queue figures", () => {
  it("survive a server restart: answered, abandoned and the service level go on from where they were, on the board too", async () => {
    const joined = queueEvents("QueueCallerJoin");
    const abandoned = queueEvents("QueueCallerAbandon");
    await answeredQueueCall("bob");
    await ami.send("Hangup", { Channel: `/^Local\\/${support.extension}@/` });
    // Bob is in wrap-up now and nobody else has a phone: the next caller waits, then gives up.
    await expect.poll(async () => (await members()).get("PJSIP/1002")?.reason, { timeout: 5_000 }).toBe("Wrap-up");
    await queueCall();
    await expect.poll(() => joined.length, { timeout: 10_000 }).toBe(2);
    await ami.send("Hangup", { Channel: `/^Local\\/${support.extension}@/` });
    await expect.poll(() => abandoned.length, { timeout: 10_000 }).toBe(1);

    const today = (figures: { answeredToday: number; abandonedToday: number; answeredWithinServiceLevelToday: number; serviceLevel: number | null }) => ({
      answeredToday: figures.answeredToday,
      abandonedToday: figures.abandonedToday,
      answeredWithinServiceLevelToday: figures.answeredWithinServiceLevelToday,
      serviceLevel: figures.serviceLevel,
    });
    type Figures = Parameters<typeof today>[0] & { queue: string };
    const figuresNow = async () => today((await api<{ queues: Figures[] }>("GET", "/api/queues", "sam")).body.queues.find((queue) => queue.queue === QUEUE)!);
    const before = await figuresNow();
    expect(before.answeredToday).toBeGreaterThanOrEqual(1);
    expect(before.abandonedToday).toBeGreaterThanOrEqual(1);

    await server.stop();
    await server.start();
    await untilHealthy();
    expect(await figuresNow()).toEqual(before);
    const board = await api<{ queues: Figures[] }>("GET", "/api/supervisor/board", "sam");
    expect(today(board.body.queues.find((queue) => queue.queue === QUEUE)!)).toEqual(before);
  });
});

describe("an Asterisk restarted mid-shift", () => {
  it("shows membership and pauses as the new Asterisk has them, once the server's AMI link is back and resynced", async () => {
    expect((await api("POST", "/api/agents/me/queues/leave", "alice", {})).status).toBe(200);
    expect((await api("POST", "/api/agents/me/pause", "bob", { reason: "Training" })).status).toBe(200);
    await ami.close();
    for (const verb of ["down", "up"]) execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", verb], { stdio: "pipe" });
    ami = await connectAmi();
    // The local PBX forgets dynamic members (persistentmembers=no) and seats the demo's agents at boot: that is the truth now.
    const seated = await members();
    expect(seated.get("PJSIP/1001")).toEqual({ paused: false, reason: "" });
    expect(seated.get("PJSIP/1002")).toEqual({ paused: false, reason: "" });
    await expect.poll(async () => (await stateOf("bob")).pause, { timeout: 30_000 }).toBeNull();
    expect((await stateOf("alice")).queues).toEqual([{ queue: QUEUE, signedIn: true, since: expect.any(String) }]);
    const figures = (await api<{ queues: Array<{ queue: string; signedIn: number; paused: number }> }>("GET", "/api/queues", "sam")).body.queues.find((queue) => queue.queue === QUEUE);
    expect(figures).toMatchObject({ signedIn: queueMembers(demo, support).length, paused: 0 });
  });
});

describe("bad input", () => {
  it("is a 4xx in our error shape, and nothing is written to AMI", async () => {
    const mark = server.proxy.actions.length;
    const cases: Array<[string, string, string, unknown, number]> = [
      ["unknown queue", "/api/agents/me/queues/join", "alice", { queues: ["sales"] }, 422],
      ["a queue the agent may not join", "/api/agents/me/queues/join", "carol", { queues: [QUEUE] }, 403],
      ["a malformed queue name", "/api/agents/me/queues/join", "alice", { queues: ["Support\r\n"] }, 400],
      ["an unknown reason", "/api/agents/me/pause", "alice", { reason: "Nap" }, 422],
      ["the server's own reason", "/api/agents/me/pause", "alice", { reason: "Wrap-up" }, 422],
      ["CR/LF in a reason", "/api/agents/me/pause", "alice", { reason: "Lunch\r\nAction: Originate" }, 400],
      ["an unknown field", "/api/agents/me/pause", "alice", { reason: "Lunch", queue: QUEUE }, 400],
      ["an agent pausing another", "/api/agents/00000000-0000-4000-8000-000000000000/pause", "alice", { reason: "Lunch" }, 403],
      ["a supervisor pausing another", "/api/agents/00000000-0000-4000-8000-000000000000/pause", "sam", { reason: "Lunch" }, 403],
      ["an unknown agent", "/api/agents/00000000-0000-4000-8000-000000000000/resume", "sam", {}, 404],
      ["an unknown disposition", "/api/calls/1.1%3Ax/disposition", "alice", { disposition: "Maybe" }, 422],
      ["a disposition of no call", "/api/calls/1.1%3Ax/disposition", "alice", { disposition: "Resolved" }, 404],
      ["NUL in a note", "/api/calls/1.1%3Ax/disposition", "alice", { disposition: "Resolved", note: "a\u0000b" }, 400],
    ];
    for (const [what, path, who, body, status] of cases) {
      const answer = await api<{ error: { code: string; message: string } }>(path.includes("disposition") ? "PUT" : "POST", path, who, body);
      expect(answer.status, what).toBe(status);
      expect(answer.body.error.message, what).toEqual(expect.any(String));
    }
    expect(server.proxy.actionsSince(mark).filter((action) => action.Action?.startsWith("Queue") && action.Action !== "QueueStatus")).toEqual([]);
  });
});
