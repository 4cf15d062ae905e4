import { randomUUID } from "node:crypto";
import type { ExecuteTransferRequest, HandoffRequest, Transfer } from "@handoff/contract";
import type { FastifyBaseLogger } from "fastify";
import type { AmiClient } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import type { ChannelTracker, TrackedChannel } from "../pbx/channel-tracker";
import type { DirectoryAgent, PresenceDirectory } from "../pbx/presence";
import type { SipCallIds } from "../pbx/sip-call-ids";
import { CallerAlreadyMovingError, type StoredLiveTransfer, type TransfersStore } from "../store/transfers";
import { refuse } from "./errors";
import type { LiveTransfer, TransferFollower } from "./follower";
import { initialProgress, type Followed, type Origin, type ResolvedTarget } from "./model";
import { audienceOf, type TransferNotifier } from "./notifier";
import type { PbxActions } from "./pbx-actions";
import type { TransferProbe } from "./probe";
import { resolveTarget, type Destinations } from "./targets";

const CALLER_ALREADY_MOVING = "A transfer of this caller is already in progress. Wait for it to finish or cancel it.";

export interface TransferServiceOptions {
  ami: AmiClient;
  tracker: ChannelTracker;
  callIds: SipCallIds;
  directory: PresenceDirectory;
  store: TransfersStore;
  follower: TransferFollower;
  actions: PbxActions;
  notifier: TransferNotifier;
  log: FastifyBaseLogger;
  /** Queues (name → extension in the transfer context) and trunks to other PBXs. */
  destinations: Destinations;
  /** Dialplan contexts a bot's callers run in (HANDOFF_BOT_CONTEXTS); a bot may hand off no other channel. */
  botContexts?: readonly string[];
  /** How long a request waits for Asterisk's events to catch up with what the app already saw. */
  raceWaitMs?: number;
  now?: () => Date;
  /** Benchmarks' timings and crash-window tests only. */
  probe?: TransferProbe;
}

/**
 * What agents and bots ask of the transfer core: who may move which call,
 * one move per call at a time, and every move recorded before it is made.
 */
export class TransferService {
  /** Channels a request is about to move, held synchronously across its awaits. */
  private readonly claims = new Set<string>();
  private readonly raceWaitMs: number;
  private readonly now: () => Date;

  constructor(private readonly o: TransferServiceOptions) {
    this.raceWaitMs = o.raceWaitMs ?? 2_000;
    this.now = o.now ?? (() => new Date());
  }

  async execute(caller: TokenClaims, request: ExecuteTransferRequest): Promise<Transfer> {
    const requester = this.o.directory.agent(caller.agentId);
    if (requester?.extension == null) throw refuse("not_found", "You have no phone, so you have no call to transfer.");
    this.requirePbx("the call stays with you");
    // The call first: it is what the request is about, and who may move it.
    const channel = await this.ownChannel(requester.extension, request.callId);
    const target = resolveTarget(request.target, requester, this.o.directory, this.o.destinations);
    return this.withClaim(channel, async () => {
      const peer = await this.bridgePeer(channel);
      const origin: Origin = {
        kind: "transfer",
        mode: request.mode,
        sipCallId: request.callId,
        agent: { agentId: requester.id, endpoint: requester.extension ?? "", uniqueId: channel.uniqueId, channel: channel.name, bridgeId: channel.bridgeId ?? "" },
      };
      return this.begin(origin, target, peer, request.note ?? null, requester);
    });
  }

  /** A voice bot hands its caller to a human; should the target fail, the dialplan queues the caller instead. */
  async handoff(bot: TokenClaims, request: HandoffRequest): Promise<Transfer> {
    const requester = this.o.directory.agent(bot.agentId);
    if (requester === undefined) throw refuse("not_found", "This bot account no longer exists.");
    this.requirePbx("keep the caller");
    const target = resolveTarget(request.target, requester, this.o.directory, this.o.destinations);
    // The bot learnt of its channel from Asterisk too, maybe a moment before our event stream did.
    const caller = await this.soon(() => (request.uniqueId !== undefined ? this.o.tracker.get(request.uniqueId) : request.channel === undefined ? undefined : this.o.tracker.named(request.channel)));
    if (caller == null) throw refuse("not_found", "There is no live channel with that name or uniqueid.");
    const isAgentPhone = (channel: TrackedChannel) => channel.endpoint !== null && this.o.directory.byExtension(channel.endpoint) !== undefined;
    if (isAgentPhone(caller) || this.o.tracker.bridgePeers(caller.uniqueId).some(isAgentPhone)) {
      throw refuse("forbidden", "That call is with an agent; a bot can only hand off its own callers.");
    }
    const botContexts = this.o.botContexts ?? ["handoff-bot"];
    if (!botContexts.includes(caller.context)) {
      throw refuse("forbidden", `That channel is not a caller of a bot: it runs in context "${caller.context}", and bots hand off only callers in ${botContexts.join(", ")}.`);
    }
    return this.withClaim(caller, async () => {
      if (caller.hangingUp) throw refuse("conflict", "The caller is hanging up; there is nobody to hand off.");
      const origin: Origin = { kind: "handoff", botId: requester.id, callerChannel: caller.name, reason: request.context.reason };
      return this.begin(origin, target, caller, request.context.summary, requester);
    });
  }

