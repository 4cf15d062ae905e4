/** CPU time, memory and scheduling of any process by pid, from /proc (Linux). */
import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised name, which may itself contain spaces.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** utime + stime in ms (10 ms ticks); undefined once the process is gone. */
export function cpuMsOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** VmRSS in bytes; undefined once the process is gone. */
export function rssBytesOf(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * The running Asterisk daemon: the oldest process named asterisk. `asterisk -rx`
 * remote consoles share the name but start later and live for a moment.
 */
export function asteriskPid(): number | undefined {
  let best: { pid: number; start: number } | undefined;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    let comm: string;
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (comm !== "asterisk") continue;
    const start = Number(statFields(pid)?.[19] ?? Number.POSITIVE_INFINITY);
    if (best === undefined || start < best.start) best = { pid, start };
  }
  return best?.pid;
}

/**
 * Time the process's main thread has spent runnable but waiting for a CPU, in ms
 * (/proc/<pid>/schedstat, second field). For Node the main thread is the event loop:
 * its growth during a window is latency no code of the process could avoid.
 */
export function runQueueWaitMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/schedstat`, "utf8").trim().split(" ");
    return Number(fields[1]) / 1e6;
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine has spent busy (all cores, everything but idle and iowait), in ms, from /proc/stat. */
export function machineBusyMs(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return ((total - idle) * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** Every live descendant of `root` (children, grandchildren…), from the parent pids in /proc. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = Number(statFields(Number(entry))?.[1]);
    if (!Number.isFinite(parent)) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop() ?? -1) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}
