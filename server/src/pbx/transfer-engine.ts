import { randomUUID } from "node:crypto";
import type { CallContext, ExecuteTransferRequest, HandoffRequest, Transfer, TransferMode, TransferStatus } from "@handoff/contract";
import type { FastifyBaseLogger } from "fastify";
import { AmiActionError, type AmiClient, type AmiMessage } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import { HttpError } from "../http/http-error";
import type { TransfersStore } from "../store/transfers";
import type { ChannelTracker, TrackedChannel } from "./channel-tracker";
import { failureReason } from "./failure-reasons";
import type { DirectoryAgent, PresenceDirectory } from "./presence";
import type { SipCallIds } from "./sip-call-ids";
import { checkTransferTransition, isFinal } from "./transfer-status";
import { resolveTarget } from "./transfer-targets";

export interface TransferEngineOptions {
  ami: AmiClient;
  tracker: ChannelTracker;
  callIds: SipCallIds;
  directory: PresenceDirectory;
  store: TransfersStore;
  log: FastifyBaseLogger;
  /** The dialplan context transfers land in. */
  context: string;
  ringSeconds: number;
  /** Queue name → its extension in the transfer context. */
  queues: ReadonlyMap<string, string>;
  publishTransfer(transfer: Transfer, agentIds: readonly string[]): void;
  publishContext(agentId: string, context: CallContext): void;
  now?: () => Date;
}

interface TransferStart {
  sipCallId: string;
  mode: TransferMode;
  target: { kind: Transfer["target"]["kind"]; value: string };
  label: string;
  exten: string;
  note: string | null;
  reason: string | null;
  from: DirectoryAgent;
  toAgentId: string | null;
  linkedId: string;
  agentUniqueId: string;
  agentChannel: string;
  callerUniqueId: string;
  originalBridgeId: string;
}

/** What the engine follows of one transfer while it is not final. */
interface LiveTransfer {
  transfer: Transfer;
  /** An agent's transfer, or a bot's handoff (no agent channel; the caller is redirected). */
  kind: "transfer" | "handoff";
  agentUniqueId: string;
  agentChannel: string;
  callerUniqueId: string;
  /** The bridge agent and caller shared when the transfer began: an attended transfer returns there. */
  originalBridgeId: string;
  linkedId: string;
  exten: string;
  fromName: string;
  /** Attended: the Local channel pair that carries the consultation. */
  consultIds: Set<string>;
  targetUniqueId: string | null;
  cancelRequested: boolean;
  /** Who asked to complete an attended transfer: the audit trail names them on "completed". */
  completedBy: string | null;
  /** The note or summary sent to the receiving agent, kept to resend if their app reconnects while it rings. */
  context: { agentId: string; context: CallContext } | null;
  watchdog: NodeJS.Timeout | null;
  /** Events for one transfer are handled one after another, in Asterisk's order. */
  queue: Promise<void>;
}

const FAILED_EVENT = "HandoffTransferFailed";
/** Set on a redirected caller: the dialplan's fallback extension if the target fails (pbx/src/config/extensions.ts). */
const FALLBACK_VARIABLE = "HANDOFF_FALLBACK";

/**
 * Moves calls for agents over AMI and follows each move to its end from
 * Asterisk's own events, never from an action's reply. The caller is never
 * left alone: every failure path ends with the caller back at the agent.
 */
export class TransferEngine {
  private readonly live = new Map<string, LiveTransfer>();
  private readonly claimed = new Set<string>();
  private readonly now: () => Date;

  constructor(private readonly o: TransferEngineOptions) {
    this.now = o.now ?? (() => new Date());
    o.ami.onEvent((event) => this.onEvent(event));
  }

