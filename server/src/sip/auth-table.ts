import { SIP_AUTHS, SIP_AUTHS_DDL } from "@handoff/dialplan";
import BetterSqlite3 from "better-sqlite3";

export class SipAuthTableError extends Error {
  override readonly name = "SipAuthTableError";
  constructor(file: string, cause: unknown) {
    super(
      `Cannot open the SIP auth table ${file} (${cause instanceof Error ? cause.message : String(cause)}). It is the SQLite file Asterisk reads PJSIP auths from (realtime): set HANDOFF_SIP_AUTH_DB to it ("npm run pbx:up" creates it and names it in var/pbx/connection.json).`,
      { cause },
    );
  }
}

export interface SipAuthHolder {
  extension: string;
  sessionId: string;
}

/**
 * The realtime `ps_auths` table Asterisk checks every REGISTER and INVITE against (no cache: a row written
 * here counts for the next request). One row per extension; `handoff_session` names the session holding it.
 * Writes are single statements, so each is atomic against Asterisk's reads and another server's writes.
 */
export class SipAuthTable {
  private readonly db: BetterSqlite3.Database;
  private readonly grantStatement: BetterSqlite3.Statement<[string, string, string, string | null]>;
  private readonly revokeStatement: BetterSqlite3.Statement<[string, string], { id: string }>;

  constructor(file: string) {
    try {
      this.db = new BetterSqlite3(file, { fileMustExist: true });
      // Asterisk reads with its own connection: wait for its short read locks rather than fail.
      this.db.pragma("busy_timeout = 2000");
      this.db.exec(SIP_AUTHS_DDL);
    } catch (error) {
      throw new SipAuthTableError(file, error);
    }
    const table = SIP_AUTHS.table;
    this.grantStatement = this.db.prepare(
      `INSERT INTO ${table} (id, auth_type, username, password, handoff_session) VALUES (?, 'userpass', ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET auth_type = 'userpass', username = excluded.username, password = excluded.password, handoff_session = excluded.handoff_session`,
    );
    this.revokeStatement = this.db.prepare(`UPDATE ${table} SET password = ?, handoff_session = NULL WHERE handoff_session = ? RETURNING id`);
  }

  /** The extension's password is now `password`, held by the session: any earlier one stops working at once. */
  grant(extension: string, sessionId: string, password: string): void {
    this.grantStatement.run(extension, extension, password, sessionId);
  }

  /**
   * Overwrites the password the session holds with `lockedPassword` (given to nobody); the extension, or
   * null if the session holds none (a newer sign-in has the extension already, or it never had one).
   */
  revoke(sessionId: string, lockedPassword: string): string | null {
    return this.revokeStatement.get(lockedPassword, sessionId)?.id ?? null;
  }

  /** The extension's password is now `lockedPassword` (given to nobody), whoever held it. */
  lock(extension: string, lockedPassword: string): void {
    this.grantStatement.run(extension, extension, lockedPassword, null);
  }

  holders(): SipAuthHolder[] {
    return this.db
      .prepare<[], { id: string; handoff_session: string }>(`SELECT id, handoff_session FROM ${SIP_AUTHS.table} WHERE handoff_session IS NOT NULL ORDER BY id`)
      .all()
      .map((row) => ({ extension: row.id, sessionId: row.handoff_session }));
  }

  /** What Asterisk would check a digest against now (tests). */
  passwordOf(extension: string): string | null {
    return this.db.prepare<[string], { password: string }>(`SELECT password FROM ${SIP_AUTHS.table} WHERE id = ?`).get(extension)?.password ?? null;
  }

  close(): void {
    this.db.close();
  }
}
