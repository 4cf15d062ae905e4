import type { CallContext, Transfer } from "@handoff/contract";
import { HANDOFF_CONTEXTS } from "@handoff/dialplan";
import type { FastifyBaseLogger } from "fastify";
import type { AmiMessage } from "../ami";
import type { ChannelTracker } from "../pbx/channel-tracker";
import type { PresenceDirectory } from "../pbx/presence";
import type { SipCallIds } from "../pbx/sip-call-ids";
import type { TransfersStore } from "../store/transfers";
import type { TransferRefusal } from "./errors";
import { signalOf } from "./event-signals";
import type { Followed } from "./model";
import { audienceOf, type TransferNotifier } from "./notifier";
import type { ActionOutcome, PbxActions } from "./pbx-actions";
import { TransferRegistry } from "./registry";
import type { ResyncReason, Signal } from "./signals";
import { decide, type Decision, type Facts } from "./state-machine";
import { isFinal } from "./status";
import { reconcile } from "./reconcile";
import { locateCaller } from "./whereabouts";

/** Asterisk's soft hangup flag for "the PBX is shutting down" (channel.h AST_SOFTHANGUP_SHUTDOWN). */
const SOFTHANGUP_SHUTDOWN = 4;
/** How long a complete or cancel asked while the PBX link is down waits for it to come back. */
const RESYNC_WAIT_MS = 5_000;

const afterIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One live transfer as the shell holds it. */
export interface LiveTransfer {
  readonly followed: Followed;
  /** The transfer as last published. */
  transfer: Transfer;
  /** The note or summary sent to the receiving agent, kept to resend if their app reconnects while it rings. */
  context: { agentId: string; context: CallContext } | null;
  /** Writes and publications of this transfer, one after another in the order they were decided. */
  chain: Promise<void>;
  watchdog: NodeJS.Timeout | null;
}

export interface FollowerOptions {
  tracker: ChannelTracker;
  directory: PresenceDirectory;
  callIds: SipCallIds;
  actions: PbxActions;
  store: TransfersStore;
  notifier: TransferNotifier;
  log: FastifyBaseLogger;
  ringSeconds: number;
  fallbackQueue: string;
  /** How long a live transfer may hear nothing before the server looks at Asterisk's channels again. */
  watchdogMs: number;
  /** The same for a transfer that has heard nothing at all since its action: Asterisk may have ignored it. */
  startWatchdogMs?: number;
  now?: () => Date;
}

/**
 * The shell around the state machine: routes each AMI event to the live
 * transfers it concerns, applies the decisions in memory at once (so a second
 * request sees the first), records them, then publishes, then acts.
 */
export class TransferFollower {
  private readonly registry = new TransferRegistry<LiveTransfer>();
  private readonly recentlyFinished = new Map<string, Transfer>();
  private readonly now: () => Date;
  private pbxShuttingDown = false;
  private readonly resyncWaiters: (() => void)[] = [];

  constructor(private readonly o: FollowerOptions) {
    this.now = o.now ?? (() => new Date());
  }

  get liveCount(): number {
    return this.registry.size;
  }

  get(id: string): LiveTransfer | undefined {
    return this.registry.get(id);
  }

  /** The live transfer moving this channel (an agent's leg or a caller), if any. */
  holding(uniqueId: string): LiveTransfer | undefined {
    return this.registry.holding(uniqueId);
  }

  factsOf(followed: Followed): Facts {
    return {
      origin: followed.origin,
      target: followed.target,
      ringSeconds: this.o.ringSeconds,
      fallbackQueue: this.o.fallbackQueue,
      contexts: { transferFailed: HANDOFF_CONTEXTS.transferFailed, fallback: HANDOFF_CONTEXTS.fallback },
    };
  }

  /** Starts following a transfer: before its action is written, since Asterisk's events can beat its reply. */
  follow(followed: Followed, transfer: Transfer): LiveTransfer {
    const live: LiveTransfer = { followed, transfer, context: null, chain: Promise.resolve(), watchdog: null };
    this.registry.add(live);
    this.armWatchdog(live, this.o.startWatchdogMs ?? 5_000);
    return live;
  }

  /** Follows on a transfer another replica followed until it died, settled at once against the channel view (as after a restart). */
  adopt(followed: Followed, transfer: Transfer): void {
    const live = this.follow(followed, transfer);
    this.handle(live, reconcile(this.o.tracker, this.o.directory, followed, "server-restart"));
  }

