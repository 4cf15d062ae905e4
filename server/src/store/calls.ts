import type { CallRecord } from "@handoff/contract";
import { sqliteHotPath, type Db } from "./database";
import type { CallsTable } from "./schema";
import type { TransfersStore } from "./transfers";

export interface CallStart {
  linkedId: string;
  agentId: string;
  remote: { name: string; number: string };
  at: string;
}

const START = "insert into calls (id, linked_id, agent_id, remote_name, remote_number, started_at, ended_at) values (@id, @linked_id, @agent_id, @remote_name, @remote_number, @started_at, @ended_at) on conflict (id) do nothing";
const END = "update calls set ended_at = @ended_at where id = @id and ended_at is null";

/**
 * Each agent's part in each call, for the history view. Written from AMI events on the
 * event loop, often in the same instant as a transfer (the agent's leg ends as its caller
 * moves): on SQLite through the hot path's statements, so that no fsync blocks the loop.
 */
export class CallsStore {
  private readonly hot;

  constructor(private readonly db: Db, private readonly transfers: TransfersStore) {
    this.hot = sqliteHotPath(db);
  }

  async started(call: CallStart): Promise<void> {
    const row: CallsTable = {
      id: `${call.linkedId}:${call.agentId}`,
      linked_id: call.linkedId,
      agent_id: call.agentId,
      remote_name: call.remote.name,
      remote_number: call.remote.number,
      started_at: call.at,
      ended_at: null,
    };
    const hot = this.hot;
    if (hot?.available) {
      hot.write(() => hot.statement(START).run(row));
      return;
    }
    await this.db
      .insertInto("calls")
      .values(row)
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();
  }

  async ended(linkedId: string, agentId: string, at: string): Promise<void> {
    const id = `${linkedId}:${agentId}`;
    const hot = this.hot;
    if (hot?.available) {
      hot.write(() => hot.statement(END).run({ id, ended_at: at }));
      return;
    }
    await this.db.updateTable("calls").set({ ended_at: at }).where("id", "=", id).where("ended_at", "is", null).execute();
  }

  /** The newest calls first; `agentId` null means everyone's (a supervisor's view). */
  async history(agentId: string | null, limit = 100): Promise<CallRecord[]> {
    let query = this.db.selectFrom("calls").selectAll().orderBy("started_at", "desc").limit(limit);
    if (agentId !== null) query = query.where("agent_id", "=", agentId);
    const rows = await query.execute();
    const transfers = await this.transfers.forCalls([...new Set(rows.map((row) => row.linked_id))]);
    return rows.map((row) => ({
      id: row.id,
      agentId: row.agent_id,
      remote: { name: row.remote_name, number: row.remote_number },
      startedAt: row.started_at,
      endedAt: row.ended_at,
      transfers: transfers.get(row.linked_id) ?? [],
      queue: row.queue ?? null,
      disposition:
        row.disposition === null || row.disposition === undefined
          ? null
          : { disposition: row.disposition, note: row.disposition_note ?? null, by: row.disposition_by ?? "", at: row.disposition_at ?? "" },
    }));
  }
}
