import { WRAP_UP_REASON, type AgentQueueState, type CallDisposition, type PauseInfo, type QueueFigures, type SupervisorAuditEntry } from "@handoff/contract";
import type { FastifyBaseLogger } from "fastify";
import type { AmiClient, AmiMessage } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import type { DirectoryAgent, PresenceDirectory } from "../pbx/presence";
import type { QueueDayTotalsStore } from "../store/queue-day-totals";
import type { QueueWorkStore } from "../store/queue-work";
import type { DayOf } from "./center-day";
import { refuseQueue } from "./errors";
import { QueueFiguresBook } from "./figures";
import { extensionOf, QueueMembers, type QueueMember } from "./members";
import type { QueueAccess, QueueWorkConfig } from "./settings";
import { chosenReasonOf, pauseTarget, startWrapUp, type WrapUpRun } from "./wrap-up";

/** Where queue work is told: the service decides what changed, the hub decides who hears it. */
export interface QueueWorkNotifier {
  state(state: AgentQueueState): void;
  figures(figures: QueueFigures): void;
  audit(entry: SupervisorAuditEntry): void;
  /** An agent's membership, pause or wrap-up changed (the board and the directory redraw them). */
  agentChanged(agentId: string): void;
}

export interface QueueWorkOptions {
  ami: AmiClient;
  directory: PresenceDirectory;
  store: QueueWorkStore;
  /** Each queue's answered and abandoned calls per day: loaded at start, added to as they happen. */
  dayTotals: Pick<QueueDayTotalsStore, "add" | "of">;
  /** The center's calendar day of an instant (the configured time zone). */
  dayOf: DayOf;
  access: QueueAccess;
  config: QueueWorkConfig;
  queues: readonly string[];
  notifier: QueueWorkNotifier;
  log: FastifyBaseLogger;
  now?: () => number;
  /** How long a request waits for Asterisk's event confirming its action. */
  confirmMs?: number;
}

const interfaceOf = (agent: DirectoryAgent) => `PJSIP/${agent.extension ?? ""}`;

/**
 * Queue membership, pauses and after-call work, on Asterisk's queues: every request is checked in full
 * before anything is written to AMI, and answered with the state Asterisk's own events confirm.
 */
export class QueueWork {
  readonly members = new QueueMembers();
  private readonly figures: QueueFiguresBook;
  private readonly wrapUps = new Map<string, WrapUpRun>();
  /** Each agent's queue call in progress; its linkedid when AgentConnect told it (a call found by a resync has none). */
  private readonly onQueueCall = new Map<string, { queue: string; linkedId: string | null }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(private readonly o: QueueWorkOptions) {
    this.now = o.now ?? Date.now;
    this.figures = new QueueFiguresBook(o.queues, {
      serviceLevelSeconds: o.config.serviceLevelSeconds,
      dayOf: o.dayOf,
      counted: (queue, day, delta) => void o.dayTotals.add(queue, day, delta).catch((err: unknown) => o.log.error({ err, queue }, "could not keep a queue's count of the day")),
    });
    this.members.onChange((change) => {
      if (change.kind === "reset") {
        for (const agent of o.directory.entries()) this.publishAgent(agent.id);
        for (const queue of o.queues) o.notifier.figures(this.figuresOf(queue));
        return;
      }
      const extension = extensionOf(change.interface);
      const agent = extension === null ? undefined : o.directory.byExtension(extension);
      if (agent !== undefined) this.publishAgent(agent.id);
    });
  }

  get queues(): readonly string[] {
    return this.o.queues;
  }

  get settings(): QueueWorkConfig {
    return this.o.config;
  }

  /** Every AMI event, in order. */
  onEvent(event: AmiMessage): void {
    const name = event.event ?? "";
    if (name.startsWith("QueueMember")) {
      this.members.apply(event);
      const queue = event.get("Queue");
      if (queue !== undefined && this.o.queues.includes(queue)) this.o.notifier.figures(this.figuresOf(queue));
      return;
    }
    const changed = this.figures.apply(event, this.now());
    if (changed !== null) this.o.notifier.figures(this.figuresOf(changed));
    if (name === "AgentConnect") this.queueCallStarted(event);
    if (name === "AgentComplete") this.agentCompleted(event);
  }

