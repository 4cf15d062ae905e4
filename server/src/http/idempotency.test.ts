import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../store/database";
import { IdempotencyStore } from "../store/idempotency";
import { refuse } from "../transfers/errors";
import { IdempotentRunner } from "./idempotency";

let db: Db;
let store: IdempotencyStore;
let failures: unknown[];
let runner: IdempotentRunner;

beforeEach(async () => {
  db = await openDatabase({ databaseUrl: undefined, sqlitePath: ":memory:" });
  store = new IdempotencyStore(db);
  failures = [];
  runner = new IdempotentRunner(store, (error) => failures.push(error));
});
afterEach(async () => db.destroy());

const body = { callId: "c1", target: "1002" };
const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

describe("IdempotentRunner", () => {
  it("answers before the key is saved, yet a duplicate in that instant gets the same answer without acting again", async () => {
    let actions = 0;
    const act = async () => ({ statusCode: 202, body: { n: ++actions } });
    const first = await runner.run("a1", "key-0001", body, act);
    // The response is out; the answer is not in the store yet.
    expect(await store.find("a1", "key-0001")).toBeUndefined();
    const duplicate = await runner.run("a1", "key-0001", body, act);
    expect(duplicate).toEqual(first);
    await nextMacrotask();
    expect(await store.find("a1", "key-0001")).toMatchObject({ body: { n: 1 } });
    expect(await runner.run("a1", "key-0001", body, act)).toEqual(first);
    expect(actions).toBe(1);
    expect(failures).toEqual([]);
  });

  it("keeps a refusal as the key's answer, and refuses the key for a different request", async () => {
    const refused = await runner.run("a1", "key-0002", body, () => Promise.reject(refuse("not_found", "There is no live call with that id on your phone.")));
    await nextMacrotask();
    const again = await runner.run("a1", "key-0002", body, () => Promise.resolve({ statusCode: 202, body: {} }));
    expect(refused.statusCode).toBe(404);
    expect(again).toEqual(refused);
    await expect(runner.run("a1", "key-0002", { ...body, target: "1003" }, () => Promise.resolve({ statusCode: 202, body: {} }))).rejects.toThrow(/different request/);
  });
});
