/**
 * What one transfer of the soak does: its kind, how the target behaves, what the
 * caller and the agent do meanwhile, and which requests go twice. Picked at
 * random from a seeded source, so a run is replayed with the same --seed. Pure:
 * a lane (lane.ts) turns a scenario into calls, requests and phone behaviour.
 */
import type { Rng } from "./rng";

export const SCENARIO_KINDS = [
  "blind",
  "attended-complete",
  "attended-cancel",
  "attended-complete-while-ringing",
  "queue",
  "external-blind",
  "external-attended",
  "bot-handoff",
] as const;
export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** Who the transfer is aimed at; the lane resolves it to a username, an extension or a number. */
export type TargetChoice =
  | { readonly kind: "lane-agent" }
  /** 1003: an agent's extension with no phone registered. */
  | { readonly kind: "unregistered-extension" }
  /** carol by username: offline, so the server refuses up front (422). */
  | { readonly kind: "offline-agent" }
  | { readonly kind: "queue" }
  | { readonly kind: "external" };

export type TargetBehaviour =
  | { readonly kind: "answers"; readonly afterMs: number }
  | { readonly kind: "no-answer" }
  /** Refuses with 486 Busy Here. */
  | { readonly kind: "busy"; readonly afterMs: number }
  | { readonly kind: "unregistered" }
  /** Answers the consultation, then hangs up before the agent completes or cancels. */
  | { readonly kind: "hangs-up-mid-consultation"; readonly answerAfterMs: number; readonly hangupAfterMs: number }
  /** The outside line answers at once (pbx/: handoff-outside). */
  | { readonly kind: "outside-line" };

/** The transferring agent when the caller rings back after a failed transfer. */
export type RecallBehaviour = { readonly kind: "answers"; readonly afterMs: number } | { readonly kind: "missed" };

/** The transfer request itself: once, the same Idempotency-Key twice at once, or two different keys at once. */
export type RequestPattern = "single" | "same-key-twice" | "two-keys";
/** How an attended transfer is finished: once, or two requests at once. */
export type FinishPattern = "single" | "complete-twice" | "cancel-twice" | "complete-and-cancel";

export interface Scenario {
  readonly seq: number;
  readonly lane: number;
  readonly kind: ScenarioKind;
  readonly mode: "blind" | "attended";
  readonly target: TargetChoice;
  readonly targetBehaviour: TargetBehaviour;
  /** After the request is sent; null: the caller stays on the line. */
  readonly callerHangupAfterMs: number | null;
  readonly recall: RecallBehaviour;
  readonly request: RequestPattern;
  readonly finish: FinishPattern;
  /** Attended: how long after "answered" (or "ringing", for complete-while-ringing) the agent finishes. */
  readonly finishAfterMs: number;
  /** How long a queue member takes to answer a caller who fell back to the queue. */
  readonly fallbackAnswerAfterMs: number;
}

const KIND_WEIGHTS: ReadonlyArray<readonly [ScenarioKind, number]> = [
  ["blind", 20],
  ["attended-complete", 16],
  ["attended-cancel", 8],
  ["attended-complete-while-ringing", 8],
  ["queue", 10],
  ["external-blind", 6],
  ["external-attended", 5],
  ["bot-handoff", 14],
];

type Behaviour = TargetBehaviour["kind"] | "offline" | "queue";

/** Which target behaviours each kind can meet, and how often. */
const BEHAVIOURS: Readonly<Record<ScenarioKind, ReadonlyArray<readonly [Behaviour, number]>>> = {
  blind: [["answers", 50], ["no-answer", 15], ["busy", 15], ["unregistered", 15], ["offline", 5]],
  "attended-complete": [["answers", 45], ["hangs-up-mid-consultation", 20], ["no-answer", 10], ["busy", 12], ["unregistered", 13]],
  // no-answer here means the agent cancels while it still rings.
  "attended-cancel": [["answers", 60], ["no-answer", 25], ["hangs-up-mid-consultation", 15]],
  "attended-complete-while-ringing": [["answers", 60], ["no-answer", 40]],
  queue: [["answers", 70], ["no-answer", 30]],
  "external-blind": [["outside-line", 1]],
  "external-attended": [["outside-line", 1]],
  "bot-handoff": [["answers", 40], ["no-answer", 15], ["busy", 15], ["unregistered", 15], ["queue", 15]],
};