  /** At start, before any event: today's counts as earlier runs kept them. */
  async loadToday(): Promise<void> {
    const day = this.o.dayOf(this.now());
    this.figures.load(day, await this.o.dayTotals.of(day));
  }

  /** After a (re)connect: Asterisk's members and callers replace ours; wrap-ups found paused are timed again. */
  async resync(): Promise<void> {
    const reply = await this.o.ami.send("QueueStatus");
    this.figures.reset(reply.events, this.now());
    const before = new Map(this.onQueueCall);
    this.rebuildQueueCalls(reply.events);
    this.members.reset(reply.events);
    // A queue call that ended while the link was down sent its AgentComplete to nobody: its wrap-up starts now.
    for (const [agentId, call] of before) {
      const agent = this.o.directory.agent(agentId);
      if (!this.onQueueCall.has(agentId) && agent !== undefined && call.linkedId !== null) this.queueCallEnded(agent, call.queue, call.linkedId);
    }
    for (const agent of this.o.directory.entries()) {
      const run = this.wrapUps.get(agent.id);
      const paused = this.memberships(this.o.directory.agent(agent.id)).find((member) => member.paused && member.reason === WRAP_UP_REASON);
      if (run === undefined && paused !== undefined) {
        // A wrap-up the last run began: its call is unknown here, so it ends when its time would have.
        const since = paused.pausedSince === null ? this.now() : Date.parse(paused.pausedSince);
        this.schedule(agent.id, since + this.o.config.wrapUpSeconds * 1000);
      }
    }
  }

  figuresOf(queue: string): QueueFigures {
    return this.figures.figures(queue, this.members.inQueue(queue), this.now());
  }

  /** The queues a caller sees figures of: their own, or all for a supervisor. */
  visibleQueues(caller: TokenClaims): readonly string[] {
    if (caller.role === "supervisor") return this.o.queues;
    return this.allowedOf(this.o.directory.agent(caller.agentId));
  }

  /** The queues this agent may join. */
  allowedOf(agent: DirectoryAgent | undefined): readonly string[] {
    return agent === undefined ? [] : this.o.access.allowed(agent);
  }

  stateOf(agentId: string): AgentQueueState {
    const agent = this.o.directory.agent(agentId);
    const memberships = new Map(this.memberships(agent).map((member) => [member.queue, member]));
    const run = this.wrapUps.get(agentId);
    return {
      agentId,
      queues: this.allowedOf(agent).map((queue) => {
        const member = memberships.get(queue);
        return { queue, signedIn: member !== undefined, since: member?.since ?? null };
      }),
      pause: this.chosenPause(agent),
      wrapUp:
        run === undefined
          ? null
          : { callId: run.callId, queue: run.queue, since: new Date(run.sinceMs).toISOString(), deadline: run.deadlineMs === null ? null : new Date(run.deadlineMs).toISOString() },
    };
  }

  /** The pause the directory and the app bar show: a chosen one, or wrap-up. */
  pauseOf(agentId: string): PauseInfo | null {
    const agent = this.o.directory.agent(agentId);
    const paused = this.memberships(agent).find((member) => member.paused);
    if (paused === undefined) return null;
    return { reason: paused.reason || "Paused", since: paused.pausedSince ?? new Date(this.now()).toISOString() };
  }

  wrapUpOf(agentId: string): WrapUpRun | undefined {
    return this.wrapUps.get(agentId);
  }

  async join(caller: TokenClaims, agentId: string, queues: readonly string[] | undefined): Promise<AgentQueueState> {
    const agent = this.target(caller, agentId, "own");
    const chosen = this.pick(agent, queues, "join");
    const current = this.memberships(agent);
    const wanted = chosen.filter((queue) => !current.some((member) => member.queue === queue));
    const pause = pauseTarget(this.wrapUps.get(agent.id) ?? null, this.chosenPause(agent)?.reason ?? null);
    for (const queue of wanted) {
      await this.act("QueueAdd", { Queue: queue, Interface: interfaceOf(agent), StateInterface: interfaceOf(agent), MemberName: agent.name, Penalty: 0, Paused: pause.paused, Reason: pause.paused ? pause.reason : undefined });
    }
    await this.confirmed(() => this.memberships(agent).filter((member) => wanted.includes(member.queue)).length === wanted.length);
    return this.stateOf(agent.id);
  }

