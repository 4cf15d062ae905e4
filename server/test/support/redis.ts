import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isListening } from "../../../pbx/src/readiness";
import { freePort } from "./server-launch";

/** Debian's redis-server (setup installs it for the tests); HANDOFF_REDIS_SERVER overrides. */
const REDIS_SERVER = process.env.HANDOFF_REDIS_SERVER ?? "/usr/bin/redis-server";

/** A throwaway Redis on a loopback port of its own, for one test file. */
export interface TempRedis {
  readonly url: string;
  /** Kills it (SIGKILL: a crash, nothing saved) and starts a fresh one on the same port after `downMs`. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startTempRedis(): Promise<TempRedis> {
  if (!existsSync(REDIS_SERVER)) throw new Error(`No redis-server at ${REDIS_SERVER}: run "node scripts/setup.mjs test" (it installs Debian's redis-server), or set HANDOFF_REDIS_SERVER.`);
  const dir = mkdtempSync(join(tmpdir(), "handoff-redis-"));
  const port = await freePort();
  let child: ChildProcess;
  let ended: Promise<void>;
  const launch = async () => {
    // No persistence: a restart comes back empty, the harder case for whoever relies on it.
    child = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "no"], { stdio: "ignore" });
    const proc = child;
    ended = new Promise((resolve) => proc.once("exit", () => resolve()));
    for (const deadline = Date.now() + 10_000; !(await isListening("127.0.0.1", port)); await new Promise((resolve) => setTimeout(resolve, 50))) {
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on 127.0.0.1:${port}`);
    }
  };
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await ended;
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(downMs) {
      await kill();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
