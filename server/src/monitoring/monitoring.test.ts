import { MONITOR_CONTEXTS, MONITOR_EVENTS, MONITOR_REFUSED, MONITOR_VARS } from "@handoff/dialplan";
import { describe, expect, it } from "vitest";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { AmiMessage } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import { ChannelTracker } from "../pbx/channel-tracker";
import { PresenceDirectory } from "../pbx/presence";
import { MonitoringAccess, MonitoringConfigError, parseShownModes, parseSupervises } from "./access";
import { MonitoringService } from "./service";
import { IllegalMonitoringTransition, transition } from "./session-state";
import { TransferRefusal } from "../transfers/errors";

const demo = loadDemoData();
const people = demo.users.map((u) => ({ id: u.username, name: u.name, username: u.username, extension: u.extension, role: u.role, chosenStatus: "available" as const }));
const event = (fields: Record<string, string>) => AmiMessage.from(fields);
const quiet = { info() {}, warn() {}, error() {} };
const sam: TokenClaims = { agentId: "sam", role: "supervisor", sessionId: "s-sam", tokenId: "t-sam" };

/** The service over a recorded AMI: what it writes is kept; alice (1001) is on a call with a customer. */
function rig(rules = "supervisor=*", shown = "whisper,barge") {
  const written: Array<{ action: string; fields: Record<string, unknown> }> = [];
  const audits: string[] = [];
  const notices: Array<{ agentId: string; mode: string | null }> = [];
  const tracker = new ChannelTracker();
  const directory = new PresenceDirectory(people);
  const service = new MonitoringService({
    ami: { send: async (action: string, fields: Record<string, unknown> = {}) => (written.push({ action, fields }), { response: event({ Response: "Success" }), events: [] }) } as never,
    tracker,
    directory,
    access: MonitoringAccess.check(parseSupervises(rules), people),
    shownModes: parseShownModes(shown),
    store: { audit: async (entry) => (audits.push(`${entry.action} ${entry.detail}`), "id") },
    notifier: { session: () => undefined, notice: (agentId, notice) => notices.push({ agentId, mode: notice.mode }), audit: () => undefined },
    log: quiet,
    dialGraceMs: 60_000,
  });
  for (const [name, uniqueId] of [["PJSIP/1001-00000001", "1.1"], ["Local/1001@handoff-inbound-00000001;2", "1.0"]] as const) {
    tracker.apply(event({ Event: "Newchannel", Channel: name, Uniqueid: uniqueId, Linkedid: "1.0", ChannelStateDesc: "Up" }));
    tracker.apply(event({ Event: "BridgeEnter", Channel: name, Uniqueid: uniqueId, BridgeUniqueid: "b1", ChannelStateDesc: "Up" }));
  }
  const waiting = (channel: string, uniqueId: string) => {
    tracker.apply(event({ Event: "Newchannel", Channel: channel, Uniqueid: uniqueId, Linkedid: uniqueId, ChannelStateDesc: "Up" }));
    service.onEvent(event({ Event: "UserEvent", UserEvent: MONITOR_EVENTS.waiting, Channel: channel, Uniqueid: uniqueId }));
  };
  return { service, written, audits, notices, tracker, waiting };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("monitoring configuration", () => {
  it("reads who supervises whom, and refuses names nobody has", () => {
    const access = MonitoringAccess.check(parseSupervises("supervisor=alice,bob"), people);
    expect(access.mayMonitor({ username: "sam", role: "supervisor" }, { username: "alice", role: "agent" })).toBe(true);
    expect(access.mayMonitor({ username: "sam", role: "supervisor" }, { username: "carol", role: "agent" })).toBe(false);
    // Only the supervisor role monitors, whatever a rule says.
    expect(MonitoringAccess.check(parseSupervises("alice=*"), people).mayMonitor({ username: "alice", role: "agent" }, { username: "bob", role: "agent" })).toBe(false);
    expect(() => MonitoringAccess.check(parseSupervises("supervisor=zed"), people)).toThrow(MonitoringConfigError);
    expect(() => parseSupervises("supervisor")).toThrow(/HANDOFF_MONITORING_SUPERVISES/);
  });

  it("shows whisper and barge by default; none shows nothing; an unknown mode stops the server", () => {
    expect(parseShownModes("whisper,barge")).toEqual(["whisper", "barge"]);
    expect(parseShownModes("none")).toEqual([]);
    expect(() => parseShownModes("whisper,shout")).toThrow(/HANDOFF_MONITORING_SHOWN/);
  });

  it("moves a session only along its diagram", () => {
    expect(transition("dialing", "connecting")).toBe("connecting");
    expect(() => transition("active", "connecting")).toThrow(IllegalMonitoringTransition);
    expect(() => transition("ended", "active")).toThrow(IllegalMonitoringTransition);
  });
});

describe("MonitoringService", () => {
  it("lets only the granted supervisor's phone on, onto exactly the agent's channel, by uniqueid", async () => {
    const { service, written, waiting } = rig();
    await service.start(sam, "alice", "listen");
    waiting("PJSIP/1006-0000000a", "2.1");
    await settle();
    expect(written).toEqual([
      { action: "Setvar", fields: { Channel: "PJSIP/1006-0000000a", Variable: MONITOR_VARS.target, Value: "1.1" } },
      { action: "Setvar", fields: { Channel: "PJSIP/1006-0000000a", Variable: MONITOR_VARS.session, Value: expect.any(String) } },
      { action: "Redirect", fields: { Channel: "PJSIP/1006-0000000a", Context: MONITOR_CONTEXTS.spy, Exten: "listen", Priority: 1 } },
    ]);
  });

  it("refuses an agent who dials the monitoring path: one Redirect to the refusal, nothing set, the attempt audited", async () => {
    const { service, written, audits, waiting } = rig();
    await service.start(sam, "alice", "listen");
    waiting("PJSIP/1004-0000000b", "3.1");
    await settle();
    expect(written).toEqual([{ action: "Redirect", fields: { Channel: "PJSIP/1004-0000000b", Context: MONITOR_CONTEXTS.wait, Exten: MONITOR_REFUSED, Priority: 1 } }]);
    expect(audits.at(-1)).toMatch(/^monitor\.refused PJSIP\/1004-0000000b dialled/);
  });

  it("refuses oneself, an agent not supervised, a second supervisor, and an agent without a call, starting nothing", async () => {
    const { service, written } = rig("supervisor=alice");
    const refusal = (promise: Promise<unknown>) => promise.then(() => "started", (error: unknown) => (error instanceof TransferRefusal ? error.kind : String(error)));
    expect(await refusal(service.start(sam, "sam", "listen"))).toBe("unprocessable");
    expect(await refusal(service.start(sam, "bob", "listen"))).toBe("forbidden");
    expect(await refusal(service.start(sam, "nobody", "listen"))).toBe("not_found");
    expect(await refusal(service.start({ ...sam, role: "agent" } as TokenClaims, "alice", "listen"))).toBe("forbidden");
    await service.start(sam, "alice", "listen");
    expect(await refusal(service.start(sam, "alice", "barge"))).toBe("conflict");
    expect(written).toEqual([]);
  });

  it("ends the session when the agent's call is gone before the phone arrives, and never spies on it", async () => {
    const { service, written, tracker, waiting } = rig();
    await service.start(sam, "alice", "whisper");
    tracker.apply(event({ Event: "Hangup", Channel: "PJSIP/1001-00000001", Uniqueid: "1.1" }));
    waiting("PJSIP/1006-0000000c", "4.1");
    await settle();
    expect(written.map((w) => w.action)).toEqual(["Redirect"]);
    expect(written[0]?.fields).toMatchObject({ Context: MONITOR_CONTEXTS.wait, Exten: MONITOR_REFUSED });
    expect(service.live()).toEqual([]);
  });

  it("tells the agent whisper and barge, not listen, and clears it at the end", async () => {
    const { service, notices, waiting } = rig();
    const { session } = await service.start(sam, "alice", "listen");
    waiting("PJSIP/1006-0000000d", "5.1");
    await settle();
    service.onEvent(event({ Event: "ChanSpyStart", SpyerUniqueid: "5.1", SpyeeUniqueid: "1.1", SpyeeChannel: "PJSIP/1001-00000001" }));
    expect(notices).toEqual([]);
    await service.changeMode(sam, session.id, "whisper");
    expect(notices).toEqual([{ agentId: "alice", mode: "whisper" }]);
    service.onEvent(event({ Event: "Hangup", Channel: "PJSIP/1006-0000000d", Uniqueid: "5.1" }));
    await settle();
    expect(notices.at(-1)).toEqual({ agentId: "alice", mode: null });
    expect(service.live()).toEqual([]);
  });
});
