import { describe, expect, it } from "vitest";
import { initialProgress, type CallerPlace, type Origin, type Progress, type ResolvedTarget } from "./model";
import type { Signal } from "./signals";
import { decide, type Facts } from "./state-machine";

const agentLeg = { agentId: "alice", endpoint: "1001", uniqueId: "u-agent", channel: "PJSIP/1001-00000001", bridgeId: "b-1" };
const blind: Origin = { kind: "transfer", mode: "blind", sipCallId: "sip-1", agent: agentLeg };
const attended: Origin = { kind: "transfer", mode: "attended", sipCallId: "sip-1", agent: agentLeg };
const handoff: Origin = { kind: "handoff", botId: "bot", callerChannel: "Local/s@handoff-bot-00000001;2", reason: "Wants a human" };
const bob: ResolvedTarget = { kind: "agent", value: "bob", exten: "1002", label: "Bob Nguyen (1002)", agentId: "bob", queue: null };

function facts(origin: Origin, target: ResolvedTarget = bob): Facts {
  return { origin, target, ringSeconds: 20, fallbackQueue: "support", contexts: { transferFailed: "handoff-transfer-failed", fallback: "handoff-fallback" } };
}

const party = (role: "transferer" | "target" | "agent"): CallerPlace =>
  role === "agent" ? { at: "party", party: { role, agentId: "dave", name: "Dave Okafor" } } : role === "target" ? { at: "party", party: { role, agentId: "bob" } } : { at: "party", party: { role } };

/** Runs signals in order and returns each step's status (null where nothing was recorded) and the last progress. */
function run(f: Facts, signals: Signal[], start: Progress = initialProgress("bob")) {
  let progress = start;
  const steps: (string | null)[] = [];
  const reasons: (string | null)[] = [];
  for (const signal of signals) {
    const decision = decide(f, progress, signal);
    progress = decision.progress;
    steps.push(decision.step?.status ?? null);
    reasons.push(decision.step?.reason ?? null);
  }
  return { progress, steps, reasons };
}