  async leave(caller: TokenClaims, agentId: string, queues: readonly string[] | undefined): Promise<AgentQueueState> {
    const agent = this.target(caller, agentId, "own-or-supervisor");
    const current = this.memberships(agent).map((member) => member.queue);
    const chosen = queues === undefined ? current : this.pick(agent, queues, "leave");
    const leaving = chosen.filter((queue) => current.includes(queue));
    if (caller.agentId !== agent.id && leaving.length === 0) throw refuseQueue("conflict", `${agent.name} is not signed in to ${queues === undefined ? "any queue" : chosen.join(", ")}.`);
    for (const queue of leaving) await this.act("QueueRemove", { Queue: queue, Interface: interfaceOf(agent) });
    await this.confirmed(() => !this.memberships(agent).some((member) => leaving.includes(member.queue)));
    if (caller.agentId !== agent.id) await this.audited(caller, "queues.leave", agent, leaving.join(", "));
    return this.stateOf(agent.id);
  }

  async pause(caller: TokenClaims, agentId: string, reason: string): Promise<AgentQueueState> {
    const agent = this.target(caller, agentId, "own");
    const known = this.o.config.pauseReasons.find((r) => r.toLowerCase() === reason.toLowerCase());
    if (known === undefined) throw refuseQueue("unprocessable", `"${reason}" is not a pause reason here; choose one of ${this.o.config.pauseReasons.join(", ")}.`);
    if (this.memberships(agent).length === 0) throw refuseQueue("conflict", "You are not signed in to any queue: sign in first, then pause.");
    await this.act("QueuePause", { Interface: interfaceOf(agent), Paused: true, Reason: known });
    await this.confirmed(() => this.memberships(agent).every((member) => member.paused && member.reason === known));
    return this.stateOf(agent.id);
  }

  /** Ends a chosen pause and a wrap-up in progress: the agent takes queue calls again. */
  async resume(caller: TokenClaims, agentId: string): Promise<AgentQueueState> {
    const agent = this.target(caller, agentId, "own-or-supervisor");
    const paused = this.memberships(agent).find((member) => member.paused);
    if (paused === undefined && !this.wrapUps.has(agent.id)) throw refuseQueue("conflict", `${caller.agentId === agent.id ? "You are" : `${agent.name} is`} not paused.`);
    if (paused !== undefined) await this.act("QueuePause", { Interface: interfaceOf(agent), Paused: false });
    this.endWrapUp(agent.id);
    await this.confirmed(() => this.memberships(agent).every((member) => !member.paused));
    this.publishAgent(agent.id);
    if (caller.agentId !== agent.id) await this.audited(caller, "pause.end", agent, paused?.reason || WRAP_UP_REASON);
    return this.stateOf(agent.id);
  }

