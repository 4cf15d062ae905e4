import { describe, expect, it } from "vitest";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { readJourney } from "../../test/support/journey-replay";
import { AmiMessage } from "../ami";
import { ChannelTracker, type TrackedChannel } from "../pbx/channel-tracker";
import { PresenceDirectory } from "../pbx/presence";
import { initialProgress, type Followed } from "./model";
import { reconcile } from "./reconcile";
import { decide } from "./state-machine";

const JOURNEY = new URL("../../test/fixtures/journeys/attended-completed.jsonl", import.meta.url);

/**
 * A server that was down while the agent's consultation started and was answered: it knows the
 * transfer from its record (no consultation channels learnt yet) and Asterisk's channel list.
 */
function restartedMidConsultation() {
  const journey = readJourney(JOURNEY);
  const tracker = new ChannelTracker();
  const demo = loadDemoData();
  const directory = new PresenceDirectory(demo.users.map((u) => ({ id: u.username, name: u.name, username: u.username, extension: u.extension, role: u.role, chosenStatus: "available" })));
  let followed: Followed | undefined;
  for (const message of journey) {
    if (message.from === "server") {
      if (message.fields.Action === "Getvar" && message.fields.Variable === "FEATURE(atxfercomplete)") break;
      if (message.fields.Action !== "Atxfer") continue;
      const agent = tracker.all().find((c) => c.name === message.fields.Channel);
      const caller = agent === undefined ? undefined : tracker.bridgePeers(agent.uniqueId)[0];
      if (agent === undefined || caller === undefined) throw new Error("the journey's Atxfer names no agent bridged with a caller");
      followed = {
        id: "t-1",
        origin: { kind: "transfer", mode: "attended", sipCallId: "sip-1", agent: { agentId: "alice", endpoint: "1001", uniqueId: agent.uniqueId, channel: agent.name, bridgeId: agent.bridgeId ?? "" } },
        target: { kind: "agent", value: "bob", exten: "1002", label: "Bob Nguyen (1002)", agentId: "bob", queue: null },
        watch: { linkedId: caller.linkedId, callerUniqueId: caller.uniqueId, consult: [], targetUniqueId: null },
        progress: { ...initialProgress("bob"), status: "unknown" },
      };
      continue;
    }
    const event = AmiMessage.from(message.fields);
    tracker.apply(event);
    directory.apply(event);
  }
  if (followed === undefined) throw new Error("the journey has no Atxfer");
  return { tracker, directory, followed };
}

/**
 * What Asterisk does to an answered consultation's Local pair when it optimizes it away (as the
 * recorded journeys show after a complete): the target's channel takes the ;1 half's place in
 * the agent's bridge, and both halves hang up. Unseen by a server that was down meanwhile.
 */
function optimizeConsultationAway(tracker: ChannelTracker): void {
  const half = (n: 1 | 2) => tracker.all().find((c) => c.name.startsWith("Local/1002@handoff-transfer-") && c.name.endsWith(`;${n}`));
  const one = half(1);
  const two = half(2);
  const target = two === undefined ? undefined : tracker.bridgePeers(two.uniqueId).find((c) => c.endpoint === "1002");
  if (one?.bridgeId == null || two?.bridgeId == null || target === undefined) throw new Error("the journey has no answered consultation here");
  const event = (name: string, channel: TrackedChannel, bridgeId?: string) => AmiMessage.from({ Event: name, Channel: channel.name, Uniqueid: channel.uniqueId, Linkedid: channel.linkedId, ChannelStateDesc: channel.state, ...(bridgeId === undefined ? {} : { BridgeUniqueid: bridgeId }) });
  for (const e of [
    event("BridgeLeave", target, two.bridgeId),
    event("BridgeLeave", one, one.bridgeId),
    event("BridgeEnter", target, one.bridgeId),
    event("BridgeLeave", two, two.bridgeId),
    event("Hangup", two),
    event("Hangup", one),
  ])
    tracker.apply(e);
}

describe("reconcile", () => {
  it("finds a consultation the server never saw start, and sees that the target answered it", () => {
    const { tracker, directory, followed } = restartedMidConsultation();
    const resynced = reconcile(tracker, directory, followed, "server-restart");
    expect(resynced.agentLeg).toBe("consulting");
    expect(resynced.consult).toHaveLength(2);
    expect(resynced.consult.map((id) => tracker.get(id)?.name)).toEqual([expect.stringMatching(/^Local\/1002@handoff-transfer-.*;1$/), expect.stringMatching(/^Local\/1002@handoff-transfer-.*;2$/)]);
    expect(resynced.consultAnswered).toBe(true);
    // So the agent is shown "answered" and may complete, not "ringing" forever.
    expect(decide(facts(followed), followed.progress, resynced).step?.status).toBe("answered");
  });

  it("finds a consultation whose Local pair Asterisk optimized away, with the agent bridged straight to the target", () => {
    const { tracker, directory, followed } = restartedMidConsultation();
    optimizeConsultationAway(tracker);
    if (followed.origin.kind !== "transfer") throw new Error("an attended transfer was expected");
    expect(tracker.bridgePeers(followed.origin.agent.uniqueId).map((c) => c.name)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    const resynced = reconcile(tracker, directory, followed, "server-restart");
    expect(resynced.agentLeg).toBe("consulting");
    expect(resynced.consult.map((id) => tracker.get(id)?.name)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    expect(resynced.consultAnswered).toBe(true);
    expect(decide(facts(followed), followed.progress, resynced).step?.status).toBe("answered");
    // An AMI link that was down (the server kept running) had left it showing "ringing".
    expect(decide(facts(followed), { ...followed.progress, status: "ringing" }, resynced).step?.status).toBe("answered");
  });
});

/** The transfer's fixed facts, as the service gives them to the state machine. */
function facts(followed: Followed) {
  return { origin: followed.origin, target: followed.target, ringSeconds: 5, fallbackQueue: "support", contexts: { transferFailed: "handoff-transfer-failed", fallback: "handoff-fallback" } };
}
