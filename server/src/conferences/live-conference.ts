import type { Conference, ConferenceParticipant, ConferenceStatus } from "@handoff/contract";
import { checkConferenceTransition } from "./status";

/** Someone moved into a conference: their channel, and how the participant list shows them. */
export interface Joiner {
  uniqueId: string;
  channel: string;
  agentId: string | null;
  name: string;
  number: string;
}

/**
 * One conference as the server follows it: the published object and the channels behind its participants.
 * Pure bookkeeping (the clock is passed in); every change returns whether it changed anything worth publishing.
 */
export class LiveConference {
  private readonly channels = new Map<string, string>();

  constructor(
    readonly conference: Conference,
    /** The dialplan extension of its room, and ConfBridge's name for it. */
    readonly room: string,
    readonly bridgeName: string,
    private readonly now: () => Date,
  ) {}

  static open(id: string, host: string, room: string, bridgeName: string, joiners: readonly Joiner[], now: () => Date): LiveConference {
    const at = now().toISOString();
    const conference: Conference = {
      id,
      status: "merging",
      reason: null,
      hostAgentId: host,
      participants: [],
      createdAt: at,
      updatedAt: at,
      history: [{ status: "merging", at, by: host, reason: `merging ${joiners.map((j) => j.name || j.number).join(", ")}` }],
    };
    const live = new LiveConference(conference, room, bridgeName, now);
    for (const joiner of joiners) live.add(joiner);
    return live;
  }

  add(joiner: Joiner): void {
    this.channels.set(joiner.uniqueId, joiner.channel);
    this.conference.participants.push({ id: joiner.uniqueId, agentId: joiner.agentId, name: joiner.name, number: joiner.number, state: "joining", talking: false });
  }

  /** The same person on another channel (a Local pair optimized away). */
  replace(oldId: string, joiner: Joiner): void {
    const index = this.conference.participants.findIndex((p) => p.id === oldId);
    if (index < 0) return;
    this.channels.delete(oldId);
    this.channels.set(joiner.uniqueId, joiner.channel);
    this.conference.participants[index] = { id: joiner.uniqueId, agentId: joiner.agentId, name: joiner.name, number: joiner.number, state: "joining", talking: false };
  }

  participant(id: string): ConferenceParticipant | undefined {
    return this.conference.participants.find((p) => p.id === id);
  }

  channelOf(id: string): string | undefined {
    return this.channels.get(id);
  }

  /** Participants not gone: in the room or on their way there. */
  present(): ConferenceParticipant[] {
    return this.conference.participants.filter((p) => p.state !== "left");
  }

  /** The agents it concerns: every agent who was ever in it sees how it goes on. */
  audience(): string[] {
    return [...new Set([this.conference.hostAgentId, ...this.conference.participants.flatMap((p) => (p.agentId === null ? [] : [p.agentId]))])];
  }

  joined(id: string): boolean {
    const p = this.participant(id);
    if (p === undefined || p.state !== "joining") return false;
    p.state = "in";
    if (this.conference.status === "merging" && this.conference.participants.every((q) => q.state !== "joining")) this.move("active", null, null);
    else this.touch();
    return true;
  }

  /** The participant's channel left the room or hung up. */
  left(id: string, by: string | null, reason: string): boolean {
    const p = this.participant(id);
    if (p === undefined || p.state === "left") return false;
    p.state = "left";
    p.talking = false;
    this.log(by, reason);
    // The host role passes to the agent who joined last (the one consulted), so someone can still drop or end it.
    if (p.agentId === this.conference.hostAgentId) {
      const next = this.present().reverse().find((q) => q.agentId !== null);
      if (next?.agentId != null) this.conference.hostAgentId = next.agentId;
    }
    if (this.conference.status === "merging" && this.present().every((q) => q.state === "in") && this.present().length > 0) this.move("active", null, null);
    return true;
  }

  talking(id: string, on: boolean): boolean {
    const p = this.participant(id);
    if (p === undefined || p.state !== "in" || p.talking === on) return false;
    p.talking = on;
    this.touch();
    return true;
  }

  move(status: ConferenceStatus, reason: string | null, by: string | null): void {
    this.conference.status = checkConferenceTransition(this.conference.status, status);
    this.conference.reason = reason;
    this.log(by, reason, status);
  }

  private log(by: string | null, reason: string | null, status: ConferenceStatus = this.conference.status): void {
    const at = this.touch();
    this.conference.history.push({ status, at, by, reason });
  }

  private touch(): string {
    const at = this.now().toISOString();
    this.conference.updatedAt = at;
    return at;
  }
}
