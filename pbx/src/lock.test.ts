import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LockTimeoutError, withLock } from "./lock";

const lockFile = () => join(mkdtempSync(join(tmpdir(), "handoff-lock-")), "root.lock");

describe("withLock", () => {
  it("runs one holder at a time", async () => {
    const file = lockFile();
    const order: string[] = [];
    const slow = withLock(file, 5000, () => undefined, async () => {
      order.push("a start");
      await new Promise((done) => setTimeout(done, 100));
      order.push("a end");
    });
    await new Promise((done) => setTimeout(done, 10));
    const waited: number[] = [];
    await withLock(file, 5000, (pid) => waited.push(pid), async () => {
      order.push("b");
    });
    await slow;
    // Same process holds it in this test, which is what withLock reports.
    expect(waited).toEqual([process.pid]);
    expect(order).toEqual(["a start", "a end", "b"]);
  });

  it("takes over a lock whose process is gone", async () => {
    const file = lockFile();
    writeFileSync(file, "999999999");
    await expect(withLock(file, 1000, () => undefined, async () => "ran")).resolves.toBe("ran");
  });

  it("gives up after the wait with a message naming the holder", async () => {
    const file = lockFile();
    writeFileSync(file, String(process.pid));
    await expect(withLock(file, 100, () => undefined, async () => "never")).rejects.toThrow(LockTimeoutError);
  });
});
