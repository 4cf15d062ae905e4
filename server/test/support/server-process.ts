import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPbxConnection, sipAuthDbOf } from "../../../pbx/src/connection";
import { loadDemoData } from "../../../pbx/src/demo-data";

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
}

/** The server against the real Asterisk (no proxy), with a fresh SQLite database and the demo agents. */
export async function startServerProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  const pbx = loadPbxConnection();
  const dir = mkdtempSync(join(tmpdir(), "handoff-server-process-"));
  const passwordOf = (username: string) => `test-${username}-password`;
  const seed = loadDemoData().users.map((user) => ({
    username: user.username,
    name: user.name,
    extension: user.extension,
    role: user.role,
    password: passwordOf(user.username),
  }));
  writeFileSync(join(dir, "seed.json"), JSON.stringify(seed));
  const port = await freePort();
  let vars: Record<string, string | undefined> = {
    ...process.env,
    HANDOFF_HTTP_PORT: String(port),
    HANDOFF_AMI_HOST: pbx.ami.host,
    HANDOFF_AMI_PORT: String(pbx.ami.port),
    HANDOFF_AMI_USERNAME: pbx.ami.username,
    HANDOFF_AMI_SECRET: pbx.ami.secret,
    HANDOFF_SIP_WS_URL: pbx.sipWsUrl,
    HANDOFF_SIP_DOMAIN: pbx.sipDomain,
    HANDOFF_SIP_AUTH_DB: sipAuthDbOf(pbx),
    HANDOFF_JWT_SECRET: randomBytes(32).toString("hex"),
    HANDOFF_SQLITE_PATH: join(dir, "handoff.sqlite"),
    HANDOFF_SEED_FILE: join(dir, "seed.json"),
    HANDOFF_LOG_LEVEL: process.env.HANDOFF_TEST_LOG_LEVEL ?? "error",
    HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "10000",
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
    async stop() {
      if (running()) {
        child.kill("SIGTERM");
        await ended;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Healthy = the database answers and the AMI link is up. */
async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not become healthy within 60 s");
}
