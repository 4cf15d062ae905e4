import { SIP_AUTHS } from "@handoff/dialplan";
import BetterSqlite3 from "better-sqlite3";

/** Opens HANDOFF_SIP_AUTH_DB read-only and looks for the ps_auths table the server writes: nothing is changed. */
export function probeSipAuthDb(file: string): { ok: true } | { ok: false; error: string } {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(SIP_AUTHS.table);
    return table === undefined ? { ok: false, error: `${file} has no ${SIP_AUTHS.table} table` } : { ok: true };
  } catch (error) {
    return { ok: false, error: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    db?.close();
  }
}
