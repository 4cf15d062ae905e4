import type { AmiMessage } from "../ami";

/** One agent's membership of one queue, as Asterisk last said. */
export interface QueueMember {
  readonly queue: string;
  /** The dialled interface, `PJSIP/<extension>`. */
  readonly interface: string;
  readonly name: string;
  readonly paused: boolean;
  /** Asterisk's PausedReason; "" when not paused or paused without one. */
  readonly reason: string;
  /** ISO time of the last pause (Asterisk's LastPause), null if never paused. */
  readonly pausedSince: string | null;
  /** ISO time it joined (Asterisk's LoginTime). */
  readonly since: string | null;
  /** Asterisk's device state number of the member's state interface (1 = not in use, 2 = in use, 6 = ringing…). */
  readonly status: number;
  readonly inCall: boolean;
}

export const DEVICE_NOT_IN_USE = 1;
const INTERFACE = /^PJSIP\/(\d+)$/;

export const extensionOf = (iface: string): string | null => INTERFACE.exec(iface)?.[1] ?? null;

function epochToIso(value: string | undefined): string | null {
  const seconds = Number(value ?? 0);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

/** QueueMemberStatus/Added/Pause name it Interface, QueueStatus's QueueMember names it Location. */
function memberOf(event: AmiMessage): QueueMember | null {
  const queue = event.get("Queue");
  const iface = event.get("Interface") ?? event.get("Location");
  if (queue === undefined || iface === undefined) return null;
  const paused = event.get("Paused") === "1";
  return {
    queue,
    interface: iface,
    name: event.get("MemberName") ?? event.get("Name") ?? iface,
    paused,
    reason: paused ? (event.get("PausedReason") ?? "") : "",
    pausedSince: epochToIso(event.get("LastPause")),
    since: epochToIso(event.get("LoginTime")),
    status: Number(event.get("Status") ?? 0),
    inCall: event.get("InCall") === "1",
  };
}

export type MemberChange = { kind: "member"; interface: string } | { kind: "reset" };

const MEMBER_EVENTS = new Set(["QueueMemberAdded", "QueueMemberStatus", "QueueMemberPause", "QueueMemberPenalty", "QueueMemberRinginuse"]);

/**
 * Queue members as Asterisk reports them, indexed by interface: every membership of one agent is one
 * lookup. Learned from QueueMember* events, replaced by QueueStatus after every (re)connect.
 */
export class QueueMembers {
  private readonly byInterface = new Map<string, Map<string, QueueMember>>();
  private readonly byQueue = new Map<string, Map<string, QueueMember>>();
  private readonly listeners = new Set<(change: MemberChange) => void>();

  onChange(listener: (change: MemberChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every queue this interface is a member of, by queue name. */
  of(iface: string): ReadonlyMap<string, QueueMember> {
    return this.byInterface.get(iface) ?? new Map();
  }

  /** Every member of this queue. */
  inQueue(queue: string): QueueMember[] {
    return [...(this.byQueue.get(queue)?.values() ?? [])];
  }

  all(): QueueMember[] {
    return [...this.byInterface.values()].flatMap((queues) => [...queues.values()]);
  }

  apply(event: AmiMessage): void {
    if (event.event === "QueueMemberRemoved") {
      const queue = event.get("Queue");
      const iface = event.get("Interface");
      if (queue === undefined || iface === undefined) return;
      const queues = this.byInterface.get(iface);
      if (queues?.delete(queue) !== true) return;
      if (queues.size === 0) this.byInterface.delete(iface);
      this.byQueue.get(queue)?.delete(iface);
      this.emit({ kind: "member", interface: iface });
      return;
    }
    if (!MEMBER_EVENTS.has(event.event ?? "")) return;
    const member = memberOf(event);
    if (member === null) return;
    this.put(member);
    this.emit({ kind: "member", interface: member.interface });
  }

  /** Replaces the view with QueueStatus' QueueMember events. */
  reset(snapshot: readonly AmiMessage[]): void {
    this.byInterface.clear();
    this.byQueue.clear();
    for (const event of snapshot) {
      if (event.event !== "QueueMember") continue;
      const member = memberOf(event);
      if (member !== null) this.put(member);
    }
    this.emit({ kind: "reset" });
  }

  private put(member: QueueMember): void {
    let queues = this.byInterface.get(member.interface);
    if (queues === undefined) this.byInterface.set(member.interface, (queues = new Map()));
    queues.set(member.queue, member);
    let members = this.byQueue.get(member.queue);
    if (members === undefined) this.byQueue.set(member.queue, (members = new Map()));
    members.set(member.interface, member);
  }

  private emit(change: MemberChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
