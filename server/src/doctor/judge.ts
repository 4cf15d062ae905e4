import { EXPORT_FILES, FORBIDDEN_SERVER_WRITE_CLASSES, GLOBALS, HANDOFF_CONTEXTS, MONITOR_CONTEXTS, MONITOR_END, MONITOR_MODES, MONITOR_REFUSED, SERVER_READ_CLASSES, SERVER_WRITE_CLASSES, SIP_AUTHS, TRANSFER_CODES_CONTEXT } from "@handoff/dialplan";
import type { DoctorExpectations, PbxFacts } from "./facts";
import type { Finding } from "./findings";

/** Asterisk majors the server is tested on, and the ones with the same AMI actions that are not. */
export const TESTED_MAJORS = [22] as const;
export const UNTESTED_MAJORS = [20, 21, 23] as const;
/** Beyond this, timestamps in the logs of the two machines disagree enough to mislead. */
export const CLOCK_SKEW_WARN_MS = 2_000;

/** Actions the server sends, by the class that lets it (manager-user.ts has each one's classes). */
const NEEDED = {
  call: ["BlindTransfer", "Atxfer", "CancelAtxfer", "Redirect", "PlayDTMF", "Setvar"],
  reporting: ["CoreShowChannels"],
  either: ["Getvar", "DeviceStateList", "Status"],
} as const;

const EXPORT = `npm run pbx:export`;
const USER_FIX = (user: string) => `in manager.conf [${user}] set read = ${SERVER_READ_CLASSES.join(",")} and write = ${SERVER_WRITE_CLASSES.join(",")} (${EXPORT_FILES.manager} from ${EXPORT}), then "manager reload"`;
const DIALPLAN_FIX = `include ${EXPORT_FILES.dialplan} (from ${EXPORT}) in extensions.conf (FreePBX: extensions_custom.conf), then "dialplan reload"`;

/** The extensions each product context must have, from the server's configuration. */
function expectedExtensions(expected: DoctorExpectations): Record<string, readonly string[]> {
  return {
    [HANDOFF_CONTEXTS.transfer]: [...expected.agentExtensions, ...expected.queues.values(), "_[0-9*#+]!"],
    [HANDOFF_CONTEXTS.handoff]: ["_X.", "_+X.", "i"],
    [HANDOFF_CONTEXTS.transferFailed]: ["s", "recall"],
    [HANDOFF_CONTEXTS.recallHeaders]: ["s"],
    [HANDOFF_CONTEXTS.fallback]: ["s"],
    [TRANSFER_CODES_CONTEXT]: ["s"],
    // Supervisor monitoring: where a supervisor's phone waits, and the spy the server moves only a granted one into.
    [MONITOR_CONTEXTS.wait]: ["s", MONITOR_REFUSED],
    [MONITOR_CONTEXTS.spy]: [...MONITOR_MODES, MONITOR_END],
  };
}

/** Classes this user certainly holds beyond the server's, from the actions ListCommands lets it see. */
export function excessWriteClasses(actions: PbxFacts["actions"]): string[] {
  const expected = new Set<string>(SERVER_WRITE_CLASSES);
  const held = new Set<string>();
  // An action is listed when the user holds any one of its classes: one that needs only classes the server
  // does not have proves the user holds one of those; a single such class proves that class.
  for (const classes of actions.values()) {
    if (classes.length === 0 || classes.some((c) => expected.has(c))) continue;
    if (classes.length === 1) held.add(classes[0] ?? "");
  }
  for (const classes of actions.values()) {
    if (classes.length < 2 || classes.some((c) => expected.has(c) || held.has(c))) continue;
    const unknown = classes.filter((c) => !held.has(c));
    if (unknown.length === 1) held.add(unknown[0] ?? "");
    // System plus config (GetConfig) without a system-only action listed: config.
    else if (!held.has("system") && classes.includes("config")) held.add("config");
  }
  return [...held].sort();
}

