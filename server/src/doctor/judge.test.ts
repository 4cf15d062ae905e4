import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { DoctorExpectations, PbxFacts } from "./facts";
import { exitCodeOf, formatFinding } from "./findings";
import { excessWriteClasses, judge } from "./judge";
import { probePbx } from "./probe";

/** The actions ListCommands gives the server's user on Asterisk 22.10.1 (write=call,reporting), with their classes. */
const SERVER_USER_ACTIONS: [string, string[]][] = [
  ["Atxfer", ["call"]], ["BlindTransfer", ["call"]], ["CancelAtxfer", ["call"]], ["Redirect", ["call"]], ["PlayDTMF", ["call"]], ["Setvar", ["call"]],
  ["Getvar", ["call", "reporting"]], ["DeviceStateList", ["call", "reporting"]], ["Status", ["system", "call", "reporting"]],
  ["CoreShowChannels", ["system", "reporting"]], ["CoreSettings", ["system", "reporting"]], ["ShowDialPlan", ["config", "reporting"]],
  ["QueueStatus", []], ["QueueSummary", []], ["Ping", []], ["ListCommands", []], ["PJSIPQualify", ["system", "reporting"]], ["Hangup", ["system", "call"]],
];
const EXT = ["1001", "1002"];
const expected: DoctorExpectations = { amiUser: "handoff", sipWsUrl: "ws://127.0.0.1:8088/ws", sipAuthDb: "/var/lib/asterisk/handoff/sip-auths.sqlite3", ringSeconds: 20, queues: new Map([["support", "2000"]]), fallbackQueue: "support", botContexts: ["handoff-bot"], agentExtensions: EXT };
const ctx = (...extensions: string[]) => new Map(extensions.map((e) => [e, ["NoOp()"]]));
const healthy: PbxFacts = {
  ami: { kind: "logged-in", banner: "Asterisk Call Manager/11.0.0" },
  actions: new Map(SERVER_USER_ACTIONS),
  readSeen: new Set(["system", "call"]),
  eventProvoked: true,
  asteriskVersion: "22.10.1+dfsg+~cs6.17.60671434-1",
  modules: null,
  bridgeTechnologies: ["holding_bridge", "native_rtp", "simple_bridge", "softmix"],
  timestampedEvents: true,
  clockSkewMs: 3,
  contexts: new Map([
    ["handoff-transfer", ctx("1001", "1002", "2000", "_[0-9*#+]!")],
    ["handoff-handoff", ctx("_X.", "_+X.", "i")],
    ["handoff-transfer-failed", ctx("s", "recall")],
    ["handoff-recall-headers", ctx("s")],
    ["handoff-fallback", ctx("s")],
    ["handoff-monitor", ctx("s", "refused")],
    ["handoff-monitor-spy", ctx("listen", "whisper", "barge", "end")],
    ["handoff-bot", ctx("s")],
    ["handoff-transfer-codes", new Map([["s", ["Set(FEATUREMAP(atxfer)=${RAND(10000000,99999999)})", "Set(FEATURE(atxferabort)=${RAND(10000000,99999999)})", "Return()"]]])],
  ]),
  globals: new Map([["HANDOFF_FALLBACK_QUEUE", "support"], ["HANDOFF_TRANSFER_RING_SECONDS", "20"]]),
  featureCodes: { atxfer: "", atxferabort: "*1" },
  queues: new Set(["support"]),
  endpoints: EXT.map((extension) => ({ extension, webrtc: "yes", auth: extension, deviceState: extension === "1001" ? "NOT_INUSE" : "UNAVAILABLE" })),
  sipAuthDb: { ok: true },
  sipWebSocket: { ok: true },
};
const AMI = { host: "127.0.0.1", port: 5038 };
const find = (facts: PbxFacts, id: string) => judge(facts, expected, AMI).find((f) => f.id === id);
const failed = (facts: PbxFacts) => judge(facts, expected, AMI).filter((f) => f.status === "fail").map((f) => f.id);