  async execute(caller: TokenClaims, request: ExecuteTransferRequest): Promise<Transfer> {
    const requester = this.o.directory.agent(caller.agentId);
    if (requester?.extension == null) throw new HttpError("not_found", "You have no phone, so you have no call to transfer.");
    if (this.o.ami.state !== "connected") throw new HttpError("pbx_unavailable", "The PBX is not reachable right now; the call stays with you. Try again in a moment.");

    const channel = await this.o.callIds.find(this.o.tracker.ofEndpoint(requester.extension), request.callId);
    if (channel === undefined) {
      const others = this.o.tracker.all().filter((c) => c.endpoint !== null && c.endpoint !== requester.extension);
      if ((await this.o.callIds.find(others, request.callId)) !== undefined) {
        throw new HttpError("forbidden", "That call belongs to another agent; you can only transfer your own calls.");
      }
      throw new HttpError("not_found", "There is no live call with that id on your phone. It may have ended.");
    }
    const release = this.claim(channel.uniqueId, "A transfer is already in progress on this call. Wait for it to finish or cancel it.");
    let live: LiveTransfer;
    try {
      const target = resolveTarget(request.target, requester, this.o.directory, this.o.queues);
      const peer = await this.bridgePeer(channel.uniqueId);
      if (peer === undefined || channel.bridgeId === null) {
        throw new HttpError("conflict", "This call is not connected to a caller right now (still ringing, or already moving).");
      }
      live = await this.begin({
        sipCallId: request.callId,
        mode: request.mode,
        target: request.target,
        label: target.label,
        exten: target.exten,
        note: request.note ?? null,
        reason: null,
        from: requester,
        toAgentId: target.agent?.id ?? null,
        linkedId: channel.linkedId,
        agentUniqueId: channel.uniqueId,
        agentChannel: channel.name,
        callerUniqueId: peer.uniqueId,
        originalBridgeId: channel.bridgeId,
      });
    } finally {
      release();
    }

    const action = request.mode === "blind" ? "BlindTransfer" : "Atxfer";
    // Atxfer collects the number like dialled digits: "#" ends it at once, where an
    // open-ended external pattern would otherwise wait for more.
    const exten = action === "Atxfer" && request.target.kind === "external" ? `${live.exten}#` : live.exten;
    // The action is written first (send() writes synchronously); the apps hear "initiated" right
    // after, still before any event of this transfer can be handled, so the order they see holds.
    const sent = this.o.ami.send(action, { Channel: channel.name, Exten: exten, Context: this.o.context });
    this.publish(live.transfer);
    try {
      await sent;
    } catch (error) {
      await this.serial(live, () =>
        error instanceof AmiActionError
          ? // Refused before anything moved: the caller is still with the agent.
            this.move(live, "failed", null, `The PBX refused the transfer: ${error.reply}. The caller is still with you.`)
          : this.move(live, "unknown", null, "Lost contact with the PBX while transferring; checking where the caller is."),
      );
    }
    return live.transfer;
  }

  /**
   * A voice bot hands its caller to a human. The caller's channel is moved
   * with Redirect; should the target fail, the dialplan sends the caller to
   * the first queue instead of hanging up.
   */
  async handoff(bot: TokenClaims, request: HandoffRequest): Promise<Transfer> {
    const requester = this.o.directory.agent(bot.agentId);
    if (requester === undefined) throw new HttpError("unauthenticated", "This bot account no longer exists.");
    if (this.o.ami.state !== "connected") throw new HttpError("pbx_unavailable", "The PBX is not reachable right now; keep the caller and try again in a moment.");
    // The bot learnt of its channel from Asterisk too, maybe a moment before our event stream did.
    const caller = await this.channelSoon((c) => (request.uniqueId !== undefined ? c.uniqueId === request.uniqueId : c.name === request.channel));
    if (caller === undefined) throw new HttpError("not_found", "There is no live channel with that name or uniqueid.");
    const isAgentPhone = (endpoint: string | null) => endpoint !== null && this.o.directory.byExtension(endpoint) !== undefined;
    if (isAgentPhone(caller.endpoint) || this.o.tracker.bridgePeers(caller.uniqueId).some((peer) => isAgentPhone(peer.endpoint))) {
      throw new HttpError("forbidden", "That call is with an agent; a bot can only hand off its own callers.");
    }
    const release = this.claim(caller.uniqueId, "A handoff of this caller is already in progress.");
    let live: LiveTransfer;
    let fallback: string | undefined;
    try {
      const target = resolveTarget(request.target, requester, this.o.directory, this.o.queues);
      fallback = [...this.o.queues.values()].find((exten) => exten !== target.exten);
      live = await this.begin({
        sipCallId: caller.uniqueId,
        mode: "blind",
        target: request.target,
        label: target.label,
        exten: target.exten,
        note: request.context.summary,
        reason: request.context.reason,
        from: requester,
        toAgentId: target.agent?.id ?? null,
        linkedId: caller.linkedId,
        agentUniqueId: "",
        agentChannel: "",
        callerUniqueId: caller.uniqueId,
        originalBridgeId: "",
      });
    } finally {
      release();
    }
    this.publish(live.transfer);
    try {
      if (fallback !== undefined) await this.o.ami.send("Setvar", { Channel: caller.name, Variable: FALLBACK_VARIABLE, Value: fallback });
      await this.o.ami.send("Redirect", { Channel: caller.name, Exten: live.exten, Context: this.o.context, Priority: 1 });
    } catch (error) {
      await this.serial(live, () =>
        error instanceof AmiActionError
          ? this.move(live, "failed", null, `The PBX refused the handoff: ${error.reply}. The caller is still with the bot.`)
          : this.move(live, "unknown", null, "Lost contact with the PBX during the handoff; checking where the caller is."),
      );
    }
    return live.transfer;
  }