  /** Feeds one AMI event, after the channel tracker has applied it. */
  onEvent(event: AmiMessage): void {
    // Asterisk soft-hangs every channel up with AST_SOFTHANGUP_SHUTDOWN (4) before it says Shutdown:
    // the hangups that follow are the PBX going down, not callers leaving.
    if (event.event === "SoftHangupRequest" && (Number(event.get("Cause")) & SOFTHANGUP_SHUTDOWN) !== 0) this.pbxShuttingDown = true;
    if (event.event === "Shutdown") this.pbxShuttingDown = true;
    if (event.event === "FullyBooted") this.pbxShuttingDown = false;
    for (const live of this.registry.concerned(event)) {
      const signal = signalOf(event, live.followed, () => locateCaller(this.o.tracker, this.o.directory, live.followed), this.pbxShuttingDown);
      // A PBX going down tears bridges apart and together on its way out: only the hangups say what happened.
      if (signal !== null && !(this.pbxShuttingDown && signal.type !== "hangup")) this.handle(live, signal);
    }
  }

  /** The AMI link dropped: nothing in flight can be followed until the channel view is rebuilt. */
  linkLost(): void {
    for (const live of this.registry.all()) this.handle(live, { type: "link-lost" });
  }

  /** The channel view was rebuilt: every live transfer is settled against it. */
  resynced(why: ResyncReason): void {
    this.pbxShuttingDown = false;
    for (const waiter of this.resyncWaiters.splice(0)) waiter();
    for (const live of this.registry.all()) this.handle(live, reconcile(this.o.tracker, this.o.directory, live.followed, why));
  }

  /**
   * Applies one signal: the decision takes effect in memory now; recording, publishing
   * and acting follow in order. Returns the refusal, if the signal was a request that cannot be done.
   */
  handle(live: LiveTransfer, signal: Signal): TransferRefusal | null {
    const decision = decide(this.factsOf(live.followed), live.followed.progress, signal);
    this.apply(live, signal, decision);
    return decision.refusal;
  }

  /**
   * An agent's complete or cancel: refused at once if the state machine says so (a second
   * click while one is in flight included); otherwise recorded, then written to the PBX once.
   */
  async request(live: LiveTransfer, signal: Extract<Signal, { type: "complete" | "cancel" }>): Promise<Transfer> {
    // Asked while the PBX link is being restored: wait briefly for the channel view rather than refuse.
    if (live.followed.progress.status === "unknown") await this.nextResync(RESYNC_WAIT_MS);
    const decision = decide(this.factsOf(live.followed), live.followed.progress, signal);
    if (decision.refusal !== null) throw decision.refusal;
    this.apply(live, signal, decision);
    // What was asked is recorded before it is written: a restarted server knows it may have happened.
    await this.settled(live);
    if (live.followed.origin.kind !== "transfer") return live.transfer;
    for (const action of decision.actions) {
      const outcome = await this.o.actions.followUp(action, live.followed.origin.agent);
      if (outcome === "done") continue;
      const refusal = this.handle(live, { type: "action-failed", action: signal.type, lost: outcome === "lost" });
      if (refusal !== null) throw refusal;
    }
    return live.transfer;
  }

  private apply(live: LiveTransfer, signal: Signal, decision: Decision): void {
    const changedProgress = decision.progress !== live.followed.progress;
    const learnt = this.learn(live, signal);
    live.followed.progress = decision.progress;
    this.armWatchdog(live);

    if (decision.step !== null) {
      const at = this.now().toISOString();
      live.transfer = {
        ...live.transfer,
        status: decision.step.status,
        reason: decision.step.reason,
        toAgentId: decision.progress.toAgentId,
        updatedAt: at,
        history: [...live.transfer.history, { status: decision.step.status, at, by: decision.step.by, reason: decision.step.reason }],
      };
      const transfer = live.transfer;
      const final = isFinal(transfer.status);
      if (final) this.finish(live);
      const followJson = final ? null : JSON.stringify(live.followed);
      this.o.log.info({ transferId: transfer.id, status: transfer.status, reason: transfer.reason }, "transfer status");
      this.enqueue(live, async () => {
        await this.o.store.addStep(transfer, followJson);
        this.o.notifier.transfer(transfer, audienceOf(transfer));
      });
    } else if (changedProgress || learnt) {
      const followJson = JSON.stringify(live.followed);
      this.enqueue(live, () => this.o.store.saveFollow(live.followed.id, followJson));
    }
    if (signal.type === "ringing" && signal.targetUniqueId !== null) void this.sendContext(live, signal.targetUniqueId);
  }

  /** Waits until everything decided so far for this transfer is recorded: "record before acting". */
  settled(live: LiveTransfer): Promise<void> {
    return live.chain;
  }

  /** Notes for calls still on their way to this agent: an app that (re)connects gets them again. */
  pendingContexts(agentId: string): CallContext[] {
    return this.registry.all().flatMap((live) => (live.context?.agentId === agentId ? [live.context.context] : []));
  }