describe("the doctor's judgement", () => {
  it("passes a PBX as the least-privilege user sees the local one, saying what it could not learn", () => {
    const findings = judge(healthy, expected, AMI);
    expect(findings.filter((f) => f.status === "fail" || f.status === "warn")).toEqual([]);
    expect(exitCodeOf(findings)).toBe(0);
    expect(findings.filter((f) => f.status === "note").map((f) => f.id)).toEqual(["classes.read.unproven", "modules.how", "endpoints.unreadable"]);
    expect(find(healthy, "endpoint.1001")?.detail).toContain("registered (NOT_INUSE)");
    expect(find(healthy, "endpoint.1002")?.detail).toContain("not registered now");
  });

  it("names the write class that is missing, with the line to set", () => {
    const noCall = { ...healthy, actions: new Map(SERVER_USER_ACTIONS.filter(([, classes]) => classes.some((c) => c !== "call"))) };
    const finding = find(noCall, "classes.write");
    expect(finding?.status).toBe("fail");
    expect(finding?.detail).toContain("lack call (cannot run BlindTransfer, Atxfer, CancelAtxfer, Redirect, PlayDTMF, Setvar)");
    expect(finding?.fix).toContain("write = call,reporting");
  });

  it("warns about each dangerous class the user holds, and only those", () => {
    const withExtra = (extra: [string, string[]][]) => new Map([...SERVER_USER_ACTIONS, ...extra]);
    expect(excessWriteClasses(new Map(SERVER_USER_ACTIONS))).toEqual([]);
    expect(excessWriteClasses(withExtra([["Originate", ["originate"]]]))).toEqual(["originate"]);
    expect(excessWriteClasses(withExtra([["Command", ["command"]], ["ModuleCheck", ["system"]], ["GetConfig", ["system", "config"]]]))).toEqual(["command", "system"]);
    expect(excessWriteClasses(withExtra([["GetConfig", ["system", "config"]]]))).toEqual(["config"]);
    const originate = { ...healthy, actions: withExtra([["Originate", ["originate"]]]) };
    expect(find(originate, "classes.excess")).toMatchObject({ status: "warn", fix: expect.stringContaining("remove originate") });
    expect(exitCodeOf(judge(originate, expected, AMI))).toBe(0);
  });

  it("fails each missing piece on its own line", () => {
    const without = (name: string) => ({ ...healthy, contexts: new Map([...healthy.contexts].filter(([n]) => n !== name)) });
    expect(failed(without("handoff-fallback"))).toEqual(["dialplan.handoff-fallback"]);
    const noAtxfer = { ...healthy, contexts: new Map([...healthy.contexts, ["handoff-transfer-codes", new Map([["s", ["Return()"]]])]]) };
    expect(failed(noAtxfer)).toEqual(["features.atxfer"]);
    expect(failed({ ...noAtxfer, featureCodes: { atxfer: "", atxferabort: "" } })).toEqual(["features.atxfer", "features.atxferabort"]);
    expect(failed({ ...noAtxfer, featureCodes: { atxfer: "*2", atxferabort: "*1" } })).toEqual([]);
    expect(failed({ ...healthy, endpoints: [{ extension: "1001", webrtc: "no", auth: "1001", deviceState: null }, { extension: "1002", webrtc: "", auth: "", deviceState: null }] })).toEqual(["endpoint.1001", "endpoint.1002"]);
    expect(failed({ ...healthy, sipWebSocket: { ok: false, error: "HTTP 404" } })).toEqual(["module.websocket", "sip.websocket"]);
    expect(failed({ ...healthy, queues: new Set() })).toEqual(["queues"]);
    expect(find({ ...healthy, endpoints: [{ extension: "1001", webrtc: "yes", auth: "1001-auth", deviceState: null }] }, "endpoint.1001")).toMatchObject({ status: "fail", fix: expect.stringContaining("auth = 1001") });
    expect(find({ ...healthy, sipAuthDb: { ok: false, error: "no such file" } }, "sip.authdb")).toMatchObject({ status: "fail", fix: expect.stringContaining("realtime,ps_auths") });
    expect(failed({ ...healthy, readSeen: new Set(["system"]) })).toEqual(["classes.read"]);
    // Without write=call the doctor cannot cause a call event: unproven, not failed.
    expect(find({ ...healthy, readSeen: new Set(["system"]), eventProvoked: false }, "classes.read")?.status).toBe("ok");
    expect(find({ ...healthy, readSeen: new Set(["system"]), eventProvoked: false }, "classes.read.unproven")?.detail).toMatch(/^call, agent and user/);
    expect(failed({ ...healthy, asteriskVersion: "18.20.0" })).toEqual(["asterisk.version"]);
    expect(find({ ...healthy, asteriskVersion: "20.11.0" }, "asterisk.version")?.status).toBe("warn");
    expect(failed({ ...healthy, bridgeTechnologies: ["holding_bridge"] })).toEqual(["module.bridging"]);
    expect(find(without("handoff-bot"), "dialplan.bot.handoff-bot")).toMatchObject({ status: "warn", fix: expect.stringContaining("HANDOFF_BOT_CONTEXTS") });
    const agentMissing = new Map([...healthy.contexts, ["handoff-transfer", ctx("1001", "2000", "_[0-9*#+]!")]]);
    expect(find({ ...healthy, contexts: agentMissing }, "dialplan.handoff-transfer")?.detail).toContain("lacks extension 1002");
  });

  it("warns about skew and untimestamped events; they do not stop the server", () => {
    const off = { ...healthy, clockSkewMs: -4_200, timestampedEvents: false };
    expect(find(off, "clock.skew")).toMatchObject({ status: "warn", detail: expect.stringContaining("4.2 s behind") });
    expect(find(off, "ami.timestampevents")?.fix).toContain("timestampevents = yes");
    expect(exitCodeOf(judge(off, expected, AMI))).toBe(0);
  });

  it("prints one line per check with the fix after it", () => {
    expect(formatFinding({ id: "x", status: "fail", detail: "broken", fix: "mend it" })).toBe("FAIL x: broken -> fix: mend it");
  });
});