export function pickScenario(rng: Rng, seq: number, lane: number): Scenario {
  const kind = rng.weighted(KIND_WEIGHTS);
  const mode = kind === "blind" || kind === "queue" || kind === "external-blind" || kind === "bot-handoff" ? "blind" : "attended";
  const behaviour = rng.weighted(BEHAVIOURS[kind]);
  const { target, targetBehaviour } = targetOf(kind, behaviour, rng);
  const twice = rng.next();
  const request: RequestPattern = kind === "bot-handoff" ? (twice < 0.15 ? "two-keys" : "single") : twice < 0.1 ? "same-key-twice" : twice < 0.2 ? "two-keys" : "single";
  return {
    seq,
    lane,
    kind,
    mode,
    target,
    targetBehaviour,
    callerHangupAfterMs: rng.chance(0.12) ? rng.int(200, 8_000) : null,
    recall: rng.chance(0.65) ? { kind: "answers", afterMs: rng.int(300, 2_500) } : { kind: "missed" },
    request,
    finish: finishOf(kind, rng),
    finishAfterMs: kind === "attended-complete-while-ringing" ? rng.int(100, 1_500) : rng.int(200, 2_500),
    fallbackAnswerAfterMs: rng.int(500, 3_000),
  };
}

function targetOf(kind: ScenarioKind, behaviour: Behaviour, rng: Rng): { target: TargetChoice; targetBehaviour: TargetBehaviour } {
  const answers = (): TargetBehaviour => ({ kind: "answers", afterMs: rng.int(300, 3_000) });
  if (kind === "external-blind" || kind === "external-attended") return { target: { kind: "external" }, targetBehaviour: { kind: "outside-line" } };
  const onLane = kind === "queue" ? ({ kind: "queue" } as const) : ({ kind: "lane-agent" } as const);
  switch (behaviour) {
    case "answers":
      return { target: onLane, targetBehaviour: answers() };
    case "no-answer":
      return { target: onLane, targetBehaviour: { kind: "no-answer" } };
    case "busy":
      return { target: onLane, targetBehaviour: { kind: "busy", afterMs: rng.int(200, 1_500) } };
    case "hangs-up-mid-consultation":
      return { target: onLane, targetBehaviour: { kind: "hangs-up-mid-consultation", answerAfterMs: rng.int(300, 2_000), hangupAfterMs: rng.int(300, 2_500) } };
    case "unregistered":
      return { target: { kind: "unregistered-extension" }, targetBehaviour: { kind: "unregistered" } };
    case "offline":
      return { target: { kind: "offline-agent" }, targetBehaviour: { kind: "unregistered" } };
    case "queue":
      // A bot's handoff to the queue: the lane's target phone is the member that answers.
      return { target: { kind: "queue" }, targetBehaviour: answers() };
    case "outside-line":
      return { target: { kind: "external" }, targetBehaviour: { kind: "outside-line" } };
  }
}

function finishOf(kind: ScenarioKind, rng: Rng): FinishPattern {
  const roll = rng.next();
  switch (kind) {
    case "attended-complete":
    case "attended-complete-while-ringing":
    case "external-attended":
      return roll < 0.15 ? "complete-twice" : roll < 0.25 ? "complete-and-cancel" : "single";
    case "attended-cancel":
      return roll < 0.1 ? "cancel-twice" : roll < 0.2 ? "complete-and-cancel" : "single";
    default:
      return "single";
  }
}

/** Does the agent complete (rather than cancel) this attended transfer? */
export function completes(scenario: Scenario): boolean {
  return scenario.mode === "attended" && scenario.kind !== "attended-cancel";
}

/** One line a person can read: what this transfer did. */
export function describeScenario(s: Scenario): string {
  const target = (() => {
    switch (s.target.kind) {
      case "lane-agent":
        return "an agent";
      case "unregistered-extension":
        return "unregistered 1003";
      case "offline-agent":
        return "offline carol";
      case "queue":
        return "queue support";
      case "external":
        return "the outside line";
    }
  })();
  const behaviour = (() => {
    const b = s.targetBehaviour;
    switch (b.kind) {
      case "answers":
        return `answers after ${seconds(b.afterMs)}`;
      case "busy":
        return "busy (486)";
      case "hangs-up-mid-consultation":
        return `answers, hangs up ${seconds(b.hangupAfterMs)} into the consultation`;
      default:
        return b.kind;
    }
  })();
  const parts = [`#${s.seq} lane ${s.lane} ${s.kind} to ${target} (${behaviour})`];
  if (s.mode === "attended") parts.push(`${s.finish === "single" ? (completes(s) ? "complete" : "cancel") : s.finish} after ${seconds(s.finishAfterMs)}`);
  parts.push(s.recall.kind === "answers" ? `recall answered after ${seconds(s.recall.afterMs)}` : "recall missed");
  if (s.callerHangupAfterMs !== null) parts.push(`caller hangs up after ${seconds(s.callerHangupAfterMs)}`);
  if (s.request !== "single") parts.push(s.request);
  return parts.join(", ");
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