  async complete(caller: TokenClaims, id: string): Promise<Transfer> {
    const live = this.ownLive(caller, id, "complete");
    if (live.transfer.status !== "ringing" && live.transfer.status !== "answered") {
      throw new HttpError("conflict", `The transfer is ${live.transfer.status}; it can be completed once the target rings or answers.`);
    }
    // There is no "complete" action: the transferer leaving completes an attended transfer.
    live.completedBy = caller.agentId;
    await this.sendOrExplain("Hangup", { Channel: live.agentChannel });
    return live.transfer;
  }

  async cancel(caller: TokenClaims, id: string): Promise<Transfer> {
    const live = this.ownLive(caller, id, "cancel");
    live.cancelRequested = true;
    await this.sendOrExplain("CancelAtxfer", { Channel: live.agentChannel });
    return live.transfer;
  }

  /** A transfer as its sender, its receiver or a supervisor may see it. */
  async get(caller: TokenClaims, id: string): Promise<Transfer> {
    const transfer = this.live.get(id)?.transfer ?? (await this.o.store.get(id));
    if (transfer === undefined || !this.mayView(caller, transfer)) throw new HttpError("not_found", "There is no such transfer.");
    return transfer;
  }

  /**
   * Transfers a previous run of the server left unfinished cannot be followed:
   * the channels they watched are not on record. Say so instead of leaving them "ringing".
   */
  async markOrphans(): Promise<void> {
    for (const transfer of await this.o.store.live()) {
      if (this.live.has(transfer.id) || transfer.status === "unknown") continue;
      await this.o.store.addStep(transfer.id, "unknown", this.now().toISOString(), null, "The server restarted during this transfer; check where the caller is.");
    }
  }

  /** After a reconnect: every live transfer is checked against Asterisk's rebuilt channel list. */
  async reconcile(): Promise<void> {
    await Promise.all([...this.live.values()].map((live) => this.serial(live, () => this.reconcileOne(live))));
  }

  /** The link dropped: what was in flight can no longer be followed until the resync. */
  async linkLost(): Promise<void> {
    await Promise.all(
      [...this.live.values()].map((live) =>
        this.serial(live, () => this.move(live, "unknown", null, "Lost contact with the PBX; the transfer's outcome will be checked when it is back.")),
      ),
    );
  }

  /**
   * The caller bridged with the agent's channel. A phone shows "answered" at its
   * 200 OK and Asterisk bridges the legs a moment later, so a fast click waits briefly.
   */
  private async bridgePeer(uniqueId: string): Promise<TrackedChannel | undefined> {
    const now = this.o.tracker.bridgePeers(uniqueId)[0];
    if (now !== undefined || this.o.tracker.get(uniqueId)?.state !== "Up") return now;
    return this.soon(() => this.o.tracker.bridgePeers(uniqueId)[0]);
  }

