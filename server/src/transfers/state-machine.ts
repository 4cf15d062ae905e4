import type { TransferStatus } from "@handoff/contract";
import { NEXT_STEPS } from "@handoff/dialplan";
import { refuse, type TransferRefusal } from "./errors";
import { failureReason } from "./failure-reasons";
import type { CallerPlace, Origin, Party, Progress, ResolvedTarget, Waiting } from "./model";
import type { HangupCause, ResyncReason, Signal } from "./signals";
import { canMove, isFinal } from "./status";

/** What does not change while a transfer lives, and what its rules read. */
export interface Facts {
  origin: Origin;
  target: ResolvedTarget;
  ringSeconds: number;
  /** The queue the dialplan sends a caller to when nobody else takes them. */
  fallbackQueue: string;
  /** The dialplan contexts that tell where a caller waits (the server's copy of the shared names). */
  contexts: { transferFailed: string; fallback: string };
}

/** A status change (or a new reason) to record in the audit trail and publish. */
export interface Step {
  status: TransferStatus;
  reason: string | null;
  /** Who caused it: the agent who asked, or null when Asterisk did. */
  by: string | null;
}

/** The PBX action a request needs, written by the shell once the decision is recorded. */
export type PbxAction = "complete-consultation" | "cancel-consultation";

export interface Decision {
  progress: Progress;
  step: Step | null;
  actions: PbxAction[];
  /** A request that cannot be carried out now: nothing changed, and this says why. */
  refusal: TransferRefusal | null;
}

/**
 * The rules of a transfer, as one pure function: the transfer as it stands ×
 * what just happened → what it is now, what to record, what to do.
 * Nothing here reads a clock, a socket or a database.
 */
export function decide(facts: Facts, progress: Progress, signal: Signal): Decision {
  const rules = new Rules(facts, progress);
  return rules.apply(signal);
}

class Rules {
  private next: Progress;
  private step: Step | null = null;
  private readonly actions: PbxAction[] = [];

  constructor(
    private readonly f: Facts,
    private readonly p: Progress,
  ) {
    this.next = { ...p };
  }

  apply(s: Signal): Decision {
    if (s.type === "complete" || s.type === "cancel") {
      const refusal = s.type === "complete" ? this.complete(s.by) : this.cancel(s.by);
      if (refusal !== null) return { progress: this.p, step: null, actions: [], refusal };
      return this.done();
    }
    if (isFinal(this.p.status)) return { progress: this.p, step: null, actions: [], refusal: null };
    const refusal = this.follow(s);
    return { ...this.done(), refusal };
  }

  private done(): Decision {
    return { progress: this.next, step: this.step, actions: this.actions, refusal: null };
  }

  // ── requests ───────────────────────────────────────────────────────────────

  private complete(by: string): TransferRefusal | null {
    const blocked = this.followUpBlocked("complete");
    if (blocked !== null) return blocked;
    if (this.p.status !== "ringing" && this.p.status !== "answered") {
      return refuse("conflict", `The consultation is still being set up; complete the transfer once ${this.f.target.label} rings.`);
    }
    // There is no "complete" action: the channel's atxfercomplete code, received as DTMF, completes it.
    this.next = { ...this.next, pending: "complete", completedBy: by };
    this.actions.push("complete-consultation");
    return null;
  }

  private cancel(by: string): TransferRefusal | null {
    const blocked = this.followUpBlocked("cancel");
    if (blocked !== null) return blocked;
    if (this.p.status !== "ringing" && this.p.status !== "answered") {
      return refuse("conflict", `The consultation is still being set up; cancel it once ${this.f.target.label} rings.`);
    }
    this.next = { ...this.next, pending: "cancel", completedBy: by };
    this.actions.push("cancel-consultation");
    return null;
  }

