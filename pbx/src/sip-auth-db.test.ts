import { chmodSync, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SIP_REALTIME_ENDPOINT_COLUMNS } from "@handoff/dialplan";
import { ensureSipAuthDb } from "./sip-auth-db";

const me = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
const scratch = () => join(mkdtempSync(join(tmpdir(), "handoff-sip-db-")), "handoff", "sip-auths.sqlite3");
const rows = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare<[], { id: string; auth_type: string; username: string; password: string; handoff_session: string | null }>("SELECT * FROM ps_auths ORDER BY id").all();
  } finally {
    db.close();
  }
};

describe("the realtime auth table pbx:up creates", () => {
  it("has a row per extension with a password nobody is given, so no phone registers before a sign-in", () => {
    const file = scratch();
    ensureSipAuthDb(file, ["1001", "1002"], { owner: me });
    const found = rows(file);
    expect(found.map((r) => [r.id, r.auth_type, r.username, r.handoff_session])).toEqual([["1001", "userpass", "1001", null], ["1002", "userpass", "1002", null]]);
    expect(found[0]?.password).toMatch(/^[0-9a-f]{32}$/);
    expect(found[0]?.password).not.toBe(found[1]?.password);
    expect(statSync(file).mode & 0o777).toBe(0o660);
    expect(statSync(join(file, "..")).mode & 0o777).toBe(0o770);
  });

  it("keeps the rows it finds: a sign-in's password survives another up", () => {
    const file = scratch();
    ensureSipAuthDb(file, ["1001"], { owner: me });
    const db = new BetterSqlite3(file);
    db.prepare("UPDATE ps_auths SET password = 'issued', handoff_session = 's1' WHERE id = '1001'").run();
    db.close();
    ensureSipAuthDb(file, ["1001", "1007"], { owner: me });
    expect(rows(file).map((r) => [r.id, r.handoff_session])).toEqual([["1001", "s1"], ["1007", null]]);
    expect(rows(file)[0]?.password).toBe("issued");
  });

  it("leaves no benchmark's endpoint, AOR or auth behind: up empties their tables", () => {
    const file = scratch();
    ensureSipAuthDb(file, ["1001"], { owner: me });
    const db = new BetterSqlite3(file);
    const endpointColumns = SIP_REALTIME_ENDPOINT_COLUMNS.join(", ");
    db.prepare(`INSERT INTO ps_endpoints (id, ${endpointColumns}) VALUES ('bench', ${SIP_REALTIME_ENDPOINT_COLUMNS.map(() => "'x'").join(", ")})`).run();
    db.prepare("INSERT INTO ps_aors (id, max_contacts, remove_existing) VALUES ('bench', '1', 'yes')").run();
    db.prepare("INSERT INTO ps_auths (id, auth_type, username, password) VALUES ('bench', 'userpass', 'bench', 'known')").run();
    db.close();
    ensureSipAuthDb(file, ["1001"], { owner: me });
    expect(rows(file).map((r) => r.id)).toEqual(["1001"]);
    const after = new BetterSqlite3(file, { readonly: true });
    expect(after.prepare("SELECT count(*) AS n FROM ps_endpoints").get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT count(*) AS n FROM ps_aors").get()).toEqual({ n: 0 });
    after.close();
  });

  it("opens its modes to a container's user only inside a private directory", () => {
    const parent = mkdtempSync(join(tmpdir(), "handoff-sip-db-"));
    const file = join(parent, "docker-sip-auths", "sip-auths.sqlite3");
    chmodSync(parent, 0o755);
    expect(() => ensureSipAuthDb(file, ["1001"], { anyUserInside: parent })).toThrow(/must be private/);
    expect(existsSync(file)).toBe(false);
    chmodSync(parent, 0o700);
    ensureSipAuthDb(file, ["1001"], { anyUserInside: parent });
    expect(statSync(file).mode & 0o777).toBe(0o666);
  });
});