  private channelSoon(match: (channel: TrackedChannel) => boolean): Promise<TrackedChannel | undefined> {
    return this.soon(() => this.o.tracker.all().find(match));
  }

  /** `probe()` now, or as soon as the channel view changes so that it answers, within a second. */
  private soon<T>(probe: () => T | undefined, waitMs = 1_000): Promise<T | undefined> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), waitMs);
      const off = this.o.tracker.onChange(() => {
        const found = probe();
        if (found !== undefined) done(found);
      });
      function done(found: T | undefined) {
        clearTimeout(timer);
        off();
        resolve(found);
      }
    });
  }

  /**
   * Marks a channel as being moved, synchronously, so two requests racing
   * through the awaits before begin() cannot both act on one call.
   */
  private claim(uniqueId: string, conflict: string): () => void {
    const busy = this.claimed.has(uniqueId) || [...this.live.values()].some((l) => l.agentUniqueId === uniqueId || l.callerUniqueId === uniqueId);
    if (busy) throw new HttpError("conflict", conflict);
    this.claimed.add(uniqueId);
    return () => this.claimed.delete(uniqueId);
  }

  /** Records a new transfer and starts following it, before any action is written. */
  private async begin(start: TransferStart): Promise<LiveTransfer> {
    const at = this.now().toISOString();
    const transfer = await this.o.store.create({
      id: randomUUID(),
      call_id: start.linkedId,
      sip_call_id: start.sipCallId,
      mode: start.mode,
      target_kind: start.target.kind,
      target_value: start.target.value,
      target_label: start.label,
      status: "initiated",
      reason: start.reason,
      note: start.note,
      from_agent_id: start.from.id,
      to_agent_id: start.toAgentId,
      created_at: at,
      updated_at: at,
    });
    const live: LiveTransfer = {
      transfer,
      kind: start.agentUniqueId === "" ? "handoff" : "transfer",
      agentUniqueId: start.agentUniqueId,
      agentChannel: start.agentChannel,
      callerUniqueId: start.callerUniqueId,
      originalBridgeId: start.originalBridgeId,
      linkedId: start.linkedId,
      exten: start.exten,
      fromName: start.from.name,
      consultIds: new Set(),
      targetUniqueId: null,
      cancelRequested: false,
      completedBy: null,
      context: null,
      watchdog: null,
      queue: Promise.resolve(),
    };
    // Followed before the action is written: Asterisk's events can beat its reply.
    this.live.set(transfer.id, live);
    this.armWatchdog(live);
    return live;
  }

  private ownLive(caller: TokenClaims, id: string, verb: string): LiveTransfer {
    const live = this.live.get(id);
    if (live === undefined) throw new HttpError("conflict", `This transfer is not in progress, so there is nothing to ${verb}.`);
    if (live.transfer.fromAgentId !== caller.agentId) throw new HttpError("forbidden", `Only the agent who started this transfer can ${verb} it.`);
    if (live.transfer.mode !== "attended") throw new HttpError("conflict", `Only an attended transfer can be told to ${verb}.`);
    return live;
  }

  private mayView(caller: TokenClaims, transfer: Transfer): boolean {
    return caller.role === "supervisor" || transfer.fromAgentId === caller.agentId || transfer.toAgentId === caller.agentId;
  }

  private async sendOrExplain(action: string, fields: Record<string, string>): Promise<void> {
    try {
      await this.o.ami.send(action, fields);
    } catch (error) {
      if (error instanceof AmiActionError) throw new HttpError("conflict", `The PBX refused: ${error.reply}.`);
      throw new HttpError("pbx_unavailable", "The PBX did not answer; the transfer is unchanged. Try again in a moment.");
    }
  }

  private onEvent(event: AmiMessage): void {
    if (this.live.size === 0) return;
    for (const live of [...this.live.values()]) void this.serial(live, () => this.follow(live, event));
  }

  private serial(live: LiveTransfer, task: () => Promise<void>): Promise<void> {
    live.queue = live.queue.then(task).catch((error: unknown) => this.o.log.error({ err: error, transferId: live.transfer.id }, "following a transfer failed"));
    return live.queue;
  }

  private async follow(live: LiveTransfer, e: AmiMessage): Promise<void> {
    const isAttended = live.transfer.mode === "attended";
    // Fields are read inside each case: an event no case follows is never parsed.
    const isConsult = (uniqueId: string | undefined) => uniqueId !== undefined && live.consultIds.has(uniqueId);
    switch (e.event) {
      case "BlindTransfer":
        if (e.get("TransfererUniqueid") === live.agentUniqueId && e.get("Result") !== "Success") {
          await this.move(live, "failed", null, `The PBX refused the transfer (${e.get("Result") ?? "no reason"}). The caller is still with you.`);
        }
        return;
      case "Newchannel": {
        // Atxfer dials Local/<exten>@<context> on the agent's behalf: that pair is the consultation.
        const uniqueId = e.get("Uniqueid");
        if (isAttended && e.get("Linkedid") === live.linkedId && e.get("Channel")?.startsWith(`Local/${live.exten}@${this.o.context}-`) && uniqueId) {
          live.consultIds.add(uniqueId);
        }
        return;
      }
      case "DialBegin": {
        const uniqueId = e.get("Uniqueid");
        const fromCaller = !isAttended && uniqueId === live.callerUniqueId;
        const fromConsult = isAttended && isConsult(uniqueId);
        const destUniqueId = e.get("DestUniqueid");
        if ((fromCaller || fromConsult) && destUniqueId) {
          live.targetUniqueId ??= destUniqueId;
          await this.sendContext(live, destUniqueId);
          if (live.transfer.status === "initiated") await this.move(live, "ringing", null, null);
        }
        return;
      }
      case "QueueCallerJoin":
        if (e.get("Uniqueid") === live.callerUniqueId && live.transfer.status === "initiated") await this.move(live, "ringing", null, null);
        return;
      case "DialEnd":
        if (isAttended && isConsult(e.get("Uniqueid")) && e.get("DialStatus") === "ANSWER") {
          await this.move(live, "answered", null, null);
        }
        return;
      case "UserEvent": {
        const uniqueId = e.get("Uniqueid");
        if (e.get("UserEvent") === FAILED_EVENT && (uniqueId === live.callerUniqueId || isConsult(uniqueId))) {
          const back =
            live.kind === "handoff"
              ? e.get("Fallback")
                ? "The caller now waits in the queue."
                : "The caller could not be placed."
              : isAttended
                ? "The caller is back with you."
                : "The caller is ringing back at your phone.";
          await this.move(live, "failed", null, `${failureReason(e.get("DialStatus") ?? "", live.transfer.target.label, this.o.ringSeconds)} ${back}`);
        }
        return;
      }
      case "AttendedTransfer":
        if (e.get("OrigTransfererChannel") === live.agentChannel || e.get("SecondTransfererChannel") === live.agentChannel) {
          if (e.get("Result") === "Success") await this.move(live, "completed", live.completedBy, null);
          else await this.move(live, "failed", null, `The PBX could not join the caller and ${live.transfer.target.label} (${e.get("Result") ?? "no reason"}). The caller is back with you.`);
        }
        return;
      case "BridgeEnter":
        await this.onBridgeEnter(live, e);
        return;
      case "Hangup":
        if (e.get("Uniqueid") === live.callerUniqueId) await this.move(live, "failed", null, "The caller hung up before the transfer completed.");
        return;
      default:
        return;
    }
  }

  private async onBridgeEnter(live: LiveTransfer, e: AmiMessage): Promise<void> {
    const uniqueId = e.get("Uniqueid");
    if (live.transfer.mode === "attended") {
      // The agent back in the bridge it shared with the caller: the consultation is over without a transfer.
      if (uniqueId === live.agentUniqueId && e.get("BridgeUniqueid") === live.originalBridgeId && live.consultIds.size > 0) {
        if (live.cancelRequested) await this.move(live, "cancelled", live.transfer.fromAgentId, "Cancelled: the caller is back with you.");
        else await this.move(live, "failed", null, `${live.transfer.target.label} did not take the call. The caller is back with you.`);
      }
      return;
    }
    // Blind: done once the caller shares a bridge with someone other than the agent who sent it.
    if (uniqueId !== live.callerUniqueId && uniqueId !== live.targetUniqueId) return;
    const peers = this.o.tracker.bridgePeers(live.callerUniqueId).filter((p) => p.uniqueId !== live.agentUniqueId);
    const answered = peers[0];
    if (answered === undefined) return;
    live.targetUniqueId = answered.uniqueId;
    const receiver = answered.endpoint === null ? undefined : this.o.directory.byExtension(answered.endpoint);
    if (receiver !== undefined && live.transfer.toAgentId !== receiver.id) {
      await this.o.store.setTargetAgent(live.transfer.id, receiver.id);
      live.transfer = { ...live.transfer, toAgentId: receiver.id };
    }
    await this.move(live, "completed", null, null);
  }

  /** Tells the receiving agent who sends the call and why, keyed by the Call-ID its phone sees. */
  private async sendContext(live: LiveTransfer, targetUniqueId: string): Promise<void> {
    const target = this.o.tracker.get(targetUniqueId);
    const receiver = target?.endpoint == null ? undefined : this.o.directory.byExtension(target.endpoint);
    if (target === undefined || receiver === undefined || live.context !== null) return;
    const from = this.o.directory.agent(live.transfer.fromAgentId);
    const context: CallContext = {
      transferId: live.transfer.id,
      sipCallId: await this.o.callIds.of(target),
      kind: live.kind,
      from: { name: live.fromName, extension: from?.extension ?? null },
      note: live.transfer.note,
      reason: live.kind === "handoff" ? live.transfer.reason : null,
    };
    live.context = { agentId: receiver.id, context };
    this.o.publishContext(receiver.id, context);
  }

  /** Notes for calls still on their way to this agent: an app that (re)connects gets them again. */
  pendingContexts(agentId: string): CallContext[] {
    return [...this.live.values()].flatMap((live) => (live.context?.agentId === agentId ? [live.context.context] : []));
  }

  private async reconcileOne(live: LiveTransfer): Promise<void> {
    const caller = this.o.tracker.get(live.callerUniqueId);
    if (caller === undefined) {
      await this.move(live, "failed", null, "The call ended while the PBX was out of reach.");
      return;
    }
    const peers = this.o.tracker.bridgePeers(caller.uniqueId);
    if (peers.some((p) => p.uniqueId === live.agentUniqueId)) {
      await this.move(live, live.cancelRequested ? "cancelled" : "failed", null, "The caller is with you: the transfer did not happen.");
    } else if (peers.length > 0 && !(live.transfer.mode === "attended" && this.o.tracker.get(live.agentUniqueId) !== undefined)) {
      await this.move(live, "completed", null, null);
    }
    // Otherwise the caller is still on the way (ringing, queued, on hold): events will finish it.
  }

  private async move(live: LiveTransfer, status: TransferStatus, by: string | null, reason: string | null): Promise<void> {
    if (live.transfer.status === status || isFinal(live.transfer.status)) return;
    checkTransferTransition(live.transfer.status, status);
    live.transfer = await this.o.store.addStep(live.transfer.id, status, this.now().toISOString(), by, reason);
    if (isFinal(status)) {
      if (live.watchdog) clearTimeout(live.watchdog);
      this.live.delete(live.transfer.id);
    }
    this.o.log.info({ transferId: live.transfer.id, status, reason }, "transfer status");
    this.publish(live.transfer);
  }

  /** If Asterisk goes quiet past every dialplan timeout, ask it where the caller is. */
  private armWatchdog(live: LiveTransfer): void {
    live.watchdog = setTimeout(() => {
      void this.serial(live, async () => {
        await this.reconcileOne(live);
        if (this.live.has(live.transfer.id)) await this.move(live, "unknown", null, "The PBX has not confirmed the transfer; watching for its outcome.");
      });
    }, (this.o.ringSeconds * 2 + 15) * 1000);
    live.watchdog.unref();
  }

  private publish(transfer: Transfer): void {
    const audience = [transfer.fromAgentId, ...(transfer.toAgentId === null ? [] : [transfer.toAgentId])];
    this.o.publishTransfer(transfer, audience);
  }
}
