import { randomInt, randomUUID } from "node:crypto";
import { MAX_CONFERENCE_PARTICIPANTS, type Conference, type MergeConferenceRequest } from "@handoff/contract";
import { conferenceBridgeName } from "@handoff/dialplan";
import type { FastifyBaseLogger } from "fastify";
import type { AmiClient, AmiMessage } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import type { ChannelTracker, TrackedChannel } from "../pbx/channel-tracker";
import type { PresenceDirectory } from "../pbx/presence";
import type { SipCallIds } from "../pbx/sip-call-ids";
import { refuse } from "../transfers/errors";
import type { TransferFollower } from "../transfers/follower";
import type { ConferenceActions } from "./conference-actions";
import { LiveConference, type Joiner } from "./live-conference";
import { isLive } from "./status";

/** How long the three-way bridge is left to deliver its unhold before anyone is moved on (see merge). */
const UNHOLD_SETTLE_MS = 400;

export interface ConferenceServiceOptions {
  ami: AmiClient;
  tracker: ChannelTracker;
  callIds: SipCallIds;
  directory: PresenceDirectory;
  transfers: TransferFollower;
  actions: ConferenceActions;
  publish: (conference: Conference, agentIds: readonly string[]) => void;
  log: FastifyBaseLogger;
  /** How long a merge waits for Asterisk to show the three-way bridge. */
  settleMs?: number;
  now?: () => Date;
}

/**
 * Conferences: an agent merges their attended consultation (caller, agent, consulted party) into a ConfBridge
 * room, then leaves, drops someone, or ends it. The server moves channels with Redirect and ConfbridgeKick
 * only; ConfBridge's own events say who is in the room and who talks.
 */
export class ConferenceService {
  private readonly live = new Map<string, LiveConference>();
  private readonly byChannel = new Map<string, LiveConference>();
  private readonly byBridge = new Map<string, LiveConference>();
  private readonly settleMs: number;
  private readonly now: () => Date;

  constructor(private readonly o: ConferenceServiceOptions) {
    this.settleMs = o.settleMs ?? 3_000;
    this.now = o.now ?? (() => new Date());
  }

  /** Merges the agent's call (`callId`) with its attended consultation into a new conference. */
  async merge(caller: TokenClaims, request: MergeConferenceRequest): Promise<Conference> {
    const agent = this.o.directory.agent(caller.agentId);
    if (agent?.extension == null) throw refuse("not_found", "You have no phone, so you have no call to merge.");
    if (this.o.ami.state !== "connected") throw refuse("pbx_unavailable", "The PBX is not reachable right now; your calls stay as they are. Try again in a moment.");
    const agentLeg = await this.o.callIds.find(this.o.tracker.ofEndpoint(agent.extension), request.callId);
    if (agentLeg === undefined) throw refuse("not_found", "There is no live call with that id on your phone. It may have ended.");
    if (this.byChannel.has(agentLeg.uniqueId)) throw refuse("conflict", "This call is already in a conference.");
    const transfer = this.o.transfers.holding(agentLeg.uniqueId);
    if (transfer === undefined || transfer.followed.origin.kind !== "transfer" || transfer.followed.origin.mode !== "attended") {
      throw refuse("conflict", "There is no consultation to merge: start an attended transfer (Shift+A), and merge once the other person answers.");
    }
    if (transfer.transfer.fromAgentId !== agent.id) throw refuse("forbidden", "Only the agent who started this consultation can merge it.");
    if (transfer.transfer.status !== "answered") throw refuse("conflict", `Merge once ${transfer.followed.target.label} has answered the consultation.`);
    const callerLeg = this.o.tracker.get(transfer.followed.watch.callerUniqueId);
    const consulted = this.o.tracker.bridgePeers(agentLeg.uniqueId)[0];
    if (callerLeg === undefined || callerLeg.hangingUp) throw refuse("conflict", "The caller has hung up; there is nobody to merge.");
    if (consulted === undefined || consulted.hangingUp) throw refuse("conflict", `${transfer.followed.target.label} is no longer on the consultation.`);
    for (const leg of [callerLeg, consulted]) if (this.byChannel.has(leg.uniqueId)) throw refuse("conflict", "Someone on this call is already in a conference.");

    const room = this.freeRoom();
    const conference = LiveConference.open(randomUUID(), agent.id, room, conferenceBridgeName(room), [this.joiner(callerLeg), this.joiner(agentLeg), this.joiner(consulted, true)], this.now);
    // Claimed before the first await: a second merge, or a drop, sees it at once.
    this.hold(conference);
    this.o.log.info({ conference: conference.conference.id, agentId: agent.id, caller: callerLeg.name, consulted: consulted.name }, "merging a consultation into a conference");
    this.publish(conference);
    try {
      await this.o.actions.threeWay(agentLeg.name);
      // Until Asterisk shows one bridge, nobody moves: if it never does, the consultation is as it was.
      if ((await this.threeInOneBridge(callerLeg.uniqueId, agentLeg.uniqueId)) === null) {
        return this.failed(conference, "The PBX did not join the three of you. The consultation is unchanged: complete, cancel or try again.");
      }
      // The three-way bridge takes the caller off hold by a frame it queues to them; a Redirect before it is
      // read loses it, and a caller reached through a Local channel would stay on hold (silent) in the room.
      await new Promise((resolve) => setTimeout(resolve, UNHOLD_SETTLE_MS));
      // Who is there now: a Local channel pair of the consultation may have been optimized away meanwhile.
      const third = await this.threeInOneBridge(callerLeg.uniqueId, agentLeg.uniqueId);
      if (third === null) return this.failed(conference, "The call changed while the conference was set up. You are still on the call with the caller.");
      if (third.uniqueId !== consulted.uniqueId) this.swap(conference, consulted.uniqueId, third);
      await this.o.actions.moveIn(room, callerLeg.name, third.name);
    } catch (error) {
      this.o.log.warn({ err: error, conference: conference.conference.id }, "a conference merge was refused");
      // Refused before anyone moved, or after the three-way bridge: either way the caller is still with the agent.
      return this.failed(conference, "The PBX could not start the conference. You are still on the call with the caller.");
    }
    // The caller and consulted party are on their way in: the agent follows. Gone by now, the two talk on.
    await this.o.actions.moveIn(room, agentLeg.name).catch((error: unknown) => this.o.log.warn({ err: error }, "the merging agent could not be moved into the conference"));
    return conference.conference;
  }

