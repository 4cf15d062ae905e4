import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPbxConnection, serverEnvOf } from "../../../pbx/src/connection";
import { freePort, testServerEnv, waitHealthy } from "./server-launch";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** The real server as its own process, so a test can SIGKILL it for real and start it again on the same database. */
export interface ServerProcess {
  readonly url: string;
  password(username: string): string;
  /** Resolves with the signal or exit code once the process has ended (a crash test waits for its SIGKILL here). */
  exited(): Promise<string>;
  /** Starts it again on the same port, database and secrets, with these variables changed (undefined removes one). */
  restart(env?: Record<string, string | undefined>): Promise<void>;
  stop(): Promise<void>;
  /** SIGKILL now, as a machine or a process dying would; resolves once it is gone. */
  kill(): Promise<void>;
}

/** The server against the real Asterisk (no proxy), with a fresh SQLite database and the demo agents. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const pbx = loadPbxConnection();
  const dir = mkdtempSync(join(tmpdir(), "handoff-server-process-"));
  const test = testServerEnv(dir);
  const passwordOf = test.passwordOf;
  const port = await freePort();
  let vars: Record<string, string | undefined> = {
    ...process.env,
    HANDOFF_HTTP_PORT: String(port),
    ...serverEnvOf(pbx),
    ...test.env,
    ...env,
  };
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let ended: Promise<string>;
  const launch = async () => {
    child = spawn(process.execPath, ["--import", "tsx", MAIN], { cwd: REPO, env: vars, stdio: ["ignore", "inherit", "inherit"] });
    const proc = child;
    ended = new Promise((resolve) => proc.once("exit", (code, signal) => resolve(signal ?? String(code))));
    await waitHealthy(url, proc);
  };
  await launch();
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    password: passwordOf,
    exited: () => ended,
    async restart(changes = {}) {
      if (running()) throw new Error("the server still runs: stop it or let it crash first");
      vars = { ...vars, ...changes };
      for (const [key, value] of Object.entries(changes)) if (value === undefined) delete vars[key];
      await launch();
    },
    async kill() {
      if (running()) child.kill("SIGKILL");
      await ended;
    },
    async stop() {
      if (running()) {
        child.kill("SIGTERM");
        await ended;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
