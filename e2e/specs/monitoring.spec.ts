import { expect, test } from "@playwright/test";
import type { MonitoringSession, MonitoringStartResponse, SupervisorAuditEntry } from "@handoff/contract";
import { MONITOR_EXTENSION } from "@handoff/dialplan";
import type { AmiMessage } from "../../server/src/ami";
import { AgentSession } from "../support/agent-session";
import { HarnessPage } from "../support/harness-page";
import { liveChannels } from "../support/pbx";
import { launchToneChromium, type ToneChromium } from "../support/tone-chromium";
import { answer, useTransferRig } from "../support/transfer-rig";

/**
 * Supervisor listen / whisper / barge, proven by whose audio reaches whom. Three real WebRTC phones in Chromium,
 * each with its own fake-microphone tone: the caller (bob's phone stands in for a customer), the agent (alice) and
 * the supervisor (sam). Each phone's received audio is measured (Goertzel shares of each tone).
 */
const CALLER_HZ = 550;
const AGENT_HZ = 850;
const SUPERVISOR_HZ = 1250;
const TONES = [CALLER_HZ, AGENT_HZ, SUPERVISOR_HZ];
/** A tone is heard above this share of the received energy, and not heard below the lower one. */
const HEARD = 0.08;
const SILENT = 0.02;

const rig = useTransferRig(20);
const tones: Record<"caller" | "agent" | "supervisor", ToneChromium | undefined> = { caller: undefined, agent: undefined, supervisor: undefined };

test.beforeAll(async () => {
  [tones.caller, tones.agent, tones.supervisor] = await Promise.all([launchToneChromium(CALLER_HZ), launchToneChromium(AGENT_HZ), launchToneChromium(SUPERVISOR_HZ)]);
});
test.afterAll(async () => {
  await Promise.all(Object.values(tones).map((tone) => tone?.close()));
});

async function phoneIn(tone: ToneChromium | undefined, session: AgentSession, baseURL: string): Promise<HarnessPage> {
  if (tone === undefined || session.sip === null) throw new Error("no tone browser or no SIP credential");
  const phone = new HarnessPage(await (await tone.browser.newContext({ baseURL })).newPage());
  await phone.open(session.sip);
  session.phone = phone;
  await expect.poll(() => phone.registration()).toBe("registered");
  return phone;
}

async function signedIn(username: string, tone: ToneChromium | undefined, baseURL: string): Promise<{ session: AgentSession; phone: HarnessPage }> {
  const session = await AgentSession.signIn(rig().server, username);
  rig().sessions.push(session);
  return { session, phone: await phoneIn(tone, session, baseURL) };
}

/** What one phone hears of the three tones, by name. */
async function hears(phone: HarnessPage, callId: string): Promise<{ caller: number; agent: number; supervisor: number }> {
  const [caller = 0, agent = 0, supervisor = 0] = await phone.toneShares(callId, TONES, 1_500);
  return { caller, agent, supervisor };
}

async function activeCallId(phone: HarnessPage): Promise<string> {
  await expect.poll(async () => (await phone.calls()).filter((c) => c.phase === "active").length).toBe(1);
  const call = (await phone.calls()).find((c) => c.phase === "active");
  if (call === undefined) throw new Error("no active call");
  return call.id;
}

/** bob calls alice and she answers: the call to monitor, bridged on the PBX. */
async function callInProgress(baseURL: string) {
  const caller = await signedIn("bob", tones.caller, baseURL);
  const agent = await signedIn("alice", tones.agent, baseURL);
  const supervisor = await signedIn("sam", tones.supervisor, baseURL);
  await caller.phone.dial(agent.session.extension ?? "");
  const { id: agentCall } = await answer(agent.phone);
  const callerCall = await activeCallId(caller.phone);
  await expect.poll(async () => (await hears(agent.phone, agentCall)).caller).toBeGreaterThan(HEARD);
  return { caller, agent, supervisor, agentCall, callerCall };
}

function events(ami: { onEvent(listener: (event: AmiMessage) => void): () => void }, name: string): AmiMessage[] {
  const seen: AmiMessage[] = [];
  ami.onEvent((event) => {
    if (event.event === name) seen.push(event);
  });
  return seen;
}

