/**
 * The real server in its own process, against the running PBX, with a fresh
 * database and secrets made for this run. Its own process so that its CPU time
 * and RSS are its own, not the benchmark's (and so that the soak can SIGKILL it
 * and start it again on the same port, database and secrets).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SipConfig } from "@handoff/contract";
import { loadPbxConnection, serverEnvOf } from "../../pbx/src/connection";
import { loadDemoData } from "../../pbx/src/demo-data";
import type { GcPause, RequestTiming } from "../../server/src/http/request-timings";
import { cpuMsOf, rssBytesOf } from "./proc";
import { freePort, waitHealthy, writeDemoSeed } from "../../server/test/support/server-launch";

const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Set by `bench/run.ts --baseline-root DIR`: benchmarks that compare servers run that checkout's beside this one's. */
export const BASELINE_ROOT_VARIABLE = "HANDOFF_BENCH_BASELINE_ROOT";

/** The checkout a benchmark measures as its before-the-change server, if one was named. */
export function baselineRootFromEnv(): { baselineRoot?: string } {
  const root = process.env[BASELINE_ROOT_VARIABLE];
  return root === undefined || root === "" ? {} : { baselineRoot: root };
}

export interface ServerProcess {
  readonly url: string;
  /** The running process's pid; a restart() changes it. */
  readonly pid: number;
  /** The secret tokens are signed with, for a benchmark that needs many signed-in clients without many logins. */
  readonly jwtSecret: string;
  /** Its SQLite database, where such a benchmark records the sessions of the tokens it signs. */
  readonly sqlitePath: string;
  /** Signs in; `sip` is the phone's credential for this sign-in only (null for a user without a phone). */
  login(username: string): Promise<{ token: string; agentId: string; sip: SipConfig | null }>;
  /** The seeded password of a user, for a benchmark that signs in through the apps' own client. */
  passwordOf(username: string): string;
  /** CPU time (user + system) the process has used so far, in ms. These throw once it has exited. */
  cpuMs(): number;
  rssBytes(): number;
  /** The server's own timings of each transfer request so far (with `timings: true`; empty otherwise). */
  timings(): RequestTiming[];
  /** The server's garbage-collection pauses so far (with `timings: true`), to join to the requests they fell in. */
  gcPauses(): GcPause["gc"][];
  /** SIGKILL, as a crash would: nothing is closed, the database and port stay for restart(). */
  kill(): Promise<void>;
  /** Starts the server again on the same port, database and secrets (a restart mid-shift); resolves when healthy. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  /** Where the server's AMI link goes instead of the PBX, e.g. a recording proxy in front of it. */
  readonly ami?: { readonly host: string; readonly port: number };
  /** More server variables (HANDOFF_TRANSFER_RING_SECONDS, …), over the defaults here. */
  readonly env?: Readonly<Record<string, string>>;
  /** A checkout whose server/src/main.ts runs instead of this one's (the soak runs an older commit this way). */
  readonly root?: string;
  /** A file the server's output is appended to, instead of this process's stdout and stderr. */
  readonly logFile?: string;
  /** Have the server time each transfer request inside itself (HANDOFF_TIMINGS_FILE), read back with timings(). */
  readonly timings?: boolean;
  /**
   * Where to write a V8 CPU profile of the server (node --cpu-prof), one file per process, written at a clean stop.
   * Default: $HANDOFF_BENCH_CPU_PROF_DIR, so any benchmark can be profiled without a code change.
   */
  readonly cpuProfileDir?: string;
}

export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const pbx = loadPbxConnection();
  const demo = loadDemoData();
  const dir = mkdtempSync(join(tmpdir(), "handoff-bench-server-"));
  const { seedFile, passwordOf } = writeDemoSeed(dir, "bench");
  const port = await freePort();
  const jwtSecret = randomBytes(32).toString("hex");
  const timingsFile = join(dir, "timings.jsonl");
  const env = {
    ...process.env,
    HANDOFF_HTTP_PORT: String(port),
    ...serverEnvOf(pbx, options.ami),
    HANDOFF_JWT_SECRET: jwtSecret,
    HANDOFF_SQLITE_PATH: join(dir, "handoff.sqlite"),
    HANDOFF_SEED_FILE: seedFile,
    HANDOFF_QUEUES: demo.queues.map((q) => `${q.name}=${q.extension}`).join(","),
    HANDOFF_LOG_LEVEL: "warn",
    // Benchmarks sign in from one address many times a minute; login-flood sets the real budget.
    HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "10000",
    // Queue calls come back to back (soak, load): after-call work would pause the agents who take them.
    HANDOFF_WRAP_UP_SECONDS: "0",
    ...(options.timings === true ? { HANDOFF_TIMINGS_FILE: timingsFile } : {}),
    ...options.env,
  };
  const profileDir = options.cpuProfileDir ?? process.env.HANDOFF_BENCH_CPU_PROF_DIR;
  if (profileDir !== undefined) mkdirSync(profileDir, { recursive: true });
  // V8 samples every 1 ms by default, coarser than the steps of one request: HANDOFF_BENCH_CPU_PROF_INTERVAL_US=100 sees them.
  const interval = process.env.HANDOFF_BENCH_CPU_PROF_INTERVAL_US;
  const profileArgs = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...(interval === undefined ? [] : [`--cpu-prof-interval=${interval}`])];
  const root = options.root ?? REPO;
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<ChildProcess> => {
    const output = options.logFile === undefined ? "inherit" : openSync(options.logFile, "a");
    // node --import tsx runs main.ts in this very process (the tsx CLI would add a parent process).
    const started = spawn(process.execPath, [...profileArgs, "--import", "tsx", join(root, "server", "src", "main.ts")], { cwd: root, env, stdio: ["ignore", output, output] });
    if (typeof output === "number") closeSync(output);
    try {
      await waitHealthy(url, started);
    } catch (error) {
      started.kill("SIGKILL");
      throw error;
    }
    return started;
  };
  const timingLines = (): (RequestTiming | GcPause)[] =>
    existsSync(timingsFile)
      ? readFileSync(timingsFile, "utf8")
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as RequestTiming | GcPause)
      : [];
  let child = await launch();
  const exited = (proc: ChildProcess) => (proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once("exit", resolve)));
  const alive = (value: number | undefined): number => {
    if (value === undefined) throw new Error(`the server process ${child.pid ?? 0} has exited`);
    return value;
  };
  return {
    url,
    get pid() {
      return child.pid ?? 0;
    },
    jwtSecret,
    sqlitePath: env.HANDOFF_SQLITE_PATH,
    passwordOf,
    async login(username) {
      const response = await fetch(`${url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: passwordOf(username) }),
      });
      if (!response.ok) throw new Error(`login of ${username} failed: HTTP ${response.status} ${await response.text()}`);
      const body = (await response.json()) as { token: string; agent: { id: string }; sip: SipConfig | null };
      return { token: body.token, agentId: body.agent.id, sip: body.sip };
    },
    cpuMs: () => alive(cpuMsOf(child.pid ?? 0)),
    rssBytes: () => alive(rssBytesOf(child.pid ?? 0)),
    timings: () => timingLines().filter((line): line is RequestTiming => "route" in line),
    gcPauses: () => timingLines().flatMap((line) => ("gc" in line ? [line.gc] : [])),
    async kill() {
      const gone = exited(child);
      child.kill("SIGKILL");
      await gone;
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null) throw new Error(`the server (pid ${child.pid ?? 0}) still runs: kill() it first`);
      child = await launch();
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = exited(child);
        child.kill("SIGTERM");
        await gone;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
