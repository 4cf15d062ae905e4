import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { SharedBudget } from "./shared-budget";

/** A Redis whose MULTI answers with the counts given, or fails like a client with no connection. */
function redisAnswering(counts: (number | Error)[]): Redis {
  return {
    multi: () => {
      const chain = {
        incr: () => chain,
        pexpire: () => chain,
        exec: async () => {
          const next = counts.shift();
          if (next instanceof Error) throw next;
          return [[null, next], [null, 1]];
        },
      };
      return chain;
    },
  } as unknown as Redis;
}

describe("SharedBudget", () => {
  it("refuses once the count every replica shares passes the limit", async () => {
    const budget = new SharedBudget(redisAnswering([1, 2, 3]), "login", 2, 60_000, () => undefined);
    expect([await budget.take("k"), await budget.take("k"), await budget.take("k")]).toEqual([true, true, false]);
  });

  it("counts on this replica alone while Redis cannot answer, and says so", async () => {
    const fallbacks: unknown[] = [];
    const down = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    const budget = new SharedBudget(redisAnswering([down, down, down]), "login", 2, 60_000, (error) => fallbacks.push(error));
    expect([await budget.take("k"), await budget.take("k"), await budget.take("k")]).toEqual([true, true, false]);
    expect(fallbacks).toEqual([down, down, down]);
  });
});
