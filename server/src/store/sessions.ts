import type { Db } from "./database";
import type { SessionsTable } from "./schema";

export type SessionRow = SessionsTable;

/** Sign-in sessions: the source of truth for which token each one accepts and whether it ended. */
export class SessionsStore {
  constructor(private readonly db: Db) {}

  async create(row: Omit<SessionRow, "revoked_at" | "revoked_reason">): Promise<void> {
    await this.db.insertInto("sessions").values({ ...row, revoked_at: null, revoked_reason: null }).execute();
  }

  byId(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Sessions of an agent that have not ended and are not past their maximum age. */
  async liveOf(agentId: string, now: Date): Promise<string[]> {
    const rows = await this.db
      .selectFrom("sessions")
      .select("id")
      .where("agent_id", "=", agentId)
      .where("revoked_at", "is", null)
      .where("max_expires_at", ">", now.toISOString())
      .execute();
    return rows.map((row) => row.id);
  }

  /** Compare-and-set: true only if the session was live and still accepted `fromJti`, so two renewals of one token cannot both win. */
  async rotate(id: string, fromJti: string, toJti: string): Promise<boolean> {
    const result = await this.db
      .updateTable("sessions")
      .set({ current_jti: toJti })
      .where("id", "=", id)
      .where("current_jti", "=", fromJti)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Ends a session once; a later revoke keeps the first reason. */
  async revoke(id: string, reason: string, at: Date): Promise<void> {
    await this.db.updateTable("sessions").set({ revoked_at: at.toISOString(), revoked_reason: reason }).where("id", "=", id).where("revoked_at", "is", null).execute();
  }
}
