// Type-checks every area against its own tsconfig (each sees only the types it may use).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const areas = ["contract", "client", "client/test", "dialplan", "server", "src", "electron", "pbx", "e2e", "bench", "soak", "scripts", "widget", "bot"];
const failed = [];
for (const area of areas) {
  if (!existsSync(`${area}/tsconfig.json`)) continue;
  const started = Date.now();
  const result = spawnSync("npx", ["--no-install", "tsc", "-p", area], { stdio: "inherit" });
  console.log(`typecheck ${area}: ${result.status === 0 ? "ok" : "FAILED"} (${Date.now() - started} ms)`);
  if (result.status !== 0) failed.push(area);
}
if (failed.length > 0) {
  console.error(`Type errors in: ${failed.join(", ")}`);
  process.exit(1);
}
