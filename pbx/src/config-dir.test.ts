import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { syncConfigDir } from "./config-dir";

describe("syncConfigDir", () => {
  it("writes what changed, removes strays, and reports both", () => {
    const dir = mkdtempSync(join(tmpdir(), "handoff-etc-"));
    expect(syncConfigDir(dir, { "a.conf": "A", "b.conf": "B" }, 0o640)).toEqual({ written: ["a.conf", "b.conf"], removed: [] });
    writeFileSync(join(dir, "extensions.ael"), "stale sample");
    expect(syncConfigDir(dir, { "a.conf": "A", "b.conf": "B2" }, 0o640)).toEqual({ written: ["b.conf"], removed: ["extensions.ael"] });
    expect(syncConfigDir(dir, { "a.conf": "A", "b.conf": "B2" }, 0o640)).toEqual({ written: [], removed: [] });
    expect(readdirSync(dir).sort()).toEqual(["a.conf", "b.conf"]);
    expect(readFileSync(join(dir, "b.conf"), "utf8")).toBe("B2");
    expect(statSync(join(dir, "a.conf")).mode & 0o777).toBe(0o640);
  });
});
