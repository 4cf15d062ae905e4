import type { QueueFigures } from "@handoff/contract";
import type { AmiMessage } from "../ami";
import { DEVICE_NOT_IN_USE, type QueueMember } from "./members";

interface Today {
  day: string;
  answered: number;
  abandoned: number;
  withinServiceLevel: number;
}

const localDay = (ms: number) => new Date(ms).toDateString();

/**
 * Each queue's callers waiting (by uniqueid, with the time they joined) and today's answered and
 * abandoned calls, from QueueCallerJoin/Leave/Abandon and AgentConnect. The waiting callers are
 * replaced from QueueStatus' QueueEntry list after every (re)connect; today's counts are this
 * process's own (a restarted server counts from its start).
 */
export class QueueFiguresBook {
  private readonly waiting = new Map<string, Map<string, number>>();
  private readonly today = new Map<string, Today>();

  constructor(
    private readonly queues: readonly string[],
    private readonly serviceLevelSeconds: number,
  ) {
    for (const queue of queues) this.waiting.set(queue, new Map());
  }

  /** The queue the event changed, if any. */
  apply(event: AmiMessage, nowMs: number): string | null {
    const queue = event.get("Queue");
    if (queue === undefined || !this.waiting.has(queue)) return null;
    const uniqueId = event.get("Uniqueid") ?? "";
    switch (event.event) {
      case "QueueCallerJoin":
        this.waiting.get(queue)?.set(uniqueId, nowMs);
        return queue;
      case "QueueCallerLeave":
        return this.waiting.get(queue)?.delete(uniqueId) === true ? queue : null;
      case "QueueCallerAbandon":
        this.count(queue, nowMs).abandoned++;
        return queue;
      case "AgentConnect": {
        const today = this.count(queue, nowMs);
        today.answered++;
        if (Number(event.get("HoldTime") ?? Infinity) <= this.serviceLevelSeconds) today.withinServiceLevel++;
        return queue;
      }
      default:
        return null;
    }
  }

  /** Replaces the waiting callers with QueueStatus' QueueEntry events (Wait is in seconds). */
  reset(snapshot: readonly AmiMessage[], nowMs: number): void {
    for (const callers of this.waiting.values()) callers.clear();
    for (const event of snapshot) {
      if (event.event !== "QueueEntry") continue;
      const callers = this.waiting.get(event.get("Queue") ?? "");
      callers?.set(event.get("Uniqueid") ?? "", nowMs - Number(event.get("Wait") ?? 0) * 1000);
    }
  }

  /** `inQueue`: the members of this queue. */
  figures(queue: string, inQueue: readonly QueueMember[], nowMs: number): QueueFigures {
    const callers = [...(this.waiting.get(queue)?.values() ?? [])];
    const today = this.count(queue, nowMs);
    const offered = today.answered + today.abandoned;
    return {
      queue,
      waiting: callers.length,
      oldestWaitingSince: callers.length === 0 ? null : new Date(Math.min(...callers)).toISOString(),
      signedIn: inQueue.length,
      available: inQueue.filter((member) => !member.paused && member.status === DEVICE_NOT_IN_USE).length,
      paused: inQueue.filter((member) => member.paused).length,
      answeredToday: today.answered,
      abandonedToday: today.abandoned,
      answeredWithinServiceLevelToday: today.withinServiceLevel,
      serviceLevel: offered === 0 ? null : today.withinServiceLevel / offered,
      at: new Date(nowMs).toISOString(),
    };
  }

  get names(): readonly string[] {
    return this.queues;
  }

  private count(queue: string, nowMs: number): Today {
    const day = localDay(nowMs);
    let today = this.today.get(queue);
    if (today === undefined || today.day !== day) this.today.set(queue, (today = { day, answered: 0, abandoned: 0, withinServiceLevel: 0 }));
    return today;
  }
}