describe("blind transfer", () => {
  it("is completed only once the caller is bridged with the target", () => {
    const { steps } = run(facts(blind), [{ type: "ringing", targetUniqueId: "u-bob" }, { type: "caller-moved", place: { at: "dialplan", context: "handoff-transfer", application: "Dial" } }, { type: "caller-moved", place: party("target") }]);
    expect(steps).toEqual(["ringing", null, "completed"]);
  });

  it("recalls, then queues, then ends with whoever took the caller", () => {
    const signals: Signal[] = [
      { type: "ringing", targetUniqueId: "u-bob" },
      { type: "target-failed", dialStatus: "NOANSWER", next: "recall" },
      { type: "recall-failed", dialStatus: "NOANSWER" },
      { type: "queued", queue: "support" },
    ];
    const { steps, reasons, progress } = run(facts(blind), [...signals, { type: "caller-moved", place: party("agent") }]);
    expect(steps).toEqual(["ringing", "recalling", "recalling", null, "failed"]);
    expect(reasons[1]).toBe("Bob Nguyen (1002) did not answer within 20 s. The caller is ringing back at your phone.");
    expect(reasons[2]).toBe("Bob Nguyen (1002) did not answer within 20 s. Nobody answered the call back at your phone, so the caller waits in queue support.");
    expect(reasons[4]).toContain("Dave Okafor took the caller from queue support");
    expect(progress.status).toBe("failed");
    // The target itself answering from the queue in the end: bridged with the target party is completed.
    const late = run(facts(blind), [...signals, { type: "caller-moved", place: party("target") }]);
    expect(late.steps.at(-1)).toBe("completed");
    expect(late.reasons.at(-1)).toContain("Bob Nguyen (1002) took the caller from queue support in the end.");
  });

  it("says the caller is back when the recall is answered", () => {
    const { reasons } = run(facts(blind), [{ type: "target-failed", dialStatus: "BUSY", next: "recall" }, { type: "caller-moved", place: party("transferer") }]);
    expect(reasons).toEqual(["Bob Nguyen (1002) is busy. The caller is ringing back at your phone.", "Bob Nguyen (1002) is busy. The caller is back with you."]);
  });

  it("holds the caller when the fallback queue has nobody, and says so", () => {
    const { steps, reasons } = run(facts(blind), [{ type: "target-failed", dialStatus: "CHANUNAVAIL", next: "recall" }, { type: "recall-failed", dialStatus: "CHANUNAVAIL" }, { type: "held", queue: "support" }, { type: "caller-moved", place: party("agent") }]);
    expect(steps).toEqual(["recalling", "recalling", "recalling", "failed"]);
    expect(reasons[2]).toContain("is on hold until someone signs in to queue support");
    expect(reasons[3]).toContain("Dave Okafor took the caller from queue support.");
  });

  it("tells why a caller vanished: hung up, or the PBX went down", () => {
    expect(run(facts(blind), [{ type: "ringing", targetUniqueId: null }, { type: "hangup", leg: "caller", cause: "normal" }]).reasons[1]).toBe("The caller hung up before the transfer completed.");
    expect(run(facts(blind), [{ type: "hangup", leg: "caller", cause: "pbx-shutdown" }]).reasons[0]).toBe("The PBX shut down and the call was dropped.");
    expect(run(facts(blind), [{ type: "target-failed", dialStatus: "NOANSWER", next: "recall" }, { type: "hangup", leg: "caller", cause: "normal" }]).reasons[1]).toContain("The caller hung up while waiting.");
  });

  it("fails in our own words when Asterisk refuses to start it, and goes unknown when the link is lost", () => {
    expect(run(facts(blind), [{ type: "action-failed", action: "start", lost: false }]).reasons[0]).toBe(
      "The PBX could not start the transfer to Bob Nguyen (1002) (the call may have just changed). The caller is still with you.",
    );
    expect(run(facts(blind), [{ type: "action-failed", action: "start", lost: true }]).steps).toEqual(["unknown"]);
  });

  it("cannot be completed or cancelled", () => {
    expect(decide(facts(blind), initialProgress("bob"), { type: "complete", by: "alice" }).refusal?.message).toContain("Only an attended transfer");
  });
});