function amiFindings(facts: PbxFacts, expected: DoctorExpectations, ami: { host: string; port: number }): Finding[] {
  switch (facts.ami.kind) {
    case "unreachable":
      return [{ id: "ami.login", status: "fail", detail: `cannot reach AMI at ${ami.host}:${ami.port} (${facts.ami.error})`, fix: "check HANDOFF_AMI_HOST and HANDOFF_AMI_PORT, that manager.conf has enabled = yes and a bindaddr the server can reach, and the firewall" }];
    case "not-asterisk":
      return [{ id: "ami.login", status: "fail", detail: `${ami.host}:${ami.port} is not Asterisk's manager interface: it greets with "${facts.ami.banner}"`, fix: "point HANDOFF_AMI_HOST and HANDOFF_AMI_PORT at Asterisk's AMI (manager.conf [general] port, 5038 by default)" }];
    case "refused":
      return [{ id: "ami.login", status: "fail", detail: `AMI refused the login of "${expected.amiUser}": ${facts.ami.message}`, fix: `check HANDOFF_AMI_USERNAME and HANDOFF_AMI_SECRET against manager.conf [${expected.amiUser}], and that its permit lets this host in` }];
    case "logged-in":
      return [{ id: "ami.login", status: "ok", detail: `logged in as "${expected.amiUser}" (${facts.ami.banner})` }];
  }
}

function classFindings(facts: PbxFacts, expected: DoctorExpectations): Finding[] {
  const { actions } = facts;
  const missing = (names: readonly string[]) => names.filter((name) => !actions.has(name));
  const out: Finding[] = [];
  const lacks: string[] = [];
  const noCall = missing(NEEDED.call);
  if (noCall.length > 0) lacks.push(`call (cannot run ${noCall.join(", ")})`);
  const noReporting = missing(NEEDED.reporting);
  if (noReporting.length > 0) lacks.push(`reporting (cannot run ${noReporting.join(", ")})`);
  const noEither = missing(NEEDED.either);
  if (noEither.length > 0 && lacks.length === 0) lacks.push(`call or reporting (cannot run ${noEither.join(", ")})`);
  out.push(
    lacks.length > 0
      ? { id: "classes.write", status: "fail", detail: `the user's write classes lack ${lacks.join("; ")}`, fix: USER_FIX(expected.amiUser) }
      : { id: "classes.write", status: "ok", detail: `write covers every action the server sends (${SERVER_WRITE_CLASSES.join(",")})` },
  );
  const forbidden: readonly string[] = FORBIDDEN_SERVER_WRITE_CLASSES;
  const excess = excessWriteClasses(actions).filter((c) => forbidden.includes(c));
  out.push(
    excess.length > 0
      ? { id: "classes.excess", status: "warn", detail: `the user may also write ${excess.join(", ")}: a stolen secret could then place calls or run commands on the PBX (CVE-2024-42365)`, fix: `remove ${excess.join(", ")} from write: ${USER_FIX(expected.amiUser)}` }
      : { id: "classes.excess", status: "ok", detail: `no system, command, config or originate write` },
  );
  // FullyBooted reaches every user with read=system at login; a call event only when the doctor could cause one.
  const needRead = ["system", ...(facts.eventProvoked ? ["call"] : [])].filter((c) => !facts.readSeen.has(c));
  const unproven = facts.eventProvoked || facts.readSeen.has("call") ? "agent and user" : "call, agent and user";
  out.push(
    needRead.length > 0
      ? { id: "classes.read", status: "fail", detail: `no ${needRead.join(" or ")} event reached this user: its read classes lack ${needRead.join(", ")}`, fix: USER_FIX(expected.amiUser) }
      : { id: "classes.read", status: "ok", detail: `read covers ${[...facts.readSeen].filter((c) => c === "system" || c === "call").sort().reverse().join(" and ")} (events seen)` },
  );
  out.push({ id: "classes.read.unproven", status: "note", detail: `${unproven} cannot be proven without changing something: make sure read includes them (the dialplan's Handoff* UserEvents are class user: without it a failed transfer goes unseen)` });
  return out;
}

function versionFinding(facts: PbxFacts): Finding {
  const version = facts.asteriskVersion;
  if (version === null) return { id: "asterisk.version", status: "fail", detail: "CoreSettings was refused: the version is unknown", fix: "give the user write=reporting" };
  const major = Number(/^(?:certified\/)?(\d+)/.exec(version)?.[1]);
  if ((TESTED_MAJORS as readonly number[]).includes(major)) return { id: "asterisk.version", status: "ok", detail: `Asterisk ${version}` };
  if ((UNTESTED_MAJORS as readonly number[]).includes(major)) return { id: "asterisk.version", status: "warn", detail: `Asterisk ${version}: same AMI actions, but Handoff is tested on ${TESTED_MAJORS.join(", ")}`, fix: "run the integration tests against it, or upgrade to Asterisk 22" };
  return { id: "asterisk.version", status: "fail", detail: `Asterisk ${version} is not supported (tested: ${TESTED_MAJORS.join(", ")})`, fix: "upgrade to Asterisk 22 (FreePBX 17 ships it)" };
}

