import { GLOBALS, HANDOFF_CONTEXTS, MONITOR_CONTEXTS, TRANSFER_CODES_CONTEXT } from "@handoff/dialplan";
import { AmiActionError, AmiClient, type AmiMessage } from "../ami";
import { readAmiBanner } from "./ami-banner";
import type { AmiReach, DialplanContext, DoctorExpectations, EndpointFacts, PbxFacts } from "./facts";
import { probeSipAuthDb } from "./sip-auth-db";
import { probeSipWebSocket } from "./sip-websocket";

/** Everything the doctor asks: read-only, except one custom device state it toggles (and restores) to see a live event. */
const DOCTOR_ACTIONS: ReadonlySet<string> = new Set([
  "ListCommands", "CoreSettings", "Ping", "ModuleCheck", "BridgeTechnologyList", "ShowDialPlan", "Getvar", "Setvar", "QueueSummary", "DeviceStateList",
]);

/** A device state of its own (astdb family CustomDevstate): setting it sends a DeviceStateChange (class call) to this session. */
export const DOCTOR_DEVICE = "Custom:handoff-doctor";

export const PRODUCT_CONTEXTS: readonly string[] = [...Object.values(HANDOFF_CONTEXTS), TRANSFER_CODES_CONTEXT, ...Object.values(MONITOR_CONTEXTS)];

/** Modules ModuleCheck is asked about, when the user may. */
export const CHECKED_MODULES = ["res_pjsip", "chan_pjsip", "res_http_websocket", "res_pjsip_transport_websocket", "app_queue", "bridge_simple", "bridge_native_rtp", "res_pjsip_session"] as const;

const EVENT_WAIT_MS = 1_500;

export interface AmiTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** ListCommands' answer: `Atxfer: Attended transfer.  (Priv: call,all)` per action. */
function actionsOf(reply: AmiMessage): Map<string, string[]> {
  const actions = new Map<string, string[]>();
  for (const [name, text] of Object.entries(reply.fields())) {
    const priv = /\(Priv: ([^)]*)\)\s*$/.exec(text)?.[1];
    if (priv === undefined) continue;
    actions.set(name, priv === "<none>" ? [] : priv.split(",").filter((c) => c !== "all"));
  }
  return actions;
}

async function tryReply(client: AmiClient, action: string, fields: Record<string, string> = {}) {
  try {
    return await client.send(action, fields);
  } catch (error) {
    if (error instanceof AmiActionError) return null;
    throw error;
  }
}

async function getvar(client: AmiClient, variable: string): Promise<string | null> {
  const reply = await tryReply(client, "Getvar", { Variable: variable });
  return reply === null ? null : (reply.response.get("Value") ?? "");
}

async function context(client: AmiClient, name: string): Promise<DialplanContext | null> {
  const reply = await tryReply(client, "ShowDialPlan", { Context: name });
  if (reply === null) return null;
  const extensions = new Map<string, string[]>();
  for (const item of reply.events) {
    if (item.get("Context") !== name) continue;
    const exten = item.get("Extension") ?? "";
    extensions.set(exten, [...(extensions.get(exten) ?? []), `${item.get("Application") ?? ""}(${item.get("AppData") ?? ""})`]);
  }
  return extensions;
}

