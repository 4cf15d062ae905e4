import { sqliteHotPath, type Db } from "./database";

/** One queue's counts of one day; also what one event adds to them. */
export interface QueueDayCounts {
  answered: number;
  abandoned: number;
  answeredWithinServiceLevel: number;
}

// The counters are added to, never overwritten: writes that land out of order still sum right.
const ADD =
  "insert into queue_day_totals (queue, day, answered, abandoned, answered_within_service_level) values (@queue, @day, @answered, @abandoned, @answered_within_service_level) " +
  "on conflict (queue, day) do update set answered = answered + excluded.answered, abandoned = abandoned + excluded.abandoned, " +
  "answered_within_service_level = answered_within_service_level + excluded.answered_within_service_level";

/**
 * Each queue's answered and abandoned calls per day, kept so that a restarted server shows the day's
 * counts so far. Written from AMI events: on SQLite through the hot path, so no fsync blocks the loop.
 */
export class QueueDayTotalsStore {
  private readonly hot;

  constructor(private readonly db: Db) {
    this.hot = sqliteHotPath(db);
  }

  async add(queue: string, day: string, delta: QueueDayCounts): Promise<void> {
    const row = { queue, day, answered: delta.answered, abandoned: delta.abandoned, answered_within_service_level: delta.answeredWithinServiceLevel };
    const hot = this.hot;
    if (hot?.available) {
      hot.write(() => hot.statement(ADD).run(row));
      return;
    }
    await this.db
      .insertInto("queue_day_totals")
      .values(row)
      .onConflict((conflict) =>
        conflict.columns(["queue", "day"]).doUpdateSet((eb) => ({
          answered: eb("queue_day_totals.answered", "+", eb.ref("excluded.answered")),
          abandoned: eb("queue_day_totals.abandoned", "+", eb.ref("excluded.abandoned")),
          answered_within_service_level: eb("queue_day_totals.answered_within_service_level", "+", eb.ref("excluded.answered_within_service_level")),
        })),
      )
      .execute();
  }

  /** Every queue's counts of that day (queues with no call that day are absent). */
  async of(day: string): Promise<Map<string, QueueDayCounts>> {
    const rows = await this.db.selectFrom("queue_day_totals").selectAll().where("day", "=", day).execute();
    return new Map(rows.map((row) => [row.queue, { answered: Number(row.answered), abandoned: Number(row.abandoned), answeredWithinServiceLevel: Number(row.answered_within_service_level) }]));
  }
}
