import type { Transfer } from "@handoff/contract";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgentsStore } from "../src/store/agents";
import { CallsStore } from "../src/store/calls";
import { openDatabase, type Db } from "../src/store/database";
import { IdempotencyStore } from "../src/store/idempotency";
import { QueueDayTotalsStore } from "../src/store/queue-day-totals";
import { QueueWorkStore } from "../src/store/queue-work";
import { TransfersStore } from "../src/store/transfers";
import { startTempPostgres, type TempPostgres } from "./support/postgres";

let postgres: TempPostgres;

beforeAll(async () => {
  postgres = await startTempPostgres();
}, 60_000);

afterAll(() => postgres?.stop());

// The same query layer and migrations must behave the same on both databases.
describe.each([
  ["SQLite", () => ({ databaseUrl: undefined, sqlitePath: join(mkdtempSync(join(tmpdir(), "handoff-sqlite-")), "db.sqlite") })],
  ["PostgreSQL", () => ({ databaseUrl: postgres.url, sqlitePath: "unused" })],
])("the store on %s", (_name, options) => {
  let db: Db;

  beforeAll(async () => {
    db = await openDatabase(options());
    // Opening twice runs migrations once: the second open finds nothing to do.
    await (await openDatabase(options())).destroy();
  });

  afterAll(async () => {
    await db.destroy();
  });

  it("keeps agents, transfers with their audit trail, calls and idempotency keys", async () => {
    const agents = new AgentsStore(db);
    await agents.upsert([
      { id: "a1", username: "alice", name: "Alice", extension: "1001", role: "agent", passwordHash: "h1" },
      { id: "b1", username: "bob", name: "Bob", extension: "1002", role: "agent", passwordHash: "h2" },
    ]);
    await agents.upsert([{ id: "ignored", username: "alice", name: "Alice M.", extension: "1001", role: "agent", passwordHash: "h3" }]);
    await agents.setChosenStatus("a1", "away");
    expect(await agents.byUsername("alice")).toMatchObject({ id: "a1", name: "Alice M.", password_hash: "h3", chosen_status: "away" });
    // Migration 0004: no long-lived SIP password is kept for anyone (each sign-in gets its own).
    expect(await agents.byUsername("alice")).not.toHaveProperty("sip_password");

    const transfers = new TransfersStore(db);
    const id = randomUUID();
    const at = "2026-11-21T06:00:00.000Z";
    const step = (status: Transfer["status"], stepAt: string, by: string | null, reason: string | null) => ({ status, at: stepAt, by, reason });
    const initiated: Transfer = {
      id, kind: "transfer", callId: "sip-1", mode: "blind", target: { kind: "agent", value: "bob", label: "Bob (1002)" },
      status: "initiated", reason: null, note: "VIP\nsecond line ✓", fromAgentId: "a1", toAgentId: "b1", createdAt: at, updatedAt: at,
      history: [step("initiated", at, "a1", null)],
    };
    await transfers.create(initiated, "linked-1", JSON.stringify({ followed: true }));
    expect(await transfers.live()).toEqual([{ transfer: initiated, followJson: JSON.stringify({ followed: true }) }]);
    const ringing = { ...initiated, status: "ringing" as const, history: [...initiated.history, step("ringing", "2026-11-21T06:00:01.000Z", null, null)] };
    await transfers.addStep(ringing, JSON.stringify({ followed: "still" }));
    await transfers.saveFollow(id, JSON.stringify({ followed: "again" }));
    expect((await transfers.live())[0]?.followJson).toBe(JSON.stringify({ followed: "again" }));
    const failed = { ...ringing, status: "failed" as const, reason: "Bob did not answer.", updatedAt: "2026-11-21T06:00:21.000Z", history: [...ringing.history, step("failed", "2026-11-21T06:00:21.000Z", null, "Bob did not answer.")] };
    await transfers.addStep(failed, null);
    const done = await transfers.get(id);
    expect(done?.history.map((h) => [h.status, h.by, h.reason])).toEqual([
      ["initiated", "a1", null],
      ["ringing", null, null],
      ["failed", null, "Bob did not answer."],
    ]);
    expect(done).toMatchObject({ kind: "transfer", callId: "sip-1", status: "failed", reason: "Bob did not answer.", note: "VIP\nsecond line ✓", target: { kind: "agent", label: "Bob (1002)" } });
    expect(await transfers.live()).toEqual([]);

    const calls = new CallsStore(db, transfers);
    await calls.started({ linkedId: "linked-1", agentId: "a1", remote: { name: "Customer", number: "5550100" }, at });
    await calls.started({ linkedId: "linked-1", agentId: "a1", remote: { name: "Again", number: "0" }, at });
    await calls.ended("linked-1", "a1", "2026-11-21T06:01:00.000Z");
    const [call] = await calls.history("a1");
    expect(call).toMatchObject({ remote: { number: "5550100" }, endedAt: "2026-11-21T06:01:00.000Z" });
    expect(call?.transfers.map((t) => t.id)).toEqual([id]);
    expect(await calls.history("b1")).toEqual([]);
    expect(await calls.history(null)).toHaveLength(1);

    // Migration 0006: a call's queue and disposition live with it in history; supervisors' actions are kept.
    const work = new QueueWorkStore(db);
    expect(call?.id).toBe("linked-1:a1");
    expect(await work.ownerOf("linked-1:a1")).toBe("a1");
    expect(await work.ownerOf("nope:a1")).toBeUndefined();
    await work.markQueue("linked-1:a1", "support");
    await work.dispose("linked-1:a1", { disposition: "Resolved", note: "two\nlines ✓", by: "a1", at: "2026-11-21T06:01:30.000Z" });
    expect((await calls.history("a1"))[0]).toMatchObject({ queue: "support", disposition: { disposition: "Resolved", note: "two\nlines ✓", by: "a1", at: "2026-11-21T06:01:30.000Z" } });
    await work.audit({ supervisorId: "b1", action: "pause.end", agentId: "a1", detail: "Lunch", at: "2026-11-21T06:02:00.000Z" });
    await work.audit({ supervisorId: "b1", action: "queues.leave", agentId: "a1", detail: "support", at: "2026-11-21T06:03:00.000Z" });
    expect(await work.auditTrail(10)).toMatchObject([
      { action: "queues.leave", supervisorName: "Bob", agentName: "Alice M.", detail: "support", at: "2026-11-21T06:03:00.000Z" },
      { action: "pause.end", supervisorName: "Bob", agentName: "Alice M.", detail: "Lunch" },
    ]);

    const keys = new IdempotencyStore(db);
    await keys.save("a1", "key-1", { requestHash: "h", statusCode: 202, body: { transfer: { id } } });
    await keys.save("a1", "key-1", { requestHash: "other", statusCode: 500, body: {} });
    expect(await keys.find("a1", "key-1")).toEqual({ requestHash: "h", statusCode: 202, body: { transfer: { id } } });
    expect(await keys.find("b1", "key-1")).toBeUndefined();
  });

  it("keeps each queue's counts per day, adding to them from writers that overlap (migration 0007)", async () => {
    const totals = new QueueDayTotalsStore(db);
    const answered = { answered: 1, abandoned: 0, answeredWithinServiceLevel: 1 };
    const late = { answered: 1, abandoned: 0, answeredWithinServiceLevel: 0 };
    const abandoned = { answered: 0, abandoned: 1, answeredWithinServiceLevel: 0 };
    // Not awaited one by one: AMI events write as they come, and on PostgreSQL they may overlap in the pool.
    await Promise.all([
      ...Array.from({ length: 20 }, () => totals.add("support", "2026-12-03", answered)),
      ...Array.from({ length: 5 }, () => totals.add("support", "2026-12-03", late)),
      ...Array.from({ length: 3 }, () => totals.add("support", "2026-12-03", abandoned)),
      totals.add("sales", "2026-12-03", abandoned),
      totals.add("support", "2026-12-04", answered),
    ]);
    expect(await totals.of("2026-12-03")).toEqual(
      new Map([
        ["support", { answered: 25, abandoned: 3, answeredWithinServiceLevel: 20 }],
        ["sales", { answered: 0, abandoned: 1, answeredWithinServiceLevel: 0 }],
      ]),
    );
    expect(await totals.of("2026-12-04")).toEqual(new Map([["support", answered]]));
    expect(await totals.of("2026-12-05")).toEqual(new Map());
  });
});