  /** Why a complete or cancel cannot be asked for now, or null if it can. */
  private followUpBlocked(verb: "complete" | "cancel"): TransferRefusal | null {
    const { origin, target } = this.f;
    if (origin.kind !== "transfer" || origin.mode !== "attended") return refuse("conflict", `Only an attended transfer can be told to ${verb}; this one moves on its own.`);
    if (isFinal(this.p.status)) return refuse("conflict", `This transfer is already ${this.p.status}; there is nothing to ${verb}.`);
    if (this.p.pending === verb) return refuse("conflict", `${verb === "complete" ? "Completing" : "Cancelling"} this transfer is already under way.`);
    if (this.p.pending !== null) return refuse("conflict", `This transfer is being ${this.p.pending === "complete" ? "completed" : "cancelled"}; it can no longer be ${verb === "complete" ? "completed" : "cancelled"}.`);
    if (this.p.agentLeft) return refuse("conflict", `You already left this call: it goes to ${target.label} when they answer, or comes back to you.`);
    if (this.p.status === "unknown") return refuse("pbx_unavailable", "The link to the PBX is being restored; try again in a moment. The call is unchanged.");
    if (this.p.status === "recalling") return refuse("conflict", `${target.label} did not take the call, so there is nothing to ${verb}.`);
    return null;
  }

  // ── what Asterisk says ─────────────────────────────────────────────────────

  private follow(s: Exclude<Signal, { type: "complete" | "cancel" }>): TransferRefusal | null {
    switch (s.type) {
      case "action-failed":
        return this.actionFailed(s.action, s.lost);
      case "refused":
        this.move("failed", this.notStarted());
        return null;
      case "consult-channel":
        // Learnt by the shell (a channel to follow); the agent may still be with the caller.
        return null;
      case "consult-started":
        this.next.consulting = true;
        return null;
      case "ringing":
        if (this.p.status === "initiated" || this.p.status === "unknown") this.move("ringing", this.p.agentLeft ? this.leftEarlyReason() : null);
        return null;
      case "consult-answered":
        this.next.targetAnswered = true;
        // "answered" invites the agent to complete; an agent who already left waits for the bridge instead.
        if (!this.p.agentLeft && (this.p.status === "initiated" || this.p.status === "ringing" || this.p.status === "unknown")) this.move("answered", null);
        return null;
      case "target-failed":
        this.targetFailed(s.dialStatus, s.next);
        return null;
      case "recall-failed":
        this.recalling({ place: "queue", queue: this.f.fallbackQueue, recallMissed: true });
        return null;
      case "queued":
        this.recalling({ place: "queue", queue: s.queue, recallMissed: this.p.waiting?.recallMissed ?? false });
        return null;
      case "held":
        this.recalling({ place: "hold", queue: s.queue, recallMissed: this.p.waiting?.recallMissed ?? false });
        return null;
      case "attended-done":
        this.attendedDone(s.success, s.place);
        return null;
      case "caller-moved":
        this.callerMoved(s.place);
        return null;
      case "hangup":
        this.hangup(s.leg, s.cause);
        return null;
      case "link-lost":
        this.move("unknown", "Lost contact with the PBX; checking where the caller is as soon as it is back.");
        return null;
      case "resynced":
        this.resynced(s);
        return null;
    }
  }

  private actionFailed(action: "start" | "complete" | "cancel", lost: boolean): TransferRefusal | null {
    if (action === "start") {
      if (lost) this.move("unknown", "Lost contact with the PBX while starting the transfer; checking where the caller is.");
      else this.move("failed", this.notStarted());
      return null;
    }
    this.next.pending = null;
    this.next.completedBy = null;
    if (lost) return refuse("pbx_unavailable", "Lost contact with the PBX before it confirmed; the transfer will be checked as soon as it is back.");
    return action === "complete"
      ? refuse("conflict", "The PBX could not complete the transfer: your side of the consultation had already ended.")
      : refuse("conflict", "The PBX could not cancel: the consultation had already ended.");
  }

  private targetFailed(dialStatus: string, next: string): void {
    const step = next === NEXT_STEPS.recall || next === NEXT_STEPS.fallback || next === NEXT_STEPS.back ? next : NEXT_STEPS.fallback;
    this.next.failure = { dialStatus, next: step };
    // The consultation ended with the agent still on it: Asterisk hands the agent back the caller.
    if (step === NEXT_STEPS.back) return;
    this.recalling(step === NEXT_STEPS.recall ? { place: "recall", queue: null, recallMissed: false } : { place: "queue", queue: this.f.fallbackQueue, recallMissed: false });
  }

