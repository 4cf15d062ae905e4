import type { Db } from "./database";
import type { RememberedSignInsTable } from "./schema";

export type RememberedSignInRow = RememberedSignInsTable;

/** A browser's remembered sign-ins: which cookie generation is live, and for which session. */
export class RememberedSignInsStore {
  constructor(private readonly db: Db) {}

  async create(row: Omit<RememberedSignInRow, "revoked_at" | "revoked_reason">): Promise<void> {
    await this.db.insertInto("remembered_sign_ins").values({ ...row, revoked_at: null, revoked_reason: null }).execute();
  }

  byId(id: string): Promise<RememberedSignInRow | undefined> {
    return this.db.selectFrom("remembered_sign_ins").selectAll().where("id", "=", id).executeTakeFirst();
  }

  bySession(sessionId: string): Promise<RememberedSignInRow | undefined> {
    return this.db.selectFrom("remembered_sign_ins").selectAll().where("session_id", "=", sessionId).executeTakeFirst();
  }

  /** Compare-and-set: true only if it was live at `from`, so one cookie can be exchanged once. */
  async advance(id: string, from: number, to: number, sessionId: string): Promise<boolean> {
    const result = await this.db
      .updateTable("remembered_sign_ins")
      .set({ generation: to, session_id: sessionId })
      .where("id", "=", id)
      .where("generation", "=", from)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Ends it once; a later revoke keeps the first reason. */
  async revoke(id: string, reason: string, at: Date): Promise<void> {
    await this.db.updateTable("remembered_sign_ins").set({ revoked_at: at.toISOString(), revoked_reason: reason }).where("id", "=", id).where("revoked_at", "is", null).execute();
  }
}
