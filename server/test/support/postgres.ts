import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempPostgres {
  url: string;
  /** Stops the server (fast shutdown: its clients' connections end) and keeps its data; `start` brings it back. */
  pause(): void;
  start(): void;
  stop(): void;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Debian's newest installed PostgreSQL server binaries (setup installs `postgresql` for the tests). */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (newest === undefined) throw new Error("No PostgreSQL server found under /usr/lib/postgresql: install Debian's postgresql package (npm test does).");
  return join(root, newest, "bin");
}

/** A throwaway PostgreSQL cluster on loopback, run as the postgres user (it refuses root). */
export async function startTempPostgres(): Promise<TempPostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "handoff-pg-"));
  const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
  chownSync(dir, uid, gid);
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) => execFileSync("runuser", ["-u", "postgres", "--", join(bin, command), ...args], { stdio: "pipe" });
  asPostgres("initdb", ["-D", join(dir, "data"), "-A", "trust", "-U", "handoff", "--no-sync"]);
  const start = () => asPostgres("pg_ctl", ["-D", join(dir, "data"), "-w", "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  start();
  return {
    url: `postgres://handoff@127.0.0.1:${port}/postgres`,
    pause() {
      asPostgres("pg_ctl", ["-D", join(dir, "data"), "-w", "-m", "fast", "stop"]);
    },
    start,
    stop() {
      asPostgres("pg_ctl", ["-D", join(dir, "data"), "-m", "immediate", "stop"]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
