import type { QueueFigures } from "@handoff/contract";
import type { AmiMessage } from "../ami";
import type { QueueDayCounts } from "../store/queue-day-totals";
import type { DayOf } from "./center-day";
import { DEVICE_NOT_IN_USE, type QueueMember } from "./members";

interface Today extends QueueDayCounts {
  day: string;
}

export interface QueueFiguresOptions {
  serviceLevelSeconds: number;
  /** The center's calendar day of an instant: "today" starts over when it changes. */
  dayOf: DayOf;
  /** What one event added to a queue's day, to be kept (a restarted server loads it back). */
  counted?: (queue: string, day: string, delta: QueueDayCounts) => void;
}

/**
 * Each queue's callers waiting (by uniqueid, with the time they joined) and today's answered and
 * abandoned calls, from QueueCallerJoin/Leave/Abandon and AgentConnect. The waiting callers are
 * replaced from QueueStatus' QueueEntry list after every (re)connect; today's counts are loaded at
 * start from what earlier runs kept (`load`) and every addition is handed to `counted`.
 */
export class QueueFiguresBook {
  private readonly waiting = new Map<string, Map<string, number>>();
  private readonly today = new Map<string, Today>();

  constructor(
    private readonly queues: readonly string[],
    private readonly o: QueueFiguresOptions,
  ) {
    for (const queue of queues) this.waiting.set(queue, new Map());
  }

  /** The counts kept for `day` (earlier runs of the server), before any event of this run. */
  load(day: string, totals: ReadonlyMap<string, QueueDayCounts>): void {
    for (const [queue, counts] of totals) if (this.waiting.has(queue)) this.today.set(queue, { day, ...counts });
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
        this.add(queue, nowMs, { answered: 0, abandoned: 1, answeredWithinServiceLevel: 0 });
        return queue;
      case "AgentConnect": {
        const within = Number(event.get("HoldTime") ?? Infinity) <= this.o.serviceLevelSeconds ? 1 : 0;
        this.add(queue, nowMs, { answered: 1, abandoned: 0, answeredWithinServiceLevel: within });
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
      answeredWithinServiceLevelToday: today.answeredWithinServiceLevel,
      serviceLevel: offered === 0 ? null : today.answeredWithinServiceLevel / offered,
      at: new Date(nowMs).toISOString(),
    };
  }

  get names(): readonly string[] {
    return this.queues;
  }

  private add(queue: string, nowMs: number, delta: QueueDayCounts): void {
    const today = this.count(queue, nowMs);
    today.answered += delta.answered;
    today.abandoned += delta.abandoned;
    today.answeredWithinServiceLevel += delta.answeredWithinServiceLevel;
    this.o.counted?.(queue, today.day, delta);
  }

  private count(queue: string, nowMs: number): Today {
    const day = this.o.dayOf(nowMs);
    let today = this.today.get(queue);
    if (today === undefined || today.day !== day) this.today.set(queue, (today = { day, answered: 0, abandoned: 0, answeredWithinServiceLevel: 0 }));
    return today;
  }
}
