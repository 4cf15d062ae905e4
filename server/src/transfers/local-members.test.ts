import { describe, expect, it } from "vitest";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { AmiMessage } from "../ami";
import { ChannelTracker } from "../pbx/channel-tracker";
import { PresenceDirectory } from "../pbx/presence";
import { signalOf } from "./event-signals";
import { localSecondHalf } from "./follower";
import { initialProgress, type Followed } from "./model";
import { locateCaller } from "./whereabouts";

/**
 * A center's own queues whose members are Local channels, as FreePBX makes them (Local/<ext>@from-queue/n, not
 * optimized away): a caller from such a queue is transferred, into such a queue. The events are written in the
 * fields Asterisk 22 sends for them (Newchannel, BridgeEnter, DialBegin, Newexten, Hangup).
 */
const CUSTOMER = { Channel: "PJSIP/trunk-00000001", Uniqueid: "1700000000.1" };
const MEMBER_1001 = { one: { Channel: "Local/1001@from-queue-00000001;1", Uniqueid: "1700000000.2" }, two: { Channel: "Local/1001@from-queue-00000001;2", Uniqueid: "1700000000.3" } };
const ALICE = { Channel: "PJSIP/1001-00000002", Uniqueid: "1700000000.4" };
const MEMBER_1002 = { one: { Channel: "Local/1002@from-queue-00000002;1", Uniqueid: "1700000000.5" }, two: { Channel: "Local/1002@from-queue-00000002;2", Uniqueid: "1700000000.6" } };
const BOB = { Channel: "PJSIP/1002-00000003", Uniqueid: "1700000000.7" };
const LINKEDID = CUSTOMER.Uniqueid;

type Chan = { Channel: string; Uniqueid: string };
const ev = (event: string, channel: Chan, fields: Record<string, string> = {}) => AmiMessage.from({ Event: event, ...channel, Linkedid: LINKEDID, ChannelStateDesc: "Up", ...fields });
const newchannel = (channel: Chan, context: string, exten: string) => ev("Newchannel", channel, { ChannelStateDesc: "Ring", Context: context, Exten: exten });
const enter = (channel: Chan, bridge: string) => ev("BridgeEnter", channel, { BridgeUniqueid: bridge });
const dialBegin = (from: Chan, to: Chan) => AmiMessage.from({ Event: "DialBegin", ...from, Linkedid: LINKEDID, DestChannel: to.Channel, DestUniqueid: to.Uniqueid, DestLinkedid: LINKEDID });

/** A customer in FreePBX's queue 400, answered by Alice through her Local member. */
const answeredFromQueue = [
  newchannel(CUSTOMER, "ext-queues", "400"),
  newchannel(MEMBER_1001.one, "from-queue", "1001"),
  newchannel(MEMBER_1001.two, "from-queue", "1001"),
  newchannel(ALICE, "from-internal", "1001"),
  enter(CUSTOMER, "b-queue"),
  enter(MEMBER_1001.one, "b-queue"),
  enter(MEMBER_1001.two, "b-agent"),
  enter(ALICE, "b-agent"),
];

function setUp() {
  const tracker = new ChannelTracker();
  const demo = loadDemoData();
  const directory = new PresenceDirectory(demo.users.map((u) => ({ id: u.username, name: u.name, username: u.username, extension: u.extension, role: u.role, chosenStatus: "available" })));
  for (const event of answeredFromQueue) tracker.apply(event);
  return { tracker, directory };
}

