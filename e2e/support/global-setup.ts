import { execFileSync } from "node:child_process";

/** Brings the PBX up if needed (seconds when it already runs), so `playwright test` works alone. */
export default function globalSetup(): void {
  execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "inherit" });
}