test("listen, whisper and barge each carry audio exactly where they should, switched in one session", async ({ baseURL }, info) => {
  info.setTimeout(180_000);
  const spies = events(rig().ami, "ChanSpyStart");
  const { caller, agent, supervisor, agentCall, callerCall } = await callInProgress(baseURL ?? "");
  const agentChannel = (await liveChannels(rig().ami)).find((c) => c.get("Channel")?.startsWith(`PJSIP/${agent.session.extension}-`))?.get("Channel") ?? "";

  // Listen: the supervisor hears both parties; neither hears the supervisor.
  const started = await supervisor.session.request("POST", "/api/monitoring", { agentId: agent.session.id, mode: "listen" });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const grant = started.body as unknown as MonitoringStartResponse;
  expect(grant.dial).toBe(MONITOR_EXTENSION);
  const supervisorCall = await supervisor.phone.dial(grant.dial);
  await expect.poll(async () => (await monitoringOf(supervisor.session, grant.session.id))?.status).toBe("active");
  expect(spies.map((e) => e.get("SpyeeChannel"))).toEqual([agentChannel]);
  await expect.poll(async () => (await hears(supervisor.phone, supervisorCall)).caller).toBeGreaterThan(HEARD);
  let heard = await hears(supervisor.phone, supervisorCall);
  expect(heard.agent, "listen: the supervisor hears the agent").toBeGreaterThan(HEARD);
  expect((await hears(agent.phone, agentCall)).supervisor, "listen: the agent does not hear the supervisor").toBeLessThan(SILENT);
  expect((await hears(caller.phone, callerCall)).supervisor, "listen: the caller does not hear the supervisor").toBeLessThan(SILENT);
  console.log(`listen: supervisor hears ${JSON.stringify(heard)}`);

  // Whisper: the agent hears the supervisor, the caller does not.
  expect((await supervisor.session.request("PUT", `/api/monitoring/${grant.session.id}/mode`, { mode: "whisper" })).status).toBe(200);
  await expect.poll(async () => (await hears(agent.phone, agentCall)).supervisor).toBeGreaterThan(HEARD);
  expect((await hears(agent.phone, agentCall)).caller, "whisper: the agent still hears the caller").toBeGreaterThan(HEARD);
  expect((await hears(caller.phone, callerCall)).supervisor, "whisper: the caller does not hear the supervisor").toBeLessThan(SILENT);
  heard = await hears(supervisor.phone, supervisorCall);
  expect(Math.min(heard.caller, heard.agent), "whisper: the supervisor still hears both").toBeGreaterThan(HEARD);
  console.log(`whisper: agent hears ${JSON.stringify(await hears(agent.phone, agentCall))}, caller hears ${JSON.stringify(await hears(caller.phone, callerCall))}`);

  // Barge: everyone hears everyone.
  expect((await supervisor.session.request("PUT", `/api/monitoring/${grant.session.id}/mode`, { mode: "barge" })).status).toBe(200);
  await expect.poll(async () => (await hears(caller.phone, callerCall)).supervisor).toBeGreaterThan(HEARD);
  const callerHears = await hears(caller.phone, callerCall);
  const agentHears = await hears(agent.phone, agentCall);
  heard = await hears(supervisor.phone, supervisorCall);
  expect(callerHears.agent, "barge: the caller hears the agent").toBeGreaterThan(HEARD);
  expect(Math.min(agentHears.caller, agentHears.supervisor), "barge: the agent hears caller and supervisor").toBeGreaterThan(HEARD);
  expect(Math.min(heard.caller, heard.agent), "barge: the supervisor hears both").toBeGreaterThan(HEARD);
  console.log(`barge: caller hears ${JSON.stringify(callerHears)}, agent hears ${JSON.stringify(agentHears)}, supervisor hears ${JSON.stringify(heard)}`);
  // Every (re)start of ChanSpy spied on the agent's channel and nothing else.
  expect(new Set(spies.map((e) => e.get("SpyeeChannel")))).toEqual(new Set([agentChannel]));

  // Stop: the supervisor's leg ends, the call goes on, and the caller stops hearing the supervisor.
  const stopped = await supervisor.session.request("POST", `/api/monitoring/${grant.session.id}/stop`, {});
  expect(stopped.status).toBe(200);
  await expect.poll(async () => (await supervisor.phone.calls()).length, { timeout: 10_000 }).toBe(0);
  await expect.poll(async () => (await hears(caller.phone, callerCall)).supervisor).toBeLessThan(SILENT);
  expect((await hears(caller.phone, callerCall)).agent, "after stop: the caller still hears the agent").toBeGreaterThan(HEARD);
  const trail = await auditTrail(supervisor.session);
  expect(trail.filter((e) => e.action.startsWith("monitor.")).map((e) => [e.action, e.detail.split(" ")[0]]).reverse()).toEqual([
    ["monitor.start", "listen"],
    ["monitor.mode", "listen"],
    ["monitor.mode", "whisper"],
    ["monitor.end", "stopped"],
  ]);
});