/** Connects as the server's AMI user and learns what it can. Never throws for what the PBX answers. */
export async function probePbx(ami: AmiTarget, expected: DoctorExpectations): Promise<PbxFacts> {
  const sipAuthDb = probeSipAuthDb(expected.sipAuthDb);
  const sipWebSocket = probeSipWebSocket(expected.sipWsUrl).then((error) => (error === null ? ({ ok: true } as const) : ({ ok: false, error } as const)));
  const empty = { actions: new Map(), readSeen: new Set<string>(), eventProvoked: false, asteriskVersion: null, modules: null, bridgeTechnologies: [], timestampedEvents: null, clockSkewMs: null, contexts: new Map(), globals: new Map(), featureCodes: null, queues: null, endpoints: [] };
  const banner = await readAmiBanner(ami.host, ami.port);
  if (banner.kind !== "banner") {
    const reach: AmiReach = banner.kind === "unreachable" ? { kind: "unreachable", error: banner.error } : { kind: "not-asterisk", banner: banner.banner };
    return { ami: reach, ...empty, sipAuthDb, sipWebSocket: await sipWebSocket };
  }
  const client = new AmiClient({ ...ami, allowedActions: DOCTOR_ACTIONS, reconnect: false, keepaliveMs: false });
  const readSeen = new Set<string>();
  let timestamped: boolean | null = null;
  const seen: string[] = [];
  // Subscribed before login: FullyBooted comes with the login's answer.
  client.onEvent((event) => {
    for (const c of (event.get("Privilege") ?? "").split(",")) if (c && c !== "all") readSeen.add(c);
    if (event.event !== undefined) seen.push(event.event);
    // FullyBooted at login is written without a Timestamp whatever timestampevents says.
    if (event.event !== undefined && event.event !== "FullyBooted") timestamped = event.get("Timestamp") !== undefined;
  });
  const login = await new Promise<Error | null>((resolve) => {
    client.onState(({ state, error }) => {
      if (state === "connected") resolve(null);
      else if (state === "closed" || state === "reconnecting") resolve(error ?? new Error(`AMI connection ${state}`));
    });
    client.start();
  });
  if (login !== null) {
    await client.close();
    return { ami: { kind: "refused", message: login.message }, ...empty, sipAuthDb, sipWebSocket: await sipWebSocket };
  }
  try {
    const list = await tryReply(client, "ListCommands");
    const actions = list === null ? new Map<string, string[]>() : actionsOf(list.response);
    const settings = await tryReply(client, "CoreSettings");
    const sent = Date.now();
    const ping = await client.send("Ping");
    const received = Date.now();
    const stamp = Number(ping.response.get("Timestamp"));
    const clockSkewMs = Number.isFinite(stamp) && stamp > 0 ? Math.round(stamp * 1000 - (sent + received) / 2) : null;

    // ModuleCheck needs write=system: refused (rightly) for the server's user.
    let modules: Map<string, boolean> | null = null;
    if (actions.has("ModuleCheck")) {
      modules = new Map();
      for (const module of CHECKED_MODULES) modules.set(module, (await tryReply(client, "ModuleCheck", { Module: module })) !== null);
    }
    const technologies = await tryReply(client, "BridgeTechnologyList");
    const bridgeTechnologies = (technologies?.events ?? []).filter((e) => e.get("BridgeTechnologySuspended") !== "Yes").map((e) => e.get("BridgeTechnology") ?? "");

    const contexts = new Map<string, DialplanContext>();
    for (const name of [...PRODUCT_CONTEXTS, ...expected.botContexts]) {
      const found = await context(client, name);
      if (found !== null) contexts.set(name, found);
    }
    const globals = new Map<string, string>();
    for (const name of Object.values(GLOBALS)) {
      const value = await getvar(client, name);
      if (value !== null) globals.set(name, value);
    }
    // Without a channel, Getvar reads a function on a dummy channel: the global feature codes.
    const atxfer = await getvar(client, "FEATUREMAP(atxfer)");
    const atxferabort = await getvar(client, "FEATURE(atxferabort)");
    const summary = await tryReply(client, "QueueSummary");
    const queues = summary === null ? null : new Set(summary.events.map((e) => e.get("Queue") ?? ""));

    const states = await tryReply(client, "DeviceStateList");
    const deviceStates = new Map((states?.events ?? []).map((e) => [e.get("Device") ?? "", e.get("State") ?? ""]));
    const endpoints: EndpointFacts[] = [];
    for (const extension of expected.agentExtensions) {
      const field = async (name: string) => (await getvar(client, `PJSIP_ENDPOINT(${extension},${name})`)) ?? "";
      endpoints.push({ extension, webrtc: await field("webrtc"), auth: await field("auth"), deviceState: deviceStates.get(`PJSIP/${extension}`) ?? null });
    }

    // A live event proves read=call and shows whether events carry a Timestamp (timestampevents).
    const current = await getvar(client, `DEVICE_STATE(${DOCTOR_DEVICE})`);
    let eventProvoked = false;
    if (current !== null && actions.has("Setvar")) {
      eventProvoked = (await tryReply(client, "Setvar", { Variable: `DEVICE_STATE(${DOCTOR_DEVICE})`, Value: current === "INUSE" ? "NOT_INUSE" : "INUSE" })) !== null;
      const deadline = Date.now() + EVENT_WAIT_MS;
      while (!seen.includes("DeviceStateChange") && Date.now() < deadline) await sleep(50);
      // Back as it was: the doctor leaves the PBX as it found it.
      await tryReply(client, "Setvar", { Variable: `DEVICE_STATE(${DOCTOR_DEVICE})`, Value: current || "UNKNOWN" });
    }
    return {
      ami: { kind: "logged-in", banner: banner.banner },
      actions,
      readSeen,
      eventProvoked,
      asteriskVersion: settings?.response.get("AsteriskVersion") ?? null,
      modules,
      bridgeTechnologies,
      timestampedEvents: timestamped,
      clockSkewMs,
      contexts,
      globals,
      featureCodes: atxfer === null || atxferabort === null ? null : { atxfer, atxferabort },
      queues,
      endpoints,
      sipAuthDb,
      sipWebSocket: await sipWebSocket,
    };
  } finally {
    await client.close();
  }
}
