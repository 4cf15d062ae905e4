import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";

export class LockTimeoutError extends Error {
  override readonly name = "LockTimeoutError";
  constructor(file: string, pid: number) {
    super(`Another pbx command (pid ${pid}) still holds ${file}. Wait for it, or if that process is gone for good delete the file.`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function holder(file: string): number {
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

/** 0 when the file vanished (released between our open and read) or holds no pid yet. */
function holderOrZero(file: string): number {
  try {
    return holder(file);
  } catch {
    return 0;
  }
}

// A lock file still without a pid after this long was left by a process that died right after creating it.
const EMPTY_LOCK_STALE_MS = 10_000;

function emptyAndStale(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > EMPTY_LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Serialises pbx commands on one machine: two `pbx:up`s (say unit and e2e runs side by side) must not
 * both build the root or both start Asterisk. A lock whose process died is taken over.
 */
export async function withLock<T>(file: string, waitMs: number, onWait: (pid: number) => void, work: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = holderOrZero(file);
      if ((pid && !alive(pid)) || (!pid && emptyAndStale(file))) {
        rmSync(file, { force: true });
        continue;
      }
      if (!pid) {
        // Its creator is writing the pid right now.
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      if (Date.now() > deadline) throw new LockTimeoutError(file, pid);
      if (!told) onWait(pid);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    try {
      if (holder(file) === process.pid) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  }
}