describe("attended transfer", () => {
  const consulting: Signal[] = [{ type: "consult-channel", uniqueId: "u-consult" }, { type: "consult-started" }, { type: "ringing", targetUniqueId: "u-bob" }];

  it("complete on an answered consultation writes one completion; a second request is refused until it settles", () => {
    const answered = run(facts(attended), [...consulting, { type: "consult-answered" }]).progress;
    const first = decide(facts(attended), answered, { type: "complete", by: "alice" });
    expect(first.actions).toEqual(["complete-consultation"]);
    expect(first.refusal).toBeNull();
    for (const [signal, message] of [
      [{ type: "complete", by: "alice" }, "Completing this transfer is already under way."],
      [{ type: "cancel", by: "alice" }, "This transfer is being completed; it can no longer be cancelled."],
    ] as const) {
      const second = decide(facts(attended), first.progress, signal);
      expect(second.actions).toEqual([]);
      expect(second.refusal?.message).toBe(message);
      expect(second.refusal?.kind).toBe("conflict");
    }
    const done = decide(facts(attended), first.progress, { type: "caller-moved", place: party("target") });
    expect(done.step).toEqual({ status: "completed", reason: null, by: "alice" });
  });

  it("completed while the target rings stays ringing until the target answers", () => {
    const ringing = run(facts(attended), consulting).progress;
    const asked = decide(facts(attended), ringing, { type: "complete", by: "alice" });
    const left = run(facts(attended), [{ type: "hangup", leg: "agent", cause: "normal" }, { type: "attended-done", success: true, place: { at: "alone" } }], asked.progress);
    expect(left.progress.status).toBe("ringing");
    expect(left.progress.agentLeft).toBe(true);
    expect(left.reasons[0]).toContain("You left before Bob Nguyen (1002) answered");
    const answered = run(facts(attended), [{ type: "consult-answered" }, { type: "caller-moved", place: party("target") }], left.progress);
    expect(answered.steps).toEqual([null, "completed"]);
  });

  it("completed while ringing and never answered: recalling, then back with the agent", () => {
    const ringing = run(facts(attended), consulting).progress;
    const asked = decide(facts(attended), ringing, { type: "complete", by: "alice" }).progress;
    const { steps } = run(facts(attended), [{ type: "attended-done", success: true, place: { at: "alone" } }, { type: "target-failed", dialStatus: "NOANSWER", next: "recall" }, { type: "caller-moved", place: party("transferer") }], asked);
    expect(steps).toEqual(["ringing", "recalling", "failed"]);
  });

  it("cancel brings the caller back as cancelled; a failure while consulting as failed with the reason", () => {
    const answered = run(facts(attended), [...consulting, { type: "consult-answered" }]).progress;
    const cancel = decide(facts(attended), answered, { type: "cancel", by: "alice" });
    expect(cancel.actions).toEqual(["cancel-consultation"]);
    expect(decide(facts(attended), cancel.progress, { type: "caller-moved", place: party("transferer") }).step).toEqual({ status: "cancelled", reason: "Cancelled: the caller is back with you.", by: "alice" });

    const noAnswer = run(facts(attended), [...consulting, { type: "target-failed", dialStatus: "NOANSWER", next: "back" }, { type: "caller-moved", place: party("transferer") }]);
    expect(noAnswer.steps).toEqual([null, null, "ringing", null, "failed"]);
    expect(noAnswer.reasons[4]).toBe("Bob Nguyen (1002) did not answer within 20 s. The caller is back with you.");

    const hungUp = run(facts(attended), [...consulting, { type: "consult-answered" }, { type: "caller-moved", place: party("transferer") }]);
    expect(hungUp.reasons[4]).toBe("Bob Nguyen (1002) hung up during the consultation. The caller is back with you.");
  });

  it("the caller still with the agent before the consultation starts ends nothing, even once its channels exist", () => {
    const { steps } = run(facts(attended), [{ type: "caller-moved", place: party("transferer") }, { type: "consult-channel", uniqueId: "u-consult" }, { type: "caller-moved", place: party("transferer") }]);
    expect(steps).toEqual([null, null, null]);
  });

  it("a refused complete clears the pending action, in our words", () => {
    const answered = run(facts(attended), [...consulting, { type: "consult-answered" }]).progress;
    const asked = decide(facts(attended), answered, { type: "complete", by: "alice" }).progress;
    const failed = decide(facts(attended), asked, { type: "action-failed", action: "complete", lost: false });
    expect(failed.progress.pending).toBeNull();
    expect(failed.refusal?.message).toBe("The PBX could not complete the transfer: your side of the consultation had already ended.");
    expect(decide(facts(attended), failed.progress, { type: "complete", by: "alice" }).actions).toEqual(["complete-consultation"]);
  });

  it("cannot be completed before it rings, while unknown, or once over", () => {
    expect(decide(facts(attended), initialProgress("bob"), { type: "complete", by: "alice" }).refusal?.message).toContain("still being set up");
    const unknown = run(facts(attended), [...consulting, { type: "link-lost" }]).progress;
    expect(decide(facts(attended), unknown, { type: "complete", by: "alice" }).refusal?.kind).toBe("pbx_unavailable");
    const over = run(facts(attended), [...consulting, { type: "hangup", leg: "caller", cause: "normal" }]).progress;
    expect(over.status).toBe("failed");
    expect(decide(facts(attended), over, { type: "cancel", by: "alice" }).refusal?.message).toBe("This transfer is already failed; there is nothing to cancel.");
  });
});

describe("bot handoff", () => {
  it("a failed target sends the caller to the fallback queue, and a queue member ends it", () => {
    const { steps, reasons } = run(facts(handoff), [{ type: "ringing", targetUniqueId: "u-bob" }, { type: "target-failed", dialStatus: "BUSY", next: "fallback" }, { type: "queued", queue: "support" }, { type: "caller-moved", place: party("agent") }]);
    expect(steps).toEqual(["ringing", "recalling", null, "failed"]);
    expect(reasons[1]).toBe("Bob Nguyen (1002) is busy. The caller waits in queue support.");
    expect(reasons[3]).toBe("Bob Nguyen (1002) is busy. Dave Okafor took the caller from queue support.");
  });

  it("a refused start leaves the caller with the bot", () => {
    expect(run(facts(handoff), [{ type: "action-failed", action: "start", lost: false }]).reasons[0]).toContain("The caller is still with the bot.");
  });
});