  /** Stores the disposition with the agent's call; if that call's wrap-up runs, it ends (unpausing unless a pause was chosen). */
  async dispose(caller: TokenClaims, callId: string, disposition: string, note: string | undefined): Promise<{ disposition: CallDisposition; state: AgentQueueState }> {
    const known = this.o.config.dispositions.find((d) => d.toLowerCase() === disposition.toLowerCase());
    if (known === undefined) throw refuseQueue("unprocessable", `"${disposition}" is not a disposition here; choose one of ${this.o.config.dispositions.join(", ")}.`);
    const owner = await this.o.store.ownerOf(callId);
    if (owner === undefined) throw refuseQueue("not_found", "There is no such call in your history.");
    if (owner !== caller.agentId) throw refuseQueue("forbidden", "That call is another agent's: only they write its disposition.");
    const stored: CallDisposition = { disposition: known, note: note === undefined || note.trim() === "" ? null : note, by: caller.agentId, at: new Date(this.now()).toISOString() };
    await this.o.store.dispose(callId, stored);
    if (this.wrapUps.get(caller.agentId)?.callId === callId) await this.finishWrapUp(caller.agentId);
    return { disposition: stored, state: this.stateOf(caller.agentId) };
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** The queue of the call the agent is on, if they took it from one (the board shows it). */
  queueCallOf(agentId: string): string | null {
    return this.onQueueCall.get(agentId)?.queue ?? null;
  }

  private memberAgent(event: AmiMessage): DirectoryAgent | undefined {
    const extension = extensionOf(event.get("Interface") ?? "");
    return extension === null ? undefined : this.o.directory.byExtension(extension);
  }

  /**
   * The queue of each call in progress, from QueueStatus: a member with InCall 1 is bridged to a caller of that
   * queue (Asterisk sets it at AgentConnect, clears it at the call's end). Calls that began before this server
   * started, or while its link was down, are known again; calls that ended meanwhile are dropped.
   */
  private rebuildQueueCalls(snapshot: readonly AmiMessage[]): void {
    this.onQueueCall.clear();
    for (const event of snapshot) {
      const queue = event.get("Queue");
      if (event.event !== "QueueMember" || event.get("InCall") !== "1" || queue === undefined || !this.o.queues.includes(queue)) continue;
      const extension = extensionOf(event.get("Location") ?? "");
      const agent = extension === null ? undefined : this.o.directory.byExtension(extension);
      if (agent !== undefined && !this.onQueueCall.has(agent.id)) this.onQueueCall.set(agent.id, { queue, linkedId: null });
    }
  }

  private queueCallStarted(event: AmiMessage): void {
    const agent = this.memberAgent(event);
    const queue = event.get("Queue");
    if (agent === undefined || queue === undefined || !this.o.queues.includes(queue)) return;
    this.onQueueCall.set(agent.id, { queue, linkedId: event.get("DestLinkedid") ?? event.get("Linkedid") ?? null });
    this.o.notifier.agentChanged(agent.id);
  }

  private agentCompleted(event: AmiMessage): void {
    const agent = this.memberAgent(event);
    if (agent !== undefined) this.onQueueCall.delete(agent.id);
    // The member's leg shares the call's linkedid: the history row is "<linkedid>:<agent>".
    const linkedId = event.get("DestLinkedid") ?? event.get("Linkedid");
    if (agent === undefined || linkedId === undefined) return;
    this.queueCallEnded(agent, event.get("Queue") ?? "", linkedId);
  }

  /** The agent's queue call is over (AgentComplete, or a resync no longer finds it): the call is marked and wrap-up starts. */
  private queueCallEnded(agent: DirectoryAgent, queue: string, linkedId: string): void {
    this.onQueueCall.delete(agent.id);
    const callId = `${linkedId}:${agent.id}`;
    // After the history's own writes of this read (setImmediate is FIFO): a short call's row is inserted in the same read.
    setImmediate(() => void this.o.store.markQueue(callId, queue).catch((err: unknown) => this.o.log.error({ err, callId }, "could not mark a call as a queue call")));
    const run = startWrapUp(callId, queue, this.now(), this.o.config.wrapUpSeconds);
    if (run === null || this.memberships(agent).length === 0) return;
    this.wrapUps.set(agent.id, run);
    if (run.deadlineMs !== null) this.schedule(agent.id, run.deadlineMs);
    if (this.chosenPause(agent) === null) void this.act("QueuePause", { Interface: interfaceOf(agent), Paused: true, Reason: WRAP_UP_REASON }).catch((err: unknown) => this.o.log.warn({ err, agentId: agent.id }, "could not pause for wrap-up"));
    this.publishAgent(agent.id);
  }

  /** Wrap-up ends (disposition or deadline): unpause unless the agent chose a pause meanwhile. */
  private async finishWrapUp(agentId: string): Promise<void> {
    this.endWrapUp(agentId);
    const agent = this.o.directory.agent(agentId);
    if (agent === undefined) return;
    const wrapping = this.memberships(agent).filter((member) => member.paused && member.reason === WRAP_UP_REASON);
    if (wrapping.length > 0) {
      await this.act("QueuePause", { Interface: interfaceOf(agent), Paused: false });
      await this.confirmed(() => !this.memberships(agent).some((member) => member.paused && member.reason === WRAP_UP_REASON));
    }
    this.publishAgent(agentId);
  }

  private endWrapUp(agentId: string): void {
    this.wrapUps.delete(agentId);
    clearTimeout(this.timers.get(agentId));
    this.timers.delete(agentId);
  }

  private schedule(agentId: string, atMs: number): void {
    clearTimeout(this.timers.get(agentId));
    const timer = setTimeout(() => {
      void this.finishWrapUp(agentId).catch((err: unknown) => this.o.log.warn({ err, agentId }, "could not end a wrap-up at its deadline"));
    }, Math.max(0, atMs - this.now()));
    timer.unref();
    this.timers.set(agentId, timer);
  }

  private chosenPause(agent: DirectoryAgent | undefined): PauseInfo | null {
    for (const member of this.memberships(agent)) {
      const reason = chosenReasonOf(member.paused, member.reason);
      if (reason !== null) return { reason, since: member.pausedSince ?? new Date(this.now()).toISOString() };
    }
    return null;
  }

  private memberships(agent: DirectoryAgent | undefined): QueueMember[] {
    if (agent?.extension === null || agent === undefined) return [];
    return [...this.members.of(interfaceOf(agent)).values()].filter((member) => this.o.queues.includes(member.queue));
  }

  /** The agent a request acts on: their own, or (for the actions a supervisor may take) anyone's. */
  private target(caller: TokenClaims, agentId: string, who: "own" | "own-or-supervisor"): DirectoryAgent {
    const id = agentId === "me" ? caller.agentId : agentId;
    if (id !== caller.agentId && !(who === "own-or-supervisor" && caller.role === "supervisor")) {
      throw refuseQueue("forbidden", who === "own" ? "You may only change your own queue work." : "Only a supervisor may change another agent's queue work.");
    }
    const agent = this.o.directory.agent(id);
    if (agent === undefined) throw refuseQueue("not_found", "There is no such agent.");
    if (agent.extension === null) throw refuseQueue("unprocessable", `${agent.name} has no phone, so no queue can ring them.`);
    return agent;
  }

  /** The queues named, each checked: it exists and this agent may join it; none named means all they may. */
  private pick(agent: DirectoryAgent, queues: readonly string[] | undefined, verb: "join" | "leave"): string[] {
    const allowed = this.allowedOf(agent);
    if (queues === undefined) {
      if (allowed.length === 0) throw refuseQueue("unprocessable", `${agent.name} may not join any queue.`);
      return [...allowed];
    }
    for (const queue of queues) {
      if (!this.o.queues.includes(queue)) throw refuseQueue("unprocessable", `There is no queue "${queue}"; the queues are ${this.o.queues.join(", ")}.`);
      if (verb === "join" && !allowed.includes(queue)) throw refuseQueue("forbidden", `${agent.name} may not join queue ${queue}; ask a supervisor to allow it.`);
    }
    return [...new Set(queues)];
  }

  private async act(action: string, fields: Record<string, string | number | boolean | undefined>): Promise<void> {
    if (this.o.ami.state !== "connected") throw refuseQueue("pbx_unavailable", "The PBX cannot be reached right now; nothing was changed. Try again in a moment.");
    try {
      await this.o.ami.send(action, fields);
    } catch (err) {
      this.o.log.warn({ err, action }, "the PBX refused a queue action");
      throw refuseQueue("pbx_unavailable", "The PBX did not carry that out; try again in a moment.");
    }
  }

  /** Waits (briefly) until Asterisk's events show what was asked; the answer is whatever they show by then. */
  private confirmed(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = this.members.onChange(() => {
        if (!done()) return;
        finish();
      });
      const timer = setTimeout(finish, this.o.confirmMs ?? 2000);
      function finish() {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  }

  private async audited(caller: TokenClaims, action: "queues.leave" | "pause.end", agent: DirectoryAgent, detail: string): Promise<void> {
    const at = new Date(this.now()).toISOString();
    const id = await this.o.store.audit({ supervisorId: caller.agentId, action, agentId: agent.id, detail, at });
    const supervisor = this.o.directory.agent(caller.agentId);
    this.o.notifier.audit({ id, at, supervisorId: caller.agentId, supervisorName: supervisor?.name ?? "", action, agentId: agent.id, agentName: agent.name, detail });
  }

  private publishAgent(agentId: string): void {
    const agent = this.o.directory.agent(agentId);
    if (agent === undefined || agent.extension === null) return;
    this.o.notifier.state(this.stateOf(agentId));
    this.o.notifier.agentChanged(agentId);
  }
}
