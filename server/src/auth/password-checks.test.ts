import { describe, expect, it } from "vitest";
import { LoginBudget } from "../http/login-budget";
import { PasswordChecks, SignInsBusyError } from "./password-checks";

describe("PasswordChecks", () => {
  it("runs at most `concurrency` checks, queues a few, and refuses the rest at once", async () => {
    const pending: Array<(ok: boolean) => void> = [];
    let running = 0;
    let peak = 0;
    const checks = new PasswordChecks({
      concurrency: 2,
      maxQueued: 2,
      verify: () =>
        new Promise<boolean>((resolve) => {
          running += 1;
          peak = Math.max(peak, running);
          pending.push((ok) => {
            running -= 1;
            resolve(ok);
          });
        }),
    });
    const admitted = [1, 2, 3, 4].map(() => checks.check("hash", "pw"));
    await expect(checks.check("hash", "pw")).rejects.toThrow(SignInsBusyError);
    // An unknown username is refused as busy exactly when a real check would be.
    await expect(checks.check(undefined, "pw")).rejects.toThrow("Too many sign-ins");
    while (pending.length > 0 || running > 0) {
      pending.shift()?.(true);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(admitted)).toEqual([true, true, true, true]);
    expect(peak).toBe(2);
  });

  it("does not hash for an unknown username, and answers false after a real check's time", async () => {
    const waited: number[] = [];
    let verified = 0;
    const checks = new PasswordChecks({ verify: async () => (verified++, false), sleep: async (ms) => void waited.push(ms) });
    expect(await checks.check(undefined, "pw")).toBe(false);
    expect(verified).toBe(0);
    expect(waited).toHaveLength(1);
  });
});

describe("LoginBudget", () => {
  it("allows max attempts per key per window", () => {
    const clock = { now: 0 };
    const budget = new LoginBudget(2, 60_000, () => clock.now);
    expect([budget.take("a"), budget.take("a"), budget.take("a"), budget.take("b")]).toEqual([true, true, false, true]);
    clock.now = 60_000;
    expect(budget.take("a")).toBe(true);
  });
});