  async complete(caller: TokenClaims, id: string): Promise<Transfer> {
    return this.o.follower.request(await this.ownLive(caller, id, "complete"), { type: "complete", by: caller.agentId });
  }

  async cancel(caller: TokenClaims, id: string): Promise<Transfer> {
    return this.o.follower.request(await this.ownLive(caller, id, "cancel"), { type: "cancel", by: caller.agentId });
  }

  /** Whether this server follows that transfer (with replicas, requests about it are for the one that does). */
  followsHere(id: string): boolean {
    return this.o.follower.get(id) !== undefined;
  }

  /** A transfer as its sender, its receiver or a supervisor may see it. */
  async get(caller: TokenClaims, id: string): Promise<Transfer> {
    const transfer = this.o.follower.get(id)?.transfer ?? (await this.o.store.get(id));
    if (transfer === undefined || !(caller.role === "supervisor" || audienceOf(transfer).includes(caller.agentId))) throw refuse("not_found", "There is no such transfer.");
    return transfer;
  }

  /**
   * After a restart: every transfer the last run left live is followed on from its record.
   * They are settled against Asterisk's channels once the AMI link has rebuilt the view.
   */
  async resume(): Promise<number> {
    return this.followOn(await this.o.store.live(), "after-resync");
  }

  /** Live transfers a dead replica followed (cluster/follower-leases.ts): followed from now on, each settled against the channels now. */
  adopt(rows: readonly StoredLiveTransfer[]): number {
    return this.followOn(rows, "now");
  }

  private followOn(rows: readonly StoredLiveTransfer[], settle: "now" | "after-resync"): number {
    let followed = 0;
    for (const { transfer, followJson } of rows) {
      const state = followJson === null ? null : (JSON.parse(followJson) as Followed);
      if (state === null || this.o.follower.get(transfer.id) !== undefined) continue;
      if (settle === "now") this.o.follower.adopt(state, transfer);
      else this.o.follower.follow(state, transfer);
      followed++;
    }
    return followed;
  }

  private async begin(origin: Origin, target: ResolvedTarget, caller: TrackedChannel, note: string | null, requester: DirectoryAgent): Promise<Transfer> {
    const at = this.now().toISOString();
    const followed: Followed = {
      id: randomUUID(),
      origin,
      target,
      watch: { linkedId: caller.linkedId, callerUniqueId: caller.uniqueId, consult: [], targetUniqueId: null },
      progress: initialProgress(target.agentId),
    };
    const transfer: Transfer = {
      id: followed.id,
      kind: origin.kind,
      callId: origin.kind === "transfer" ? origin.sipCallId : null,
      mode: origin.kind === "transfer" ? origin.mode : "blind",
      target: { kind: target.kind, value: target.value, label: target.label },
      status: "initiated",
      reason: null,
      note,
      fromAgentId: requester.id,
      toAgentId: target.agentId,
      createdAt: at,
      updatedAt: at,
      history: [{ status: "initiated", at, by: requester.id, reason: null }],
    };
    let live: LiveTransfer;
    const channels = origin.kind === "transfer" ? [origin.agent.uniqueId, caller.uniqueId] : [caller.uniqueId];
    for (const id of channels) this.claims.add(id);
    try {
      this.o.probe?.begin(followed.id);
      // Recorded before the action is written: a server that dies in between finds it on restart.
      // The database refuses a second live transfer of this caller, whichever replica asked first.
      await this.o.store.create(transfer, caller.linkedId, JSON.stringify(followed), caller.uniqueId).catch((error: unknown) => {
        throw error instanceof CallerAlreadyMovingError ? refuse("conflict", CALLER_ALREADY_MOVING) : error;
      });
      this.o.probe?.recorded(followed.id);
      live = this.o.follower.follow(followed, transfer);
    } finally {
      for (const id of channels) this.claims.delete(id);
    }
    const outcome = this.o.actions.start(origin, target);
    this.o.probe?.actionWritten(followed.id);
    // First in the transfer's queue, so "initiated" reaches the apps before any step its events decide.
    this.o.follower.announce(live);
    const result = await outcome;
    this.o.probe?.actionReplied(followed.id);
    this.o.follower.started(live, result);
    return live.transfer;
  }