describe("the doctor against something that is not Asterisk", () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it("a port that greets like SSH: not Asterisk's manager, and which port to use", async () => {
    server = createServer((socket) => socket.end("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n"));
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    const port = (server.address() as { port: number }).port;
    const findings = judge(await probePbx({ host: "127.0.0.1", port, username: "handoff", secret: "x" }, { ...expected, sipWsUrl: `ws://127.0.0.1:${port}/ws` }), expected, { host: "127.0.0.1", port });
    expect(findings[0]).toMatchObject({ id: "ami.login", status: "fail", detail: expect.stringContaining('greets with "SSH-2.0-OpenSSH_9.2p1'), fix: expect.stringContaining("5038 by default") });
    expect(findings.map((f) => f.id)).toEqual(["ami.login", "sip.authdb", "sip.websocket"]);
    expect(exitCodeOf(findings)).toBe(1);
  });

  it("a closed port: unreachable, with where to look", async () => {
    server = createServer();
    await new Promise<void>((done) => server?.listen(0, "127.0.0.1", done));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((done) => server?.close(() => done()));
    server = undefined;
    const facts = await probePbx({ host: "127.0.0.1", port, username: "handoff", secret: "x" }, { ...expected, sipWsUrl: `ws://127.0.0.1:${port}/ws` });
    expect(judge(facts, expected, { host: "127.0.0.1", port })[0]).toMatchObject({ status: "fail", detail: expect.stringContaining("cannot reach AMI"), fix: expect.stringContaining("enabled = yes") });
  });
});