  async leave(caller: TokenClaims, id: string): Promise<Conference> {
    const conference = this.ownLive(caller, id);
    const me = conference.present().find((p) => p.agentId === caller.agentId);
    if (me === undefined) throw refuse("conflict", "You already left this conference.");
    await this.kick(conference, me.id);
    return conference.conference;
  }

  async drop(caller: TokenClaims, id: string, participantId: string): Promise<Conference> {
    const conference = this.ownLive(caller, id);
    if (conference.conference.hostAgentId !== caller.agentId) throw refuse("forbidden", "Only the agent who runs this conference can drop someone from it.");
    const target = conference.participant(participantId);
    if (target === undefined) throw refuse("not_found", "There is nobody with that id in this conference.");
    if (target.agentId === caller.agentId) throw refuse("unprocessable", "To leave the conference yourself, use Leave.");
    if (target.state === "left") throw refuse("conflict", `${target.name || target.number} has already left.`);
    await this.kick(conference, target.id);
    return conference.conference;
  }

  async end(caller: TokenClaims, id: string): Promise<Conference> {
    const conference = this.ownLive(caller, id);
    if (conference.conference.hostAgentId !== caller.agentId) throw refuse("forbidden", "Only the agent who runs this conference can end it for everyone.");
    if (conference.conference.status !== "active") throw refuse("conflict", "The conference is still being set up; end it once everyone is in.");
    try {
      await this.o.actions.kick(conference.bridgeName, "all");
    } catch {
      throw refuse("conflict", "The PBX could not end the conference: it may have just ended.");
    }
    return conference.conference;
  }

  /** A conference as someone in it (now or before) or a supervisor may see it. */
  get(caller: TokenClaims, id: string): Conference {
    const conference = this.live.get(id);
    if (conference === undefined || !(caller.role === "supervisor" || conference.audience().includes(caller.agentId))) throw refuse("not_found", "There is no such conference.");
    return conference.conference;
  }

  /** The live conferences an agent is in, for an app that (re)connects. */
  conferencesFor(agentId: string): Conference[] {
    return [...this.live.values()].filter((c) => c.present().some((p) => p.agentId === agentId)).map((c) => c.conference);
  }

  /** Feeds one AMI event, after the channel tracker has applied it: only events of a room or a participant reach a conference. */
  onEvent(event: AmiMessage): void {
    switch (event.event) {
      case "ConfbridgeJoin":
      case "ConfbridgeLeave":
      case "ConfbridgeTalking": {
        const conference = this.byBridge.get(event.get("Conference") ?? "");
        const uniqueId = event.get("Uniqueid") ?? "";
        if (conference === undefined) return;
        const changed =
          event.event === "ConfbridgeJoin"
            ? conference.joined(uniqueId)
            : event.event === "ConfbridgeTalking"
              ? conference.talking(uniqueId, event.get("TalkingStatus") === "on")
              : conference.left(uniqueId, null, `${this.nameOf(conference, uniqueId)} left`);
        if (changed) this.settle(conference);
        return;
      }
      case "Hangup": {
        const uniqueId = event.get("Uniqueid") ?? "";
        const conference = this.byChannel.get(uniqueId);
        if (conference !== undefined && conference.left(uniqueId, null, `${this.nameOf(conference, uniqueId)} hung up`)) this.settle(conference);
        return;
      }
      default:
        return;
    }
  }

