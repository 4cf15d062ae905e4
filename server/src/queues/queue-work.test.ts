import { readFileSync } from "node:fs";
import type { FastifyBaseLogger } from "fastify";
import { describe, expect, it, vi } from "vitest";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { AmiMessage, type AmiClient } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import { PresenceDirectory } from "../pbx/presence";
import type { QueueWorkStore } from "../store/queue-work";
import type { Transfer } from "@handoff/contract";
import { ChannelTracker } from "../pbx/channel-tracker";
import { activityOf, SupervisorBoard } from "./board";
import { dayIn } from "./center-day";
import { QueueFiguresBook } from "./figures";
import { QueueMembers } from "./members";
import { QueueWork } from "./service";
import { parseLabels, parseQueueAccess, QueueAccess, QueueConfigError, type QueueWorkConfig } from "./settings";
import { chosenReasonOf, pauseTarget, startWrapUp } from "./wrap-up";
import { Disposition, PauseReason } from "@handoff/contract";

// Recorded from the real Asterisk 22 by server/test/queues.integration.test.ts (HANDOFF_RECORD_JOURNEYS=1).
interface Recorded {
  from: "server" | "asterisk";
  fields: Record<string, string>;
}
const fixture = (name: string): Recorded[] =>
  readFileSync(new URL(`../../test/fixtures/queues/${name}.jsonl`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Recorded);
const message = (fields: Record<string, string>) => new AmiMessage(Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("\r\n"));
const fromAsterisk = (name: string) => fixture(name).filter((m) => m.from === "asterisk").map((m) => message(m.fields));

const demo = loadDemoData();
const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as unknown as FastifyBaseLogger;
const CONFIG: QueueWorkConfig = { access: [{ who: "agent", queues: "all" }], pauseReasons: ["Break", "Lunch", "Training"], dispositions: ["Resolved", "Escalated"], wrapUpSeconds: 30, serviceLevelSeconds: 20, timeZone: "UTC" };

function directory(): PresenceDirectory {
  return new PresenceDirectory(demo.users.map((u) => ({ id: u.username, name: u.name, username: u.username, extension: u.extension, role: u.role, chosenStatus: "available" })));
}

/** The service over our own AMI client's shape: what it writes is recorded, Asterisk's answers come from the fixture. */
/** `queueStatus`: what Asterisk answers QueueStatus with (a resync). */
function rig(now = () => 1_000_000, queueStatus: AmiMessage[] = []) {
  const written: Array<{ action: string; fields: Record<string, unknown> }> = [];
  const ami = { state: "connected", send: async (action: string, fields: Record<string, unknown> = {}) => (written.push({ action, fields }), { events: action === "QueueStatus" ? queueStatus : [] }) } as unknown as AmiClient;
  const disposed: string[] = [];
  const store = { markQueue: async () => undefined, ownerOf: async (callId: string) => callId.split(":")[1], dispose: async (callId: string) => void disposed.push(callId), audit: async () => "id" } as unknown as QueueWorkStore;
  const dir = directory();
  const states: string[] = [];
  const work = new QueueWork({
    ami,
    directory: dir,
    store,
    dayTotals: { add: async () => undefined, of: async () => new Map() },
    dayOf: dayIn("UTC"),
    access: QueueAccess.check(CONFIG.access, ["support"], demo.users),
    config: CONFIG,
    queues: ["support"],
    notifier: { state: (s) => states.push(s.agentId), figures: () => undefined, audit: () => undefined, agentChanged: () => undefined },
    log: quiet,
    now,
    confirmMs: 10,
  });
  return { work, written, disposed, states, directory: dir };
}
const bob: TokenClaims = { agentId: "bob", role: "agent" } as TokenClaims;

describe("queue members from Asterisk's events", () => {
  it("rebuilds membership and pauses from QueueStatus after a server restart", () => {
    const members = new QueueMembers();
    members.reset(fromAsterisk("resync-after-restart"));
    expect(members.of("PJSIP/1001").size).toBe(0);
    expect(members.of("PJSIP/1002").get("support")).toMatchObject({ paused: true, reason: "Training", name: "Bob Nguyen" });
    expect(members.inQueue("support").map((m) => m.interface).sort()).toEqual(["PJSIP/1002", "PJSIP/1003", "PJSIP/1004", "PJSIP/1005"]);
  });

  it("follows a pause and its reason from QueueMemberPause", () => {
    const members = new QueueMembers();
    const events = fromAsterisk("paused-member-not-rung");
    // Up to the caller's hang-up: after it the test puts the demo's seating back.
    for (const event of events.slice(0, events.findIndex((e) => e.event === "QueueCallerAbandon"))) members.apply(event);
    expect(events.filter((e) => e.event === "AgentCalled").map((e) => e.get("Interface"))).toEqual(["PJSIP/1002"]);
    expect(members.of("PJSIP/1001").get("support")).toMatchObject({ paused: true, reason: "Break" });
    expect(members.of("PJSIP/1002").get("support")).toMatchObject({ paused: false, reason: "" });
  });

  it("forgets a member on QueueMemberRemoved", () => {
    const members = new QueueMembers();
    members.apply(message({ Event: "QueueMemberAdded", Queue: "support", Interface: "PJSIP/1001", MemberName: "Alice Martin", Paused: "0", Status: "1" }));
    members.apply(message({ Event: "QueueMemberRemoved", Queue: "support", Interface: "PJSIP/1001" }));
    expect(members.all()).toEqual([]);
    expect(members.inQueue("support")).toEqual([]);
  });
});

describe("the queue of a call in progress", () => {
  it("is known again from QueueStatus' InCall after a restart mid-call, and forgotten once Asterisk says the call is over", async () => {
    const snapshot = fromAsterisk("resync-during-queue-call").filter((e) => e.event === "QueueMember" || e.event === "QueueParams" || e.event === "QueueEntry");
    expect(snapshot.find((e) => e.get("Location") === "PJSIP/1002")?.get("InCall")).toBe("1");
    const { work } = rig(() => 1_000_000, snapshot);
    expect(work.queueCallOf("bob")).toBeNull();
    await work.resync();
    expect(work.queueCallOf("bob")).toBe("support");
    expect(work.queueCallOf("alice")).toBeNull();

    const idle = snapshot.map((e) => (e.get("Location") === "PJSIP/1002" ? message({ ...e.fields(), InCall: "0" }) : e));
    const after = rig(() => 1_000_000, idle);
    await after.work.resync();
    expect(after.work.queueCallOf("bob")).toBeNull();
  });
});

describe("the supervisor's board row", () => {
  it("lists the transfers in flight the agent started, not finished ones nor those to them", () => {
    const { work, directory: dir } = rig();
    const transfer = (id: string, status: Transfer["status"], fromAgentId: string) => ({ id, status, fromAgentId, target: { kind: "agent", value: "carol", label: `Carol Diaz (${id})` } }) as unknown as Transfer;
    const transfers = [transfer("t1", "ringing", "bob"), transfer("t2", "completed", "bob"), transfer("t3", "recalling", "bob"), transfer("t4", "ringing", "alice")];
    const board = new SupervisorBoard({ directory: dir, tracker: new ChannelTracker(), work, transfersFor: () => transfers, publish: () => undefined });
    expect(board.rowOf("bob")?.transfers).toEqual([
      { id: "t1", status: "ringing", target: "Carol Diaz (t1)" },
      { id: "t3", status: "recalling", target: "Carol Diaz (t3)" },
    ]);
    expect(board.rowOf("bob")?.call).toBeNull();
  });
});

describe("queue figures", () => {
  it("counts a caller waiting until the queue lets go, and an answer within the service level", () => {
    const book = new QueueFiguresBook(["support"], { serviceLevelSeconds: 20, dayOf: dayIn("UTC") });
    const seen: number[] = [];
    for (const event of fromAsterisk("wrap-up-disposition")) {
      if (book.apply(event, 5_000) !== null) seen.push(book.figures("support", [], 5_000).waiting);
    }
    expect(seen).toContain(1);
    const figures = book.figures("support", [], 5_000);
    expect(figures).toMatchObject({ waiting: 0, oldestWaitingSince: null, answeredToday: 1, abandonedToday: 0, answeredWithinServiceLevelToday: 1, serviceLevel: 1 });
  });

  it("abandoned calls lower the service level; a new day starts at zero", () => {
    const book = new QueueFiguresBook(["support"], { serviceLevelSeconds: 20, dayOf: dayIn("UTC") });
    const day = Date.parse("2026-12-03T10:00:00Z");
    book.apply(message({ Event: "QueueCallerJoin", Queue: "support", Uniqueid: "1.1" }), day);
    book.apply(message({ Event: "QueueCallerAbandon", Queue: "support", Uniqueid: "1.1", HoldTime: "40" }), day + 40_000);
    book.apply(message({ Event: "AgentConnect", Queue: "support", Uniqueid: "1.2", HoldTime: "25" }), day + 50_000);
    expect(book.figures("support", [], day + 60_000)).toMatchObject({ waiting: 1, answeredToday: 1, abandonedToday: 1, answeredWithinServiceLevelToday: 0, serviceLevel: 0 });
    expect(book.figures("support", [], day + 86_400_000)).toMatchObject({ answeredToday: 0, abandonedToday: 0, serviceLevel: null });
  });

  it("today goes on from the counts kept by an earlier run, and every count is handed on to be kept, by the center's day", () => {
    const kept: Array<[string, string, number, number, number]> = [];
    // December in Berlin is UTC+1: 23:30 UTC is already the next day there.
    const book = new QueueFiguresBook(["support"], { serviceLevelSeconds: 20, dayOf: dayIn("Europe/Berlin"), counted: (queue, day, d) => kept.push([queue, day, d.answered, d.abandoned, d.answeredWithinServiceLevel]) });
    book.load("2026-12-03", new Map([["support", { answered: 7, abandoned: 1, answeredWithinServiceLevel: 6 }], ["sales", { answered: 3, abandoned: 0, answeredWithinServiceLevel: 3 }]]));
    const evening = Date.parse("2026-12-03T22:30:00Z");
    expect(book.figures("support", [], evening)).toMatchObject({ answeredToday: 7, abandonedToday: 1, answeredWithinServiceLevelToday: 6, serviceLevel: 6 / 8 });
    book.apply(message({ Event: "AgentConnect", Queue: "support", Uniqueid: "1.3", HoldTime: "5" }), evening);
    book.apply(message({ Event: "QueueCallerAbandon", Queue: "support", Uniqueid: "1.4" }), evening);
    expect(book.figures("support", [], evening)).toMatchObject({ answeredToday: 8, abandonedToday: 2, answeredWithinServiceLevelToday: 7 });
    book.apply(message({ Event: "AgentConnect", Queue: "support", Uniqueid: "1.5", HoldTime: "30" }), evening + 3_600_000);
    expect(book.figures("support", [], evening + 3_600_000)).toMatchObject({ answeredToday: 1, abandonedToday: 0, answeredWithinServiceLevelToday: 0 });
    expect(kept).toEqual([
      ["support", "2026-12-03", 1, 0, 1],
      ["support", "2026-12-03", 0, 1, 0],
      ["support", "2026-12-04", 1, 0, 0],
    ]);
  });

  it("the center's day is the configured zone's calendar day; an unknown zone is refused", () => {
    expect(dayIn("America/New_York")(Date.parse("2026-12-03T04:30:00Z"))).toBe("2026-12-02");
    expect(dayIn("Asia/Tokyo")(Date.parse("2026-12-03T16:30:00Z"))).toBe("2026-12-04");
    expect(dayIn("UTC")(Date.parse("2026-12-03T23:59:59Z"))).toBe("2026-12-03");
    expect(() => dayIn("Mars/Olympus")).toThrow(RangeError);
  });

  it("waiting callers come back from QueueStatus with their wait", () => {
    const book = new QueueFiguresBook(["support"], { serviceLevelSeconds: 20, dayOf: dayIn("UTC") });
    book.reset([message({ Event: "QueueEntry", Queue: "support", Uniqueid: "9.9", Wait: "12" })], 100_000);
    expect(book.figures("support", [], 100_000)).toMatchObject({ waiting: 1, oldestWaitingSince: new Date(88_000).toISOString() });
  });
});

describe("wrap-up", () => {
  it("the rules: a chosen pause wins over wrap-up, 0 s turns it off, Wrap-up is never a chosen reason", () => {
    expect(pauseTarget(null, null)).toEqual({ paused: false });
    expect(pauseTarget(startWrapUp("c", "support", 0, 30), null)).toEqual({ paused: true, reason: "Wrap-up" });
    expect(pauseTarget(startWrapUp("c", "support", 0, 30), "Lunch")).toEqual({ paused: true, reason: "Lunch" });
    expect(startWrapUp("c", "support", 0, 0)).toBeNull();
    expect(startWrapUp("c", "support", 1000, 30)?.deadlineMs).toBe(31_000);
    expect(chosenReasonOf(true, "Wrap-up")).toBeNull();
    expect(chosenReasonOf(true, "Lunch")).toBe("Lunch");
    expect(chosenReasonOf(false, "Lunch")).toBeNull();
  });

  it("a recorded queue call: AgentComplete pauses the member with Wrap-up; the disposition unpauses", async () => {
    const { work, written, disposed } = rig();
    const events = fromAsterisk("wrap-up-disposition");
    const complete = events.findIndex((event) => event.event === "AgentComplete");
    for (const event of events.slice(0, complete)) work.onEvent(event);
    // bob is a member (his QueueMemberStatus came first); the call ends:
    work.members.apply(message({ Event: "QueueMemberStatus", Queue: "support", Interface: "PJSIP/1002", MemberName: "Bob Nguyen", Paused: "0", Status: "1" }));
    work.onEvent(events[complete]!);
    expect(written).toEqual([{ action: "QueuePause", fields: { Interface: "PJSIP/1002", Paused: true, Reason: "Wrap-up" } }]);
    const state = work.stateOf("bob");
    expect(state.wrapUp).toMatchObject({ queue: "support", callId: `${events[complete]!.get("DestLinkedid")}:bob`, deadline: new Date(1_000_000 + 30_000).toISOString() });
    expect(state.pause).toBeNull();

    // Asterisk confirms the pause, then the agent disposes of the call.
    work.members.apply(message({ Event: "QueueMemberPause", Queue: "support", Interface: "PJSIP/1002", MemberName: "Bob Nguyen", Paused: "1", PausedReason: "Wrap-up", Status: "1" }));
    const answer = await work.dispose(bob, state.wrapUp!.callId, "resolved", "Done");
    expect(answer.disposition).toMatchObject({ disposition: "Resolved", note: "Done", by: "bob" });
    expect(disposed).toEqual([state.wrapUp!.callId]);
    expect(written.at(-1)).toEqual({ action: "QueuePause", fields: { Interface: "PJSIP/1002", Paused: false } });
    expect(work.stateOf("bob").wrapUp).toBeNull();
    work.close();
  });

  it("a pause chosen during wrap-up stays when the disposition ends wrap-up", async () => {
    const { work, written } = rig();
    work.members.apply(message({ Event: "QueueMemberStatus", Queue: "support", Interface: "PJSIP/1002", MemberName: "Bob Nguyen", Paused: "0", Status: "1" }));
    work.onEvent(message({ Event: "AgentComplete", Queue: "support", Interface: "PJSIP/1002", DestLinkedid: "7.7", HoldTime: "3", TalkTime: "9", Reason: "caller" }));
    work.members.apply(message({ Event: "QueueMemberPause", Queue: "support", Interface: "PJSIP/1002", Paused: "1", PausedReason: "Lunch", Status: "1" }));
    await work.dispose(bob, "7.7:bob", "Escalated", undefined);
    expect(written.filter((w) => w.fields.Paused === false)).toEqual([]);
    expect(work.stateOf("bob")).toMatchObject({ pause: { reason: "Lunch" }, wrapUp: null });
    work.close();
  });

  it("the deadline ends wrap-up by itself", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const { work, written } = rig(() => Date.now());
      work.members.apply(message({ Event: "QueueMemberStatus", Queue: "support", Interface: "PJSIP/1002", Paused: "0", Status: "1" }));
      work.onEvent(message({ Event: "AgentComplete", Queue: "support", Interface: "PJSIP/1002", DestLinkedid: "8.8", HoldTime: "3", TalkTime: "9", Reason: "agent" }));
      work.members.apply(message({ Event: "QueueMemberPause", Queue: "support", Interface: "PJSIP/1002", Paused: "1", PausedReason: "Wrap-up", Status: "1" }));
      await vi.advanceTimersByTimeAsync(29_000);
      expect(work.stateOf("bob").wrapUp).not.toBeNull();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(work.stateOf("bob").wrapUp).toBeNull();
      expect(written.at(-1)).toEqual({ action: "QueuePause", fields: { Interface: "PJSIP/1002", Paused: false } });
      work.close();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses what is not configured before writing anything", async () => {
    const { work, written } = rig();
    work.members.apply(message({ Event: "QueueMemberStatus", Queue: "support", Interface: "PJSIP/1002", Paused: "0", Status: "1" }));
    await expect(work.pause(bob, "me", "Nap")).rejects.toMatchObject({ kind: "unprocessable" });
    await expect(work.pause(bob, "alice", "Lunch")).rejects.toMatchObject({ kind: "forbidden" });
    await expect(work.join(bob, "me", ["sales"])).rejects.toMatchObject({ kind: "unprocessable" });
    await expect(work.dispose(bob, "1.1:alice", "Resolved", undefined)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(work.dispose(bob, "1.1:bob", "Maybe", undefined)).rejects.toMatchObject({ kind: "unprocessable" });
    expect(written).toEqual([]);
  });
});

describe("the board's state of an agent", () => {
  it("a call outranks wrap-up, wrap-up outranks a pause, offline outranks all", () => {
    const run = startWrapUp("c", "support", 0, 30)!;
    const pause = { reason: "Lunch", since: "t" };
    expect(activityOf("offline", pause, run, "s").state).toBe("offline");
    expect(activityOf("busy", pause, run, "s").state).toBe("on_call");
    expect(activityOf("ringing", null, undefined, "s").state).toBe("ringing");
    expect(activityOf("available", pause, run, "s")).toMatchObject({ state: "wrap_up", deadline: new Date(30_000).toISOString() });
    expect(activityOf("available", pause, undefined, "s")).toEqual({ state: "paused", since: "t", reason: "Lunch" });
    expect(activityOf("away", null, undefined, "s")).toEqual({ state: "available", since: "s" });
  });
});

describe("queue settings, checked at start", () => {
  it("reads access rules; a username's rule wins over its role's; no phone, no queue", () => {
    const access = QueueAccess.check(parseQueueAccess("agent=*;alice=support;bob="), ["support", "sales"], demo.users);
    expect(access.allowed({ username: "carol", role: "agent", extension: "1003" })).toEqual(["support", "sales"]);
    expect(access.allowed({ username: "alice", role: "agent", extension: "1001" })).toEqual(["support"]);
    expect(access.allowed({ username: "bob", role: "agent", extension: "1002" })).toEqual([]);
    expect(access.allowed({ username: "sam", role: "supervisor", extension: "1006" })).toEqual([]);
    expect(access.allowed({ username: "voicebot", role: "agent", extension: null })).toEqual([]);
  });

  it("refuses a rule for an unknown queue or nobody, and labels that are the server's own or unsafe", () => {
    expect(() => QueueAccess.check(parseQueueAccess("agent=billing"), ["support"], demo.users)).toThrow(QueueConfigError);
    expect(() => QueueAccess.check(parseQueueAccess("zed=*"), ["support"], demo.users)).toThrow(/neither a role nor a username/);
    expect(() => parseQueueAccess("agent")).toThrow(QueueConfigError);
    expect(() => parseLabels("HANDOFF_PAUSE_REASONS", "Break,Wrap-up", PauseReason)).toThrow(/server's own reason/);
    expect(() => parseLabels("HANDOFF_PAUSE_REASONS", "Break,break", PauseReason)).toThrow(/twice/);
    expect(() => parseLabels("HANDOFF_DISPOSITIONS", "", Disposition)).toThrow(/at least one/);
    expect(parseLabels("HANDOFF_DISPOSITIONS", " Resolved , Escalated ", Disposition)).toEqual(["Resolved", "Escalated"]);
  });
});