test("an agent dialling the monitoring extension gets nothing: no audio, no channel spied, the refusal logged", async ({ baseURL }) => {
  const spies = events(rig().ami, "ChanSpyStart");
  const { caller, agent, supervisor, agentCall, callerCall } = await callInProgress(baseURL ?? "");
  // dave is an agent with no grant; his phone (the supervisor tone browser) dials the path directly.
  const dave = await AgentSession.signIn(rig().server, "dave");
  rig().sessions.push(dave);
  const davePhone = await phoneIn(tones.supervisor, dave, baseURL ?? "");
  await davePhone.dial(MONITOR_EXTENSION);
  await expect.poll(async () => (await davePhone.calls()).length, { timeout: 10_000 }).toBe(0);
  expect(spies, "no channel was spied on").toEqual([]);
  expect((await hears(agent.phone, agentCall)).supervisor).toBeLessThan(SILENT);
  expect((await hears(caller.phone, callerCall)).supervisor).toBeLessThan(SILENT);
  const refused = (await auditTrail(supervisor.session)).find((e) => e.action === "monitor.refused");
  expect(refused?.agentName).toBe("Dave Okafor");
  expect(refused?.detail).toContain("refused, nothing spied");
});

test("bad requests and races are clear 4xx with nothing started", async ({ baseURL }) => {
  const { agent, supervisor, caller } = await callInProgress(baseURL ?? "");
  const start = (body: unknown, who = supervisor.session) => who.request("POST", "/api/monitoring", body);
  expect((await start({ agentId: supervisor.session.id, mode: "listen" })).status, "oneself").toBe(422);
  expect((await start({ agentId: "3a0c8b8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b", mode: "listen" })).status, "unknown agent").toBe(404);
  expect((await start({ agentId: agent.session.id, mode: "listen\r\n" })).status, "CR/LF").toBe(400);
  expect((await start({ agentId: agent.session.id, mode: "listen" }, caller.session)).status, "an agent").toBe(403);
  const dave = await AgentSession.signIn(rig().server, "dave");
  rig().sessions.push(dave);
  expect((await start({ agentId: dave.id, mode: "listen" })).status, "an agent with no call").toBe(409);
  const first = await start({ agentId: agent.session.id, mode: "listen" });
  expect(first.status).toBe(201);
  expect((await start({ agentId: agent.session.id, mode: "barge" })).status, "already monitoring").toBe(409);
  const id = (first.body as unknown as MonitoringStartResponse).session.id;
  expect((await supervisor.session.request("PUT", `/api/monitoring/${id}/mode`, { mode: "shout" })).status).toBe(400);
  expect((await caller.session.request("POST", `/api/monitoring/${id}/stop`, {})).status).toBe(403);
  expect((await supervisor.session.request("POST", `/api/monitoring/${id}/stop`, {})).status).toBe(200);
  expect((await supervisor.session.request("POST", `/api/monitoring/${id}/stop`, {})).status, "stop twice").toBe(404);
  // Nothing reached the PBX: no supervisor channel, and the call is still up.
  expect((await liveChannels(rig().ami)).map((c) => c.get("Channel") ?? "").filter((name) => name.startsWith(`PJSIP/${supervisor.session.extension}-`))).toEqual([]);
});

