import { chmodSync, chownSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { SIP_AUTHS, SIP_AUTHS_DDL, SIP_REALTIME_OBJECTS, SIP_REALTIME_OBJECTS_DDL } from "@handoff/dialplan";
import BetterSqlite3 from "better-sqlite3";
import { newSecret } from "./secrets";

/**
 * The SQLite file Asterisk reads its PJSIP auths from (realtime, see config/realtime.ts) and the server
 * writes. `up` creates it with one row per extension whose password nobody is given: until someone signs
 * in, no phone can register. Existing rows are kept, so a running server's sign-ins survive an `up`. The
 * benchmark's realtime endpoints and AORs are not: an `up` leaves those tables empty (a benchmark that died
 * before removing its phone leaves no endpoint behind the next `up`).
 */
export type SipAuthDbAccess = { readonly owner: { uid: number; gid: number } } | { readonly anyUserInside: string };

/**
 * `access`: the owner Asterisk runs as (chroot: its uid and gid in the root), or, where that user is not known
 * here (a container), open modes under a parent directory that only root may enter.
 */
export function ensureSipAuthDb(file: string, extensions: readonly string[], access: SipAuthDbAccess): void {
  if ("anyUserInside" in access && (statSync(access.anyUserInside).mode & 0o077) !== 0) {
    throw new Error(`${access.anyUserInside} must be private (0700) to hold ${file}, whose modes are open to the container's asterisk user.`);
  }
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    // Rollback journal, not WAL: Asterisk (its own user) then needs read access to the file alone.
    db.pragma("journal_mode = DELETE");
    db.exec(SIP_AUTHS_DDL);
    for (const ddl of SIP_REALTIME_OBJECTS_DDL) db.exec(ddl);
    for (const table of Object.values(SIP_REALTIME_OBJECTS)) db.exec(`DELETE FROM ${table}`);
    const insert = db.prepare(`INSERT INTO ${SIP_AUTHS.table} (id, auth_type, username, password, handoff_session) VALUES (?, 'userpass', ?, ?, NULL) ON CONFLICT (id) DO NOTHING`);
    for (const extension of extensions) insert.run(extension, extension, newSecret());
    // No auth for a name pjsip.conf has no phone of (a benchmark's, left by a run that died).
    db.prepare(`DELETE FROM ${SIP_AUTHS.table} WHERE id NOT IN (SELECT value FROM json_each(?))`).run(JSON.stringify(extensions));
  } finally {
    db.close();
  }
  // Asterisk opens it as its own user; the server runs as root (or as a member of the group).
  if ("owner" in access) {
    chmodSync(dir, 0o770);
    chmodSync(file, 0o660);
    chownSync(dir, access.owner.uid, access.owner.gid);
    chownSync(file, access.owner.uid, access.owner.gid);
  } else {
    chmodSync(dir, 0o777);
    chmodSync(file, 0o666);
  }
}