  private async kick(conference: LiveConference, participantId: string): Promise<void> {
    const channel = conference.channelOf(participantId);
    const participant = conference.participant(participantId);
    if (channel === undefined || participant?.state !== "in") throw refuse("conflict", "They are still joining; try again in a moment.");
    try {
      await this.o.actions.kick(conference.bridgeName, channel);
    } catch {
      throw refuse("conflict", `The PBX could not take ${participant.name || participant.number} out: they may have just left.`);
    }
  }

  /** After a change: fewer than two people left means the call is over for the last one too. */
  private settle(conference: LiveConference): void {
    const present = conference.present();
    if (conference.conference.status === "active" && present.length < 2) {
      if (present.length === 1) void this.o.actions.kick(conference.bridgeName, "all").catch(() => undefined);
      conference.move("ended", present.length === 1 ? "Everyone else left." : "Everyone left.", null);
    } else if (conference.conference.status === "merging" && present.length === 0) {
      conference.move("ended", "Everyone hung up while the conference was set up.", null);
    }
    this.publish(conference);
    if (!isLive(conference.conference.status)) this.release(conference);
  }

  private failed(conference: LiveConference, reason: string): Conference {
    conference.move("failed", reason, null);
    this.publish(conference);
    this.release(conference);
    return conference.conference;
  }

  private ownLive(caller: TokenClaims, id: string): LiveConference {
    const conference = this.live.get(id);
    if (conference === undefined) throw refuse("not_found", "There is no such conference (it may have ended).");
    if (!conference.audience().includes(caller.agentId)) throw refuse("forbidden", "That conference is not yours: only the agents in it can act on it.");
    return conference;
  }

  /** The third party once the caller's bridge holds the agent and one other, within the settle time; null if it never does. */
  private threeInOneBridge(callerId: string, agentId: string): Promise<TrackedChannel | null> {
    const third = () => {
      const peers = this.o.tracker.bridgePeers(callerId);
      return peers.some((c) => c.uniqueId === agentId) ? (peers.find((c) => c.uniqueId !== agentId) ?? null) : null;
    };
    const now = third();
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve) => {
      const done = (result: TrackedChannel | null) => {
        clearTimeout(timer);
        off();
        resolve(result);
      };
      const timer = setTimeout(() => done(null), this.settleMs);
      const off = this.o.tracker.onChange(() => {
        const found = third();
        if (found !== null) done(found);
      });
    });
  }

  private swap(conference: LiveConference, oldId: string, channel: TrackedChannel): void {
    conference.replace(oldId, this.joiner(channel, true));
    if (this.byChannel.get(oldId) === conference) this.byChannel.delete(oldId);
    this.byChannel.set(channel.uniqueId, conference);
  }

  /** How a participant is listed; `consulted`: the party the agent dialled, maybe behind a Local pair (the caller is who they said they were). */
  private joiner(channel: TrackedChannel, consulted = false): Joiner {
    const agent = consulted ? this.agentBehind(channel) : channel.endpoint === null ? undefined : this.o.directory.byExtension(channel.endpoint);
    if (agent !== undefined) return { uniqueId: channel.uniqueId, channel: channel.name, agentId: agent.id, name: agent.name, number: agent.extension ?? "" };
    return { uniqueId: channel.uniqueId, channel: channel.name, agentId: null, name: channel.callerId.name, number: channel.callerId.number };
  }

  /** The agent whose phone the channel is, directly or through the Local pair a consultation dialled. */
  private agentBehind(channel: TrackedChannel) {
    if (channel.endpoint !== null) return this.o.directory.byExtension(channel.endpoint);
    const partner = this.o.tracker.localPartner(channel.uniqueId);
    const phone = partner === undefined ? undefined : this.o.tracker.bridgePeers(partner.uniqueId).find((c) => c.endpoint !== null);
    return phone?.endpoint == null ? undefined : this.o.directory.byExtension(phone.endpoint);
  }

  private nameOf(conference: LiveConference, uniqueId: string): string {
    const p = conference.participant(uniqueId);
    return p === undefined ? "someone" : p.name || p.number;
  }

  /** A room number no live conference uses. */
  private freeRoom(): string {
    for (;;) {
      const room = String(randomInt(10_000_000, 100_000_000));
      if (!this.byBridge.has(conferenceBridgeName(room))) return room;
    }
  }

  private hold(conference: LiveConference): void {
    if (conference.conference.participants.length > MAX_CONFERENCE_PARTICIPANTS) throw refuse("unprocessable", `A conference holds at most ${MAX_CONFERENCE_PARTICIPANTS} people.`);
    this.live.set(conference.conference.id, conference);
    this.byBridge.set(conference.bridgeName, conference);
    for (const p of conference.conference.participants) this.byChannel.set(p.id, conference);
  }

  private release(conference: LiveConference): void {
    this.live.delete(conference.conference.id);
    this.byBridge.delete(conference.bridgeName);
    for (const p of conference.conference.participants) if (this.byChannel.get(p.id) === conference) this.byChannel.delete(p.id);
  }

  private publish(conference: LiveConference): void {
    this.o.publish(structuredClone(conference.conference), conference.audience());
  }
}
