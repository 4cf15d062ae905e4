import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SipAuthTable, SipAuthTableError } from "./auth-table";

let file: string;
let table: SipAuthTable;

beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), "handoff-sip-auths-")), "sip-auths.sqlite3");
  new BetterSqlite3(file).close();
  table = new SipAuthTable(file);
});

afterEach(() => table.close());

/** The row as Asterisk's realtime lookup would read it. */
const row = (id: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("SELECT id, auth_type, username, password FROM ps_auths WHERE id = ?").get(id);
  } finally {
    db.close();
  }
};

describe("the realtime ps_auths table", () => {
  it("holds what Asterisk needs for a userpass auth named after the extension", () => {
    table.grant("1001", "s1", "p1");
    expect(row("1001")).toEqual({ id: "1001", auth_type: "userpass", username: "1001", password: "p1" });
    expect(table.holders()).toEqual([{ extension: "1001", sessionId: "s1" }]);
  });

  it("a new grant replaces the password, and the session holding it", () => {
    table.grant("1001", "s1", "p1");
    table.grant("1001", "s2", "p2");
    expect(table.passwordOf("1001")).toBe("p2");
    expect(table.holders()).toEqual([{ extension: "1001", sessionId: "s2" }]);
  });

  it("revokes only what the session still holds: an older session's end leaves the newer sign-in alone", () => {
    table.grant("1001", "s1", "p1");
    table.grant("1001", "s2", "p2");
    expect(table.revoke("s1", "locked-1")).toBeNull();
    expect(table.passwordOf("1001")).toBe("p2");
    expect(table.revoke("s2", "locked-2")).toBe("1001");
    expect(table.passwordOf("1001")).toBe("locked-2");
    expect(table.holders()).toEqual([]);
  });

  it("says which variable to set when the file is not there", () => {
    expect(() => new SipAuthTable(join(file, "..", "missing.sqlite3"))).toThrow(SipAuthTableError);
    expect(() => new SipAuthTable(join(file, "..", "missing.sqlite3"))).toThrow(/HANDOFF_SIP_AUTH_DB/);
  });
});