describe("queues whose members are Local channels (FreePBX)", () => {
  it("the agent's call from such a queue has a caller to move: the member's ;2 half bridged with the agent", () => {
    const { tracker } = setUp();
    const alice = tracker.named(ALICE.Channel);
    expect(alice?.endpoint).toBe("1001");
    expect(tracker.bridgePeers(alice?.uniqueId ?? "").map((c) => c.name)).toEqual([MEMBER_1001.two.Channel]);
  });

  it("follows that caller into a queue of Local members, to the agent who answers, and tells that agent", () => {
    const { tracker, directory } = setUp();
    const followed: Followed = {
      id: "t-1",
      origin: { kind: "transfer", mode: "blind", sipCallId: "sip-1", agent: { agentId: "alice", endpoint: "1001", uniqueId: ALICE.Uniqueid, channel: ALICE.Channel, bridgeId: "b-agent" } },
      target: { kind: "queue", value: "support", exten: "2000", label: "queue support", agentId: null, queue: "support" },
      watch: { linkedId: LINKEDID, callerUniqueId: MEMBER_1001.two.Uniqueid, consult: [], targetUniqueId: null },
      progress: initialProgress(null),
    };
    const where = () => locateCaller(tracker, directory, followed);
    const feed = (event: AmiMessage) => {
      tracker.apply(event);
      return signalOf(event, followed, where);
    };

    // BlindTransfer on Alice's channel moves what is bridged to her: the member's ;2 half runs our landing context.
    feed(ev("BridgeLeave", MEMBER_1001.two, { BridgeUniqueid: "b-agent" }));
    feed(ev("Newexten", MEMBER_1001.two, { Context: "handoff-transfer", Extension: "2000", Application: "Queue" }));
    expect(where()).toEqual({ at: "dialplan", context: "handoff-transfer", application: "Queue" });

    // The queue rings a Local member first: that is not yet a phone.
    feed(newchannel(MEMBER_1002.one, "from-queue", "1002"));
    feed(newchannel(MEMBER_1002.two, "from-queue", "1002"));
    const first = feed(dialBegin(MEMBER_1001.two, MEMBER_1002.one));
    expect(first).toEqual({ type: "ringing", targetUniqueId: MEMBER_1002.one.Uniqueid, targetChannel: MEMBER_1002.one.Channel });
    followed.watch.targetUniqueId = MEMBER_1002.one.Uniqueid;
    followed.watch.targetVia = localSecondHalf(MEMBER_1002.one.Channel);
    expect(followed.watch.targetVia).toBe(MEMBER_1002.two.Channel);

    // Its ;2 half rings Bob's phone: the phone the note goes to.
    feed(newchannel(BOB, "from-internal", "1002"));
    expect(feed(dialBegin(MEMBER_1002.two, BOB))).toEqual({ type: "ringing", targetUniqueId: BOB.Uniqueid, targetChannel: BOB.Channel, viaLocal: true });
    // Someone else's Local ringing in the same call is not ours to follow.
    expect(feed(dialBegin({ Channel: "Local/1003@from-queue-00000009;2", Uniqueid: "1700000000.9" }, BOB))).toBeNull();

    // Bob answers: caller — member ;1 … ;2 — Bob, and the transfer's target is Bob.
    for (const event of [enter(BOB, "b-member"), enter(MEMBER_1002.two, "b-member"), enter(MEMBER_1002.one, "b-caller")]) feed(event);
    expect(feed(enter(MEMBER_1001.two, "b-caller"))).toEqual({ type: "caller-moved", place: { at: "party", party: { role: "target", agentId: "bob" } } });

    // The customer hangs up: their Local member's halves follow, and the followed caller is gone.
    feed(ev("Hangup", CUSTOMER, { Cause: "16" }));
    feed(ev("Hangup", MEMBER_1001.one, { Cause: "16" }));
    expect(feed(ev("Hangup", MEMBER_1001.two, { Cause: "16" }))).toEqual({ type: "hangup", leg: "caller", cause: "normal" });
  });

  it("knows a Local ;1 by name, and nothing else", () => {
    expect(localSecondHalf("Local/1001@from-queue-0000000a;1")).toBe("Local/1001@from-queue-0000000a;2");
    expect(localSecondHalf("Local/1001@from-queue-0000000a;2")).toBeNull();
    expect(localSecondHalf("PJSIP/1001-0000000a")).toBeNull();
    expect(localSecondHalf(null)).toBeNull();
  });
});