  private recalling(waiting: Waiting): void {
    this.next.waiting = waiting;
    this.move("recalling", this.recallingReason());
  }

  private attendedDone(success: boolean, place: CallerPlace): void {
    if (!success) {
      this.next.pending = null;
      this.move("failed", `The PBX could not join the caller and ${this.f.target.label}. The caller is back with you.`);
      return;
    }
    if (place.at === "party") {
      this.callerMoved(place);
      return;
    }
    // Asterisk joined the caller to a target that still rings (a "blond" transfer): it is not done yet.
    if (!this.p.targetAnswered) {
      this.next.agentLeft = true;
      this.move(this.p.status === "initiated" ? "ringing" : this.p.status, this.leftEarlyReason());
    }
  }

  private callerMoved(place: CallerPlace): void {
    if (place.at !== "party") return;
    const { party } = place;
    if (this.p.status === "recalling" || this.p.failure !== null) {
      this.settleAfterFailure(party);
      return;
    }
    switch (party.role) {
      case "target":
        this.next.toAgentId = party.agentId ?? this.p.toAgentId;
        this.next.pending = null;
        this.move("completed", null, this.p.completedBy);
        return;
      case "transferer":
        // Only an attended consultation brings the caller back to the agent without a failure first.
        if (!this.p.consulting) return;
        this.next.pending = null;
        if (this.p.pending === "cancel") this.move("cancelled", "Cancelled: the caller is back with you.", this.p.completedBy);
        else if (this.p.targetAnswered) this.move("failed", `${this.f.target.label} hung up during the consultation. The caller is back with you.`);
        else this.move("failed", `${this.f.target.label} did not take the call. The caller is back with you.`);
        return;
      case "agent":
        this.next.toAgentId = party.agentId;
        this.move("failed", `${party.name} has the caller instead of ${this.f.target.label}.`);
        return;
      case "other":
        return;
    }
  }

  /** The target did not take the caller; whoever has them now ends the transfer. */
  private settleAfterFailure(party: Party): void {
    const failed = this.failureText();
    const from = this.p.waiting?.queue ? ` from queue ${this.p.waiting.queue}` : "";
    this.next.pending = null;
    switch (party.role) {
      case "transferer":
        this.move(this.p.pending === "cancel" ? "cancelled" : "failed", `${failed} The caller is back with you.`, this.p.pending === "cancel" ? this.p.completedBy : null);
        return;
      case "target":
        // Bridged with the target party is what "completed" means, however the caller got there.
        this.next.toAgentId = party.agentId ?? this.p.toAgentId;
        this.move("completed", `${failed} ${this.f.target.label} took the caller${from} in the end.`, this.p.completedBy);
        return;
      case "agent":
        this.next.toAgentId = party.agentId;
        this.move("failed", `${failed} ${party.name} took the caller${from}.`);
        return;
      case "other":
        return;
    }
  }

  private hangup(leg: "caller" | "agent", cause: HangupCause): void {
    if (leg === "agent") {
      // Attended: the agent's phone left before the target answered; Asterisk rings the target for the caller.
      if (this.isAttended() && this.p.consulting && !this.p.targetAnswered && this.p.status !== "recalling") {
        this.next.agentLeft = true;
        this.move(this.p.status, this.leftEarlyReason());
      }
      return;
    }
    if (cause === "pbx-shutdown") {
      this.move("failed", "The PBX shut down and the call was dropped.");
    } else if (this.p.status === "recalling") {
      this.move("failed", `${this.failureText()} The caller hung up while waiting.`);
    } else if (this.isAttended() && this.p.consulting && !this.p.agentLeft) {
      this.move("failed", "The caller hung up during the consultation.");
    } else {
      this.move("failed", "The caller hung up before the transfer completed.");
    }
  }

