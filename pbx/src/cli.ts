import { rmSync } from "node:fs";
import { writeConnectionFile } from "./connection";
import { DEFAULT_SETTINGS } from "./config/input";
import { renderReachabilityTable } from "./config/reachability";
import { loadDemoData } from "./demo-data";
import { LocalCa } from "./local-ca";
import { LOCAL_SIP_WSS_URL } from "./local-pbx";
import { CONNECTION_FILE } from "./paths";
import type { PbxProvider } from "./provider";
import { chooseProvider } from "./provider-choice";
import { ChrootProvider } from "./providers/chroot";
import { DockerProvider, dockerWorks } from "./providers/docker";
import { EnvProvider } from "./providers/env";

/** npm run pbx:up | pbx:down | pbx:status — see pbx/README.md. `reachability` prints the README's table. */
const USAGE = "usage: tsx pbx/src/cli.ts up|down|status|reachability";

const log = (line: string) => console.log(`pbx: ${line}`);

function provider(): PbxProvider {
  const choice = chooseProvider({ env: process.env, platform: process.platform, uid: process.getuid?.() ?? -1, dockerWorks });
  log(`provider ${choice.name} (${choice.reason})`);
  switch (choice.name) {
    case "env":
      return new EnvProvider();
    case "chroot":
      return new ChrootProvider();
    case "docker":
      return new DockerProvider();
  }
}

async function main(command: string | undefined): Promise<number> {
  const started = Date.now();
  const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  switch (command) {
    case "up": {
      const pbx = provider();
      const connection = await pbx.up(log);
      if (connection.provider !== "env") writeConnectionFile(connection);
      log(`ready in ${seconds()}: AMI ${connection.ami.host}:${connection.ami.port}, SIP ${connection.sipWsUrl}${connection.provider === "env" ? "" : ` and ${LOCAL_SIP_WSS_URL} (CA ${LocalCa.ensure().certFile}); connection written to ${CONNECTION_FILE}`}`);
      return 0;
    }
    case "down": {
      const pbx = provider();
      await pbx.down(log);
      // A stale file would let tests connect to nothing; loadPbxConnection() then says to run pbx:up.
      if (pbx.name !== "env") rmSync(CONNECTION_FILE, { force: true });
      log(`down in ${seconds()}`);
      return 0;
    }
    case "status": {
      const status = await provider().status();
      for (const line of status.lines) log(line);
      log(status.running ? "running" : "not running");
      return 0;
    }
    case "reachability":
      console.log(renderReachabilityTable(loadDemoData(), DEFAULT_SETTINGS.dialPolicy));
      return 0;
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`pbx: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