test("the monitored call ending ends the session cleanly; the supervisor's leg hangs up by itself", async ({ baseURL }) => {
  const { caller, agent, supervisor, callerCall } = await callInProgress(baseURL ?? "");
  const started = await supervisor.session.request("POST", "/api/monitoring", { agentId: agent.session.id, mode: "whisper" });
  const grant = started.body as unknown as MonitoringStartResponse;
  await supervisor.phone.dial(grant.dial);
  await expect.poll(async () => (await monitoringOf(supervisor.session, grant.session.id))?.status).toBe("active");
  await caller.phone.hangup(callerCall);
  await expect.poll(async () => (await supervisor.phone.calls()).length, { timeout: 10_000 }).toBe(0);
  await expect.poll(async () => (await supervisor.session.request("GET", "/api/monitoring")).body).toEqual({ sessions: [] });
  const end = (await auditTrail(supervisor.session)).find((e) => e.action === "monitor.end");
  expect(end?.detail).toMatch(/^call_ended|^supervisor_hung_up/);
});

test("the monitored call handed on by a blind transfer ends the session: the supervisor never spies on the new call, the caller is not dropped", async ({ baseURL, browser }) => {
  const spies = events(rig().ami, "ChanSpyStart");
  const { caller, agent, supervisor, agentCall, callerCall } = await callInProgress(baseURL ?? "");
  const carol = await rig().agent(browser, "carol");
  const started = await supervisor.session.request("POST", "/api/monitoring", { agentId: agent.session.id, mode: "listen" });
  const grant = started.body as unknown as MonitoringStartResponse;
  await supervisor.phone.dial(grant.dial);
  await expect.poll(async () => (await monitoringOf(supervisor.session, grant.session.id))?.status).toBe("active");
  const sipCallId = (await agent.phone.calls()).find((c) => c.id === agentCall)?.sipCallId ?? "";
  const moved = await agent.session.transfer(sipCallId, { kind: "agent", value: "carol" }, "blind");
  expect(moved.status, JSON.stringify(moved.body)).toBe(202);
  if (carol.phone === null) throw new Error("carol has no phone");
  await answer(carol.phone);
  // The agent's leg is gone, so is the spy: the session ends by itself.
  await expect.poll(async () => (await supervisor.phone.calls()).length, { timeout: 10_000 }).toBe(0);
  await expect.poll(async () => (await supervisor.session.request("GET", "/api/monitoring")).body).toEqual({ sessions: [] });
  // The caller now talks with carol; nobody spied on carol's channel.
  await expect.poll(async () => rig().partnersOf(await callerChannelOf(caller.session.extension ?? ""))).toEqual([expect.stringMatching(/^PJSIP\/1003-/)]);
  expect(spies.map((e) => e.get("SpyeeChannel"))).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  expect((await caller.phone.calls()).find((c) => c.id === callerCall)?.phase).toBe("active");
  const end = (await auditTrail(supervisor.session)).find((e) => e.action === "monitor.end");
  expect(end?.detail).toMatch(/^call_ended/);
});

/** The caller's (bob's) channel name, as Asterisk lists it now. */
function callerChannelOf(extension: string): Promise<string> {
  return liveChannels(rig().ami).then((channels) => channels.find((c) => c.get("Channel")?.startsWith(`PJSIP/${extension}-`))?.get("Channel") ?? "");
}

async function monitoringOf(session: AgentSession, id: string): Promise<MonitoringSession | undefined> {
  const { body } = await session.request("GET", "/api/monitoring");
  return (body as unknown as { sessions: MonitoringSession[] }).sessions.find((s) => s.id === id);
}

async function auditTrail(session: AgentSession): Promise<SupervisorAuditEntry[]> {
  const { body } = await session.request("GET", "/api/supervisor/audit?limit=50");
  return (body as unknown as { entries: SupervisorAuditEntry[] }).entries;
}
