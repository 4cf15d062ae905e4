import { randomUUID } from "node:crypto";
import type { CallDisposition, SupervisorAction, SupervisorAuditEntry } from "@handoff/contract";
import type { Db } from "./database";

/** What queue work writes: the queue and disposition of a call in history, and the supervisors' audit trail. */
export class QueueWorkStore {
  constructor(private readonly db: Db) {}

  /** Marks the agent's part in a call as taken from a queue (the call row exists from the moment it was bridged). */
  async markQueue(callId: string, queue: string): Promise<void> {
    await this.db.updateTable("calls").set({ queue }).where("id", "=", callId).execute();
  }

  /** The owner of a call in history, or undefined when there is no such call. */
  async ownerOf(callId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom("calls").select("agent_id").where("id", "=", callId).executeTakeFirst();
    return row?.agent_id;
  }

  async dispose(callId: string, disposition: CallDisposition): Promise<void> {
    await this.db
      .updateTable("calls")
      .set({ disposition: disposition.disposition, disposition_note: disposition.note, disposition_by: disposition.by, disposition_at: disposition.at })
      .where("id", "=", callId)
      .execute();
  }

  async audit(entry: { supervisorId: string; action: SupervisorAction; agentId: string; detail: string; at: string }): Promise<string> {
    const id = randomUUID();
    await this.db.insertInto("supervisor_audit").values({ id, at: entry.at, supervisor_id: entry.supervisorId, action: entry.action, agent_id: entry.agentId, detail: entry.detail }).execute();
    return id;
  }

  /** The newest entries first, with both names as they are now. */
  async auditTrail(limit: number): Promise<SupervisorAuditEntry[]> {
    const rows = await this.db
      .selectFrom("supervisor_audit")
      .innerJoin("agents as supervisor", "supervisor.id", "supervisor_audit.supervisor_id")
      .innerJoin("agents as agent", "agent.id", "supervisor_audit.agent_id")
      .select(["supervisor_audit.id", "supervisor_audit.at", "supervisor_audit.supervisor_id", "supervisor.name as supervisor_name", "supervisor_audit.action", "supervisor_audit.agent_id", "agent.name as agent_name", "supervisor_audit.detail"])
      .orderBy("supervisor_audit.at", "desc")
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      supervisorId: row.supervisor_id,
      supervisorName: row.supervisor_name,
      action: row.action as SupervisorAction,
      agentId: row.agent_id,
      agentName: row.agent_name,
      detail: row.detail,
    }));
  }
}
