import { execFileSync } from "node:child_process";
import { removeRemoteSite } from "../../pbx/src/remote-site";
import { removeMediaNamespace } from "./media-namespace";

/** Brings the PBX up if needed (seconds when it already runs), so `playwright test` works alone. */
export default async function globalSetup(): Promise<void> {
  // Before the PBX's config is generated: a left-behind veth would be one of the host's addresses.
  removeMediaNamespace();
  await removeRemoteSite();
  execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "inherit" });
}
