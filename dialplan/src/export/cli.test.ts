import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXPORT_FILES } from "./files";

const cli = (args: string[]) => spawnSync("npx", ["tsx", "dialplan/src/export/cli.ts", ...args], { encoding: "utf8", timeout: 30_000 });

describe("npm run pbx:export", () => {
  it("writes every file, the AMI secret readable by its owner only, and prints the include lines", { timeout: 30_000 }, () => {
    const out = mkdtempSync(join(tmpdir(), "handoff-export-"));
    const run = cli(["--out", out, "--flavor", "freepbx"]);
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(Object.values(EXPORT_FILES).sort());
    expect(statSync(join(out, EXPORT_FILES.manager)).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain("manager_custom.conf (anywhere): #include manager_handoff.conf");
    // A fresh secret per export, never printed.
    const secret = /^secret = (.+)$/m.exec(readFileSync(join(out, EXPORT_FILES.manager), "utf8"))?.[1] ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(run.stdout).not.toContain(secret);
  });

  it("refuses an unknown flavor or a missing --out, and names the usage", { timeout: 30_000 }, () => {
    expect(cli(["--out", tmpdir(), "--flavor", "fusionpbx"]).stderr).toContain("usage: npm run pbx:export");
    expect(cli([]).status).toBe(2);
  });
});
