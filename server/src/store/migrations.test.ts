import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database";
import { migrationProvider } from "./migrations";

describe("migrations", () => {
  it("0004 removes the long-lived SIP password an older database kept for each agent", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "handoff-migrate-")), "db.sqlite");
    const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
    expect((await new Migrator({ db: old, provider: migrationProvider }).migrateTo("0003-sessions")).error).toBeUndefined();
    await old.destroy();
    const raw = new BetterSqlite3(file);
    raw.prepare("INSERT INTO agents (id, username, name, extension, role, password_hash, sip_password, created_at) VALUES ('a1', 'alice', 'Alice', '1001', 'agent', 'h', 'long-lived-secret', '2026-11-21T06:00:00Z')").run();
    raw.close();

    const db = await openDatabase({ databaseUrl: undefined, sqlitePath: file });
    await db.destroy();
    const after = new BetterSqlite3(file, { readonly: true });
    const columns = after.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('agents')").all().map((c) => c.name);
    const text = JSON.stringify(after.prepare("SELECT * FROM agents").all());
    after.close();
    expect(columns).not.toContain("sip_password");
    expect(text).toContain("alice");
    expect(text).not.toContain("long-lived-secret");
  });
});