describe("after a resync (reconnect, server or PBX restart)", () => {
  const resynced = (place: CallerPlace, why: "link" | "pbx-restart" | "server-restart" = "link", agentLeg: "with-caller" | "consulting" | "gone" | "none" | "elsewhere" = "gone"): Signal => ({ type: "resynced", place, agentLeg, consult: [], consultAnswered: false, why });
  const unknown = run(facts(blind), [{ type: "ringing", targetUniqueId: null }, { type: "link-lost" }]).progress;

  it("settles what Asterisk shows: bridged with the target is completed", () => {
    expect(decide(facts(blind), unknown, resynced(party("target"))).step?.status).toBe("completed");
  });

  it("a caller gone says why", () => {
    expect(decide(facts(blind), unknown, resynced({ at: "gone" }, "pbx-restart")).step?.reason).toBe("The PBX restarted and the call was dropped.");
    expect(decide(facts(blind), initialProgress("bob"), resynced({ at: "gone" }, "server-restart")).step?.reason).toBe("The call ended while the transfer server was restarting.");
  });

  it("a caller still ringing, in the recall or in the fallback comes back to the right live status", () => {
    expect(decide(facts(blind), unknown, resynced({ at: "dialplan", context: "handoff-transfer", application: "Dial" })).step?.status).toBe("ringing");
    expect(decide(facts(blind), unknown, resynced({ at: "dialplan", context: "handoff-transfer-failed", application: "Dial" })).step?.status).toBe("recalling");
    expect(decide(facts(blind), unknown, resynced({ at: "dialplan", context: "handoff-fallback", application: "MusicOnHold" })).step?.reason).toContain("on hold");
  });

  it("a blind transfer whose caller is still with the agent never started", () => {
    expect(decide(facts(blind), unknown, resynced(party("transferer"), "link", "with-caller")).step?.status).toBe("failed");
  });

  it("an attended complete lost with the link: the agent's leg gone means it left (the caller rings the target); still consulting means it may be asked again", () => {
    const consulting: Signal[] = [{ type: "consult-channel", uniqueId: "u-consult" }, { type: "consult-started" }, { type: "ringing", targetUniqueId: "u-bob" }];
    const asked = decide(facts(attended), run(facts(attended), consulting).progress, { type: "complete", by: "alice" }).progress;
    const lost = run(facts(attended), [{ type: "action-failed", action: "complete", lost: true }, { type: "link-lost" }], asked).progress;
    const ringingTarget: CallerPlace = { at: "dialplan", context: "handoff-transfer", application: "Dial" };

    const left = decide(facts(attended), lost, resynced(ringingTarget, "link", "gone"));
    expect(left.progress).toMatchObject({ status: "ringing", agentLeft: true });
    expect(left.step?.reason).toContain("You left before Bob Nguyen (1002) answered");
    expect(decide(facts(attended), left.progress, { type: "complete", by: "alice" }).refusal?.message).toContain("You already left this call");

    const stillThere = decide(facts(attended), lost, { type: "resynced", place: { at: "alone" }, agentLeg: "consulting", consult: ["u-consult"], consultAnswered: false, why: "link" });
    expect(stillThere.progress).toMatchObject({ status: "ringing", agentLeft: false, pending: null });
    expect(decide(facts(attended), stillThere.progress, { type: "complete", by: "alice" }).actions).toEqual(["complete-consultation"]);
  });

  it("ignores anything once final", () => {
    const done = run(facts(blind), [{ type: "caller-moved", place: party("target") }]).progress;
    expect(decide(facts(blind), done, { type: "link-lost" }).step).toBeNull();
  });
});