function moduleFindings(facts: PbxFacts, expected: DoctorExpectations): Finding[] {
  const { actions, modules } = facts;
  const loaded = (names: readonly string[], inferred: boolean) => (modules === null ? inferred : names.every((name) => modules.get(name) === true));
  const line = (id: string, ok: boolean, what: string, fix: string): Finding => (ok ? { id, status: "ok", detail: `${what} loaded` } : { id, status: "fail", detail: `${what} not loaded`, fix });
  const out: Finding[] = [];
  if (modules === null) out.push({ id: "modules.how", status: "note", detail: "ModuleCheck needs write=system, which this user rightly lacks: modules are inferred from the actions and bridge technologies they register" });
  out.push(line("module.pjsip", loaded(["res_pjsip", "chan_pjsip"], actions.has("PJSIPQualify") || actions.has("PJSIPHangup") || facts.endpoints.some((e) => e.webrtc !== "")), "PJSIP (res_pjsip, chan_pjsip)", 'load res_pjsip.so and chan_pjsip.so (modules.conf), and no "noload" for them'));
  out.push(line("module.websocket", loaded(["res_http_websocket", "res_pjsip_transport_websocket"], facts.sipWebSocket.ok), "the SIP WebSocket transport (res_http_websocket, res_pjsip_transport_websocket)", "load res_http_websocket.so and res_pjsip_transport_websocket.so, enable http.conf (enabled = yes) and add a pjsip transport with protocol = ws (or wss)"));
  out.push(line("module.queues", loaded(["app_queue"], actions.has("QueueStatus")), "queues (app_queue)", "load app_queue.so"));
  out.push(line("module.bridging", loaded(["bridge_simple"], facts.bridgeTechnologies.includes("simple_bridge")), "two-party bridging (bridge_simple)", "load bridge_simple.so (and bridge_native_rtp.so)"));
  out.push(
    actions.has("Atxfer") && actions.has("BlindTransfer") && actions.has("CancelAtxfer")
      ? { id: "module.features", status: "ok", detail: "transfer features (BlindTransfer, Atxfer, CancelAtxfer) available" }
      : { id: "module.features", status: "fail", detail: "BlindTransfer, Atxfer or CancelAtxfer is not available to this user", fix: USER_FIX(expected.amiUser) },
  );
  return out;
}

function eventFindings(facts: PbxFacts): Finding[] {
  const skew = facts.clockSkewMs;
  return [
    facts.timestampedEvents === null
      ? { id: "ami.timestampevents", status: "note", detail: "no event arrived to tell whether events carry a Timestamp" }
      : facts.timestampedEvents
        ? { id: "ami.timestampevents", status: "ok", detail: "events carry Asterisk's Timestamp" }
        : { id: "ami.timestampevents", status: "warn", detail: "events carry no Timestamp", fix: 'set timestampevents = yes in manager.conf [general] (latency figures use it), then "manager reload"' },
    skew === null
      ? { id: "clock.skew", status: "note", detail: "Ping gave no Timestamp: clock skew unknown" }
      : Math.abs(skew) > CLOCK_SKEW_WARN_MS
        ? { id: "clock.skew", status: "warn", detail: `Asterisk's clock is ${(skew / 1000).toFixed(1)} s ${skew > 0 ? "ahead of" : "behind"} this machine's`, fix: "run NTP (chrony or systemd-timesyncd) on both machines" }
        : { id: "clock.skew", status: "ok", detail: `clocks agree within ${Math.abs(skew)} ms` },
  ];
}

