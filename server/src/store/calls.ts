import type { CallRecord } from "@handoff/contract";
import type { Db } from "./database";
import type { TransfersStore } from "./transfers";

export interface CallStart {
  linkedId: string;
  agentId: string;
  remote: { name: string; number: string };
  at: string;
}

/** Each agent's part in each call, for the history view. */
export class CallsStore {
  constructor(private readonly db: Db, private readonly transfers: TransfersStore) {}

  async started(call: CallStart): Promise<void> {
    await this.db
      .insertInto("calls")
      .values({
        id: `${call.linkedId}:${call.agentId}`,
        linked_id: call.linkedId,
        agent_id: call.agentId,
        remote_name: call.remote.name,
        remote_number: call.remote.number,
        started_at: call.at,
        ended_at: null,
      })
      .onConflict((conflict) => conflict.column("id").doNothing())
      .execute();
  }

  async ended(linkedId: string, agentId: string, at: string): Promise<void> {
    await this.db.updateTable("calls").set({ ended_at: at }).where("id", "=", `${linkedId}:${agentId}`).where("ended_at", "is", null).execute();
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
    }));
  }
}