  /** What an app that (re)connects should know: this agent's live transfers, and those that ended lately. */
  transfersFor(agentId: string): Transfer[] {
    const concerns = (t: Transfer) => audienceOf(t).includes(agentId);
    return [...this.registry.all().map((live) => live.transfer), ...this.recentlyFinished.values()].filter(concerns);
  }

  /** Reports the first action's outcome into the transfer. */
  started(live: LiveTransfer, outcome: ActionOutcome): void {
    if (outcome !== "done") this.handle(live, { type: "action-failed", action: "start", lost: outcome === "lost" });
  }

  /** Resolves at the next resync, or after `ms` if none comes. */
  private nextResync(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.resyncWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  close(): void {
    for (const live of this.registry.all()) if (live.watchdog) clearTimeout(live.watchdog);
  }

  /** What a signal teaches about the channels to follow. Returns whether the record changed. */
  private learn(live: LiveTransfer, signal: Signal): boolean {
    const { watch } = live.followed;
    const consult = signal.type === "consult-channel" ? [signal.uniqueId] : signal.type === "resynced" ? signal.consult : [];
    const unseen = consult.filter((id) => !watch.consult.includes(id));
    for (const id of unseen) {
      watch.consult.push(id);
      this.registry.watch(live, id);
    }
    if (unseen.length > 0) return true;
    if (signal.type === "ringing" && signal.targetUniqueId !== null && (watch.targetUniqueId === null || signal.viaLocal === true)) {
      watch.targetUniqueId = signal.targetUniqueId;
      watch.targetVia = localSecondHalf(signal.targetChannel ?? null);
      this.registry.watch(live, signal.targetUniqueId);
      return true;
    }
    return false;
  }

  /** Tells the receiving agent who sends the call and why, keyed by the Call-ID its phone sees. */
  private async sendContext(live: LiveTransfer, targetUniqueId: string): Promise<void> {
    const target = this.o.tracker.get(targetUniqueId);
    const receiver = target?.endpoint == null ? undefined : this.o.directory.byExtension(target.endpoint);
    if (target === undefined || receiver === undefined || live.context !== null) return;
    const { transfer } = live;
    const from = this.o.directory.agent(transfer.fromAgentId);
    const context: CallContext = {
      transferId: transfer.id,
      sipCallId: null,
      kind: transfer.kind,
      from: { name: from?.name ?? "", extension: from?.extension ?? null },
      note: transfer.note,
      reason: live.followed.origin.kind === "handoff" ? live.followed.origin.reason : null,
    };
    live.context = { agentId: receiver.id, context };
    context.sipCallId = await this.o.callIds.of(target);
    this.o.notifier.context(receiver.id, context);
  }

  private finish(live: LiveTransfer): void {
    if (live.watchdog) clearTimeout(live.watchdog);
    live.watchdog = null;
    this.registry.remove(live);
    this.recentlyFinished.set(live.transfer.id, live.transfer);
    // Enough for apps that reconnect after a restart or a sleep; not a history.
    while (this.recentlyFinished.size > 500) this.recentlyFinished.delete(this.recentlyFinished.keys().next().value as string);
  }

  /** Publishes the transfer as it is now, in its turn after what was decided before. */
  announce(live: LiveTransfer): void {
    const { transfer } = live;
    this.enqueue(live, async () => this.o.notifier.transfer(transfer, audienceOf(transfer)));
  }

  /**
   * Each task starts on a macrotask of its own: the AMI events of one read decide at once, but what
   * they record and publish waits until the request that just got its reply has sent its response.
   */
  private enqueue(live: LiveTransfer, task: () => Promise<void>): void {
    live.chain = live.chain
      .then(afterIo)
      .then(task)
      .catch((error: unknown) => this.o.log.error({ err: error, transferId: live.followed.id }, "recording a transfer step failed"));
  }

  /** If Asterisk says nothing of a live transfer for a long time, look at its channels again. */
  private armWatchdog(live: LiveTransfer, ms = this.o.watchdogMs): void {
    if (live.watchdog) clearTimeout(live.watchdog);
    live.watchdog = setTimeout(() => {
      live.watchdog = null;
      if (this.registry.get(live.followed.id) === live) this.handle(live, reconcile(this.o.tracker, this.o.directory, live.followed, "watchdog"));
    }, ms);
    live.watchdog.unref();
  }
}

/** Local/<exten>@<context>-<n>;1 rings through its ;2 half: that half's name, or null for any other channel. */
export function localSecondHalf(channel: string | null): string | null {
  const base = channel === null ? undefined : /^(Local\/.+);1$/.exec(channel)?.[1];
  return base === undefined ? null : `${base};2`;
}