function dialplanFindings(facts: PbxFacts, expected: DoctorExpectations): Finding[] {
  if (!facts.actions.has("ShowDialPlan")) return [{ id: "dialplan", status: "fail", detail: "ShowDialPlan is refused: the contexts cannot be checked", fix: USER_FIX(expected.amiUser) }];
  const out: Finding[] = [];
  for (const [name, extensions] of Object.entries(expectedExtensions(expected))) {
    const context = facts.contexts.get(name);
    const id = `dialplan.${name}`;
    if (context === undefined) {
      out.push({ id, status: "fail", detail: `context ${name} is missing`, fix: DIALPLAN_FIX });
      continue;
    }
    const absent = extensions.filter((e) => !context.has(e));
    out.push(absent.length > 0 ? { id, status: "fail", detail: `context ${name} lacks extension${absent.length > 1 ? "s" : ""} ${absent.join(", ")}`, fix: `regenerate it with ${EXPORT} from a site file listing every agent and queue, then "dialplan reload"` } : { id, status: "ok", detail: `context ${name} with ${extensions.length} extension${extensions.length > 1 ? "s" : ""}` });
  }
  for (const bot of expected.botContexts) {
    if (!facts.contexts.has(bot)) out.push({ id: `dialplan.bot.${bot}`, status: "warn", detail: `bot context ${bot} (HANDOFF_BOT_CONTEXTS) is not in the dialplan: no bot can hand off a caller`, fix: "set HANDOFF_BOT_CONTEXTS to the contexts your voice bots' callers run in" });
  }
  const fallback = facts.globals.get(GLOBALS.fallbackQueue) ?? "";
  out.push(
    fallback === expected.fallbackQueue
      ? { id: "dialplan.globals", status: "ok", detail: `${GLOBALS.fallbackQueue} = ${fallback}` }
      : { id: "dialplan.globals", status: "fail", detail: `${GLOBALS.fallbackQueue} is "${fallback}", the server's HANDOFF_FALLBACK_QUEUE is "${expected.fallbackQueue}"`, fix: `include ${EXPORT_FILES.globals} inside [globals] (FreePBX: globals_custom.conf) with the same queue, or set HANDOFF_FALLBACK_QUEUE` },
  );
  const ring = facts.globals.get(GLOBALS.transferRing) ?? "";
  if (ring !== String(expected.ringSeconds)) out.push({ id: "dialplan.ring", status: "warn", detail: `${GLOBALS.transferRing} is "${ring}" in the dialplan, ${expected.ringSeconds} for the server`, fix: "give both the same value" });
  return out;
}

function featureFindings(facts: PbxFacts): Finding[] {
  const codes = facts.contexts.get(TRANSFER_CODES_CONTEXT)?.get("s") ?? [];
  const armsAtxfer = codes.some((step) => step.startsWith("Set(FEATUREMAP(atxfer)="));
  const armsAbort = codes.some((step) => step.startsWith("Set(FEATURE(atxferabort)="));
  const global = facts.featureCodes;
  if (global === null) return [{ id: "features.atxfer", status: "fail", detail: "the feature codes could not be read (Getvar refused)", fix: "give the user write=call,reporting" }];
  const out: Finding[] = [];
  if (global.atxfer !== "") out.push({ id: "features.atxfer", status: "ok", detail: `Atxfer uses the global code ${global.atxfer}` });
  else if (armsAtxfer) out.push({ id: "features.atxfer", status: "ok", detail: `no global atxfer code: agents' channels are armed per call by ${TRANSFER_CODES_CONTEXT} (calls your own dialplan rings need b(${TRANSFER_CODES_CONTEXT}^s^1) on their Dial/Queue, or a global code)` });
  else out.push({ id: "features.atxfer", status: "fail", detail: `no atxfer code: neither features.conf [featuremap] nor ${TRANSFER_CODES_CONTEXT} gives one, so every attended transfer fails`, fix: `include ${EXPORT_FILES.featuresFeaturemap} inside [featuremap] of features.conf (or FreePBX's "In-Call Asterisk Attended Transfer" code), then "module reload features"` });
  if (global.atxferabort === "" && !armsAbort) out.push({ id: "features.atxferabort", status: "fail", detail: "no atxferabort code: CancelAtxfer cannot end a consultation", fix: `include ${EXPORT_FILES.featuresGeneral} inside [general] of features.conf` });
  return out;
}

function queueFindings(facts: PbxFacts, expected: DoctorExpectations): Finding[] {
  if (facts.queues === null) return [{ id: "queues", status: "note", detail: "QueueSummary was refused: the queues were not checked" }];
  const names = [...new Set([...expected.queues.keys(), expected.fallbackQueue])];
  const absent = names.filter((name) => !facts.queues?.has(name));
  return [absent.length > 0 ? { id: "queues", status: "fail", detail: `queue${absent.length > 1 ? "s" : ""} ${absent.join(", ")} (HANDOFF_QUEUES / HANDOFF_FALLBACK_QUEUE) unknown to app_queue`, fix: "create them (queues.conf, or FreePBX's Queues module) or fix HANDOFF_QUEUES" } : { id: "queues", status: "ok", detail: `queues ${names.join(", ")} exist` }];
}

