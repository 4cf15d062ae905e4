import { chmodSync, chownSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { SIP_AUTHS, SIP_AUTHS_DDL } from "@handoff/dialplan";
import BetterSqlite3 from "better-sqlite3";
import { newSecret } from "./secrets";

/**
 * The SQLite file Asterisk reads its PJSIP auths from (realtime, see config/realtime.ts) and the server
 * writes. `up` creates it with one row per extension whose password nobody is given: until someone signs
 * in, no phone can register. Existing rows are kept, so a running server's sign-ins survive an `up`.
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
    const insert = db.prepare(`INSERT INTO ${SIP_AUTHS.table} (id, auth_type, username, password, handoff_session) VALUES (?, 'userpass', ?, ?, NULL) ON CONFLICT (id) DO NOTHING`);
    for (const extension of extensions) insert.run(extension, extension, newSecret());
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
