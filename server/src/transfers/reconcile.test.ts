import { describe, expect, it } from "vitest";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { readJourney } from "../../test/support/journey-replay";
import { AmiMessage } from "../ami";
import { ChannelTracker } from "../pbx/channel-tracker";
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

describe("reconcile", () => {
  it("finds a consultation the server never saw start, and sees that the target answered it", () => {
    const { tracker, directory, followed } = restartedMidConsultation();
    const resynced = reconcile(tracker, directory, followed, "server-restart");
    expect(resynced.agentLeg).toBe("consulting");
    expect(resynced.consult).toHaveLength(2);
    expect(resynced.consult.map((id) => tracker.get(id)?.name)).toEqual([expect.stringMatching(/^Local\/1002@handoff-transfer-.*;1$/), expect.stringMatching(/^Local\/1002@handoff-transfer-.*;2$/)]);
    expect(resynced.consultAnswered).toBe(true);
    // So the agent is shown "answered" and may complete, not "ringing" forever.
    expect(decide({ origin: followed.origin, target: followed.target, ringSeconds: 5, fallbackQueue: "support", contexts: { transferFailed: "handoff-transfer-failed", fallback: "handoff-fallback" } }, followed.progress, resynced).step?.status).toBe("answered");
  });
});