function endpointFindings(facts: PbxFacts): Finding[] {
  const out: Finding[] = facts.endpoints.map((endpoint): Finding => {
    const id = `endpoint.${endpoint.extension}`;
    if (endpoint.webrtc === "") return { id, status: "fail", detail: `agent extension ${endpoint.extension} has no PJSIP endpoint`, fix: `add endpoint ${endpoint.extension} with the handoff-webrtc template (${EXPORT_FILES.pjsip}), or fix the agent's extension in the directory` };
    if (endpoint.webrtc !== "yes") return { id, status: "fail", detail: `endpoint ${endpoint.extension} is not WebRTC-capable (webrtc = ${endpoint.webrtc})`, fix: `set webrtc = yes on it (the handoff-webrtc template of ${EXPORT_FILES.pjsip}; FreePBX: the extension's "WebRTC: Yes"), then "module reload res_pjsip.so"` };
    if (endpoint.auth !== endpoint.extension) return { id, status: "fail", detail: `endpoint ${endpoint.extension} checks passwords against auth "${endpoint.auth}", not the realtime row "${endpoint.extension}" the server writes at each sign-in`, fix: `set auth = ${endpoint.extension} on it, with sorcery.conf [res_pjsip] auth = realtime,${SIP_AUTHS.table} (see pbx/README.md "SIP auths")` };
    const registered = endpoint.deviceState !== null && endpoint.deviceState !== "UNAVAILABLE" && endpoint.deviceState !== "INVALID";
    return { id, status: "ok", detail: `endpoint ${endpoint.extension} is WebRTC-capable, ${registered ? `registered (${endpoint.deviceState})` : "not registered now"}` };
  });
  if (facts.endpoints.length > 0) out.push({ id: "endpoints.unreadable", status: "note", detail: "transports, codecs and contacts' addresses need write=system (PJSIPShowEndpoint), which this user rightly lacks: see them with \"pjsip show endpoint <ext>\" on the PBX" });
  return out;
}

function authDbFinding(facts: PbxFacts, expected: DoctorExpectations): Finding {
  return facts.sipAuthDb.ok
    ? { id: "sip.authdb", status: "ok", detail: `${expected.sipAuthDb} holds the ${SIP_AUTHS.table} table sign-ins write SIP passwords into` }
    : { id: "sip.authdb", status: "fail", detail: `HANDOFF_SIP_AUTH_DB: ${facts.sipAuthDb.error}: no agent could register`, fix: `point it at the SQLite file Asterisk reads PJSIP auths from (sorcery.conf auth = realtime,${SIP_AUTHS.table}; extconfig.conf ${SIP_AUTHS.table} => sqlite3,${SIP_AUTHS.database},${SIP_AUTHS.table}; res_config_sqlite3.conf names the file), writable by the server` };
}

function webSocketFinding(facts: PbxFacts, expected: DoctorExpectations): Finding {
  return facts.sipWebSocket.ok
    ? { id: "sip.websocket", status: "ok", detail: `${expected.sipWsUrl} upgrades with subprotocol sip` }
    : { id: "sip.websocket", status: "fail", detail: `${expected.sipWsUrl}: ${facts.sipWebSocket.error}`, fix: "check HANDOFF_SIP_WS_URL, http.conf (enabled, bindaddr, bindport), res_pjsip_transport_websocket and a pjsip transport with protocol = ws/wss" };
}

/** The report, one finding per line, in the order an administrator fixes things. Pure. */
export function judge(facts: PbxFacts, expected: DoctorExpectations, ami: { host: string; port: number }): Finding[] {
  const login = amiFindings(facts, expected, ami);
  if (facts.ami.kind !== "logged-in") return [...login, authDbFinding(facts, expected), webSocketFinding(facts, expected)];
  return [
    ...login,
    ...classFindings(facts, expected),
    versionFinding(facts),
    ...moduleFindings(facts, expected),
    ...eventFindings(facts),
    ...dialplanFindings(facts, expected),
    ...featureFindings(facts),
    ...queueFindings(facts, expected),
    ...endpointFindings(facts),
    authDbFinding(facts, expected),
    webSocketFinding(facts, expected),
  ];
}