  private requirePbx(keep: string): void {
    if (this.o.ami.state !== "connected") throw refuse("pbx_unavailable", `The PBX is not reachable right now; ${keep} and try again in a moment.`);
  }

  /** The agent's own channel carrying that SIP Call-ID, waiting briefly for one that is just appearing. */
  private async ownChannel(extension: string, sipCallId: string): Promise<TrackedChannel> {
    const find = () => this.o.callIds.find(this.o.tracker.ofEndpoint(extension), sipCallId);
    const channel = (await find()) ?? (await this.soonAsync(find));
    if (channel != null) return channel;
    const others = this.o.tracker.all().filter((c) => c.endpoint !== null && c.endpoint !== extension);
    if ((await this.o.callIds.find(others, sipCallId)) !== undefined) throw refuse("forbidden", "That call belongs to another agent; you can only transfer your own calls.");
    throw refuse("not_found", "There is no live call with that id on your phone. It may have ended.");
  }

  /**
   * The caller bridged with the agent's channel. A phone shows "answered" at its 200 OK and
   * Asterisk bridges the legs a moment later, so a fast click waits for the bridge instead of refusing.
   */
  private async bridgePeer(channel: TrackedChannel): Promise<TrackedChannel> {
    const ending = () => channel.hangingUp || this.o.tracker.get(channel.uniqueId) === undefined;
    const peer = await this.soon(() => (ending() ? null : this.o.tracker.bridgePeers(channel.uniqueId)[0]));
    if (ending()) throw refuse("conflict", "This call is ending; there is nothing to transfer.");
    if (peer == null) throw refuse("conflict", "This call is not connected to a caller right now (still ringing, or on hold elsewhere).");
    if (peer.hangingUp) throw refuse("conflict", "The caller is hanging up; there is nobody to transfer.");
    if (this.isBusy(peer)) throw refuse("conflict", CALLER_ALREADY_MOVING);
    return peer;
  }

  /** Holds the channel against other requests from the first await to the moment the transfer is followed. */
  private async withClaim<T>(channel: TrackedChannel, work: () => Promise<T>): Promise<T> {
    if (this.isBusy(channel)) throw refuse("conflict", "A transfer is already in progress on this call. Wait for it to finish or cancel it.");
    this.claims.add(channel.uniqueId);
    try {
      return await work();
    } finally {
      this.claims.delete(channel.uniqueId);
    }
  }

  private isBusy(channel: TrackedChannel): boolean {
    return this.claims.has(channel.uniqueId) || this.o.follower.holding(channel.uniqueId) !== undefined;
  }

  private async ownLive(caller: TokenClaims, id: string, verb: string): Promise<LiveTransfer> {
    const live = this.o.follower.get(id);
    if (live === undefined) {
      const stored = await this.o.store.get(id);
      if (stored === undefined || !audienceOf(stored).includes(caller.agentId)) throw refuse("not_found", "There is no such transfer.");
      throw refuse("conflict", `This transfer is already ${stored.status}; there is nothing to ${verb}.`);
    }
    if (live.transfer.fromAgentId !== caller.agentId) throw refuse("forbidden", `Only the agent who started this transfer can ${verb} it.`);
    return live;
  }

  /** `probe()` now, or as soon as the channel view changes so that it answers, within the race window; null stops waiting. */
  private soon<T>(probe: () => T | null | undefined): Promise<T | null | undefined> {
    // The usual case answers at once: no timer, no listener.
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return this.soonAsync(() => Promise.resolve(probe()));
  }

  private soonAsync<T>(probe: () => Promise<T | null | undefined>): Promise<T | null | undefined> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (found: T | null | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        off();
        resolve(found);
      };
      const check = () =>
        void probe().then((found) => {
          if (found !== undefined) done(found);
        });
      const timer = setTimeout(() => done(undefined), this.raceWaitMs);
      const off = this.o.tracker.onChange(check);
      check();
    });
  }
}