  private resynced(s: Extract<Signal, { type: "resynced" }>): void {
    const { place } = s;
    if (place.at === "gone") {
      this.move("failed", goneReason(s.why));
      return;
    }
    // Whatever was asked and not confirmed: either it happened (the view shows it) or it may be asked again.
    if (this.p.pending !== null && s.agentLeg !== "gone") this.next.pending = null;
    // The agent's leg ended unseen (a complete, or the phone hung up) before the target answered: as if seen leaving.
    if (this.isAttended() && s.agentLeg === "gone" && !this.p.targetAnswered && !s.consultAnswered && (this.p.consulting || this.p.pending === "complete")) this.next.agentLeft = true;
    if (place.at === "party") {
      if (place.party.role === "transferer" && !this.p.consulting && this.p.failure === null && this.p.status !== "recalling") {
        // Still with the agent: the action never took effect.
        this.move("failed", this.notStarted());
        return;
      }
      this.callerMoved(place);
      if (this.next.status === "unknown") this.move("failed", `The caller is with someone other than ${this.f.target.label}.`);
      return;
    }
    if (place.at === "dialplan") {
      if (place.context === this.f.contexts.fallback) {
        this.recalling({ place: place.application === "Queue" ? "queue" : "hold", queue: this.p.waiting?.queue ?? this.f.fallbackQueue, recallMissed: this.p.waiting?.recallMissed ?? false });
      } else if (place.context === this.f.contexts.transferFailed) {
        this.recalling({ place: "recall", queue: null, recallMissed: false });
      } else if (this.p.status === "unknown" || this.p.status === "initiated") {
        this.move(s.consultAnswered ? "answered" : "ringing", this.next.agentLeft ? this.leftEarlyReason() : null);
      }
      return;
    }
    // Alone in a bridge: on hold while the agent consults.
    if (s.agentLeg === "consulting") {
      this.next.consulting = true;
      if (s.consultAnswered) this.next.targetAnswered = true;
      // As a consult-answered event would: an AMI link that was down hid the answer from a transfer shown ringing.
      const before = this.p.status === "unknown" || this.p.status === "initiated";
      if (s.consultAnswered && (before || this.p.status === "ringing")) this.move("answered", null);
      else if (before) this.move("ringing", null);
    } else if (this.p.status === "unknown") {
      this.move("ringing", this.next.agentLeft ? this.leftEarlyReason() : null);
    }
  }

  // ── wording ────────────────────────────────────────────────────────────────

  private isAttended(): boolean {
    return this.f.origin.kind === "transfer" && this.f.origin.mode === "attended";
  }

  private notStarted(): string {
    const withWhom = this.f.origin.kind === "handoff" ? "the bot" : "you";
    return `The PBX could not start the transfer to ${this.f.target.label} (the call may have just changed). The caller is still with ${withWhom}.`;
  }

  private leftEarlyReason(): string {
    return `You left before ${this.f.target.label} answered: the caller now rings them, and comes back to you if they do not answer.`;
  }

  private failureText(): string {
    const failure = this.next.failure ?? this.p.failure;
    return failure === null ? `${this.f.target.label} did not take the call.` : failureReason(failure.dialStatus, this.f.target.label, this.f.ringSeconds);
  }

  private recallingReason(): string {
    const failed = this.failureText();
    const waiting = this.next.waiting;
    const missed = waiting?.recallMissed ? " Nobody answered the call back at your phone, so" : "";
    switch (waiting?.place) {
      case "queue":
        return missed ? `${failed}${missed} the caller waits in queue ${waiting.queue}.` : `${failed} The caller waits in queue ${waiting.queue}.`;
      case "hold":
        return `${failed}${missed ? `${missed} the caller` : " The caller"} is on hold until someone signs in to queue ${waiting.queue}.`;
      default:
        return `${failed} The caller is ringing back at your phone.`;
    }
  }

  /** Moves to `status` (or only re-words it), once, and only along the status machine's arrows. */
  private move(status: TransferStatus, reason: string | null, by: string | null = null): void {
    const from = this.next.status;
    if (from === status && this.next.reason === reason) return;
    if (from !== status && !canMove(from, status)) return;
    this.next.status = status;
    this.next.reason = reason;
    this.step = { status, reason, by };
  }
}

function goneReason(why: ResyncReason): string {
  switch (why) {
    case "pbx-restart":
      return "The PBX restarted and the call was dropped.";
    case "server-restart":
      return "The call ended while the transfer server was restarting.";
    case "link":
      return "The call ended while the PBX was out of reach.";
    case "watchdog":
      return "The call has ended.";
  }
}
