import type { Transfer } from "@handoff/contract";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, sqliteHotPath, type Db } from "./database";
import { IdempotencyStore } from "./idempotency";
import { TransfersStore } from "./transfers";

const STORE = fileURLToPath(new URL("./", import.meta.url));
const at = "2026-12-02T06:00:00.000Z";
const transfer = (id: string): Transfer => ({
  id,
  kind: "transfer",
  callId: "sip-1",
  mode: "blind",
  target: { kind: "external", value: "0155501234", label: "0155501234" },
  status: "initiated",
  reason: null,
  note: null,
  fromAgentId: "a1",
  toAgentId: null,
  createdAt: at,
  updatedAt: at,
  history: [{ status: "initiated", at, by: "a1", reason: null }],
});
const sqlitePath = () => join(mkdtempSync(join(tmpdir(), "handoff-hot-path-")), "db.sqlite");
const synchronous = async (db: Db) => (await sql<{ synchronous: number }>`pragma synchronous`.execute(db)).rows[0]?.synchronous;

describe("the SQLite hot path", () => {
  let db: Db | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });

  it("commits with synchronous=NORMAL, leaves FULL for every other write, and syncs the WAL after", async () => {
    db = await openDatabase({ databaseUrl: undefined, sqlitePath: sqlitePath() });
    const hot = sqliteHotPath(db);
    expect(hot).toBeDefined();
    await db.insertInto("agents").values({ id: "a1", username: "alice", name: "Alice", extension: "1001", role: "agent", password_hash: "h", chosen_status: "available", created_at: at }).execute();
    expect(await synchronous(db)).toBe(2);
    await new TransfersStore(db).create(transfer("t1"), "linked-1", "{}");
    expect(await synchronous(db)).toBe(2);
    await hot?.durable();
    expect((await new TransfersStore(db).live()).map((t) => t.transfer.id)).toEqual(["t1"]);
  });

  it("takes the Kysely path while someone else's transaction holds the connection, so it never joins it", async () => {
    db = await openDatabase({ databaseUrl: undefined, sqlitePath: sqlitePath() });
    const open = db;
    const keys = new IdempotencyStore(open);
    let saved: Promise<void> | undefined;
    await expect(
      open.transaction().execute(async (trx) => {
        await trx.insertInto("idempotency_keys").values({ agent_id: "a1", key: "k0", request_hash: "h", status_code: 202, response_json: "{}", created_at: at }).execute();
        expect(sqliteHotPath(open)?.available).toBe(false);
        // Queued behind the transaction (Kysely's connection mutex): the rollback below must not take it along.
        saved = keys.save("a1", "k1", { requestHash: "h", statusCode: 202, body: { ok: true } });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await saved;
    expect(await keys.find("a1", "k0")).toBeUndefined();
    expect(await keys.find("a1", "k1")).toEqual({ requestHash: "h", statusCode: 202, body: { ok: true } });
  });

  it("keeps a commit when the process is SIGKILLed the instant after it returns", async () => {
    const path = sqlitePath();
    // The child records a transfer through the hot path, then kills itself before the WAL sync can run.
    const child = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `
        const { openDatabase } = await import(${JSON.stringify(join(STORE, "database.ts"))});
        const { TransfersStore } = await import(${JSON.stringify(join(STORE, "transfers.ts"))});
        const db = await openDatabase({ databaseUrl: undefined, sqlitePath: ${JSON.stringify(path)} });
        await db.insertInto("agents").values({ id: "a1", username: "alice", name: "Alice", extension: "1001", role: "agent", password_hash: "h", chosen_status: "available", created_at: "${at}" }).execute();
        const transfer = ${JSON.stringify(transfer("t-killed"))};
        new TransfersStore(db).create(transfer, "linked-1", '{"followed":true}');
        process.kill(process.pid, "SIGKILL");
        `,
      ],
      { cwd: join(STORE, "..", ".."), encoding: "utf8" },
    );
    expect(child.signal).toBe("SIGKILL");
    db = await openDatabase({ databaseUrl: undefined, sqlitePath: path });
    expect(await new TransfersStore(db).live()).toEqual([{ transfer: transfer("t-killed"), followJson: '{"followed":true}' }]);
  });
});
