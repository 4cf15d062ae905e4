/**
 * One measured window: counters read at both edges (the proxy's events and
 * unread bytes, CPU of the server, Asterisk, the proxy, this process, Chromium
 * and the whole machine, the server's wait for a CPU), RSS sampled in between.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { epochNow } from "../lib/browser";
import type { ServerProcess } from "../lib/server-process";
import type { AmiLink } from "./ami-link";
import { CHANNELS_PER_CALL, CHURN_CHANNEL, type Churn, type ChurnShape } from "./churn";
import { asteriskPid, cpuMsOf, descendantsOf, machineBusyMs, runQueueWaitMsOf } from "../lib/proc";
import type { AmiProxyProcess } from "./proxy";
import type { ProxyCounters } from "./proxy-protocol";

/** The server kept up when what it had not read at a window's end would take it less than this to read at the window's rate. */
const KEPT_UP_LAG_SECONDS = 0.5;
const RSS_SAMPLE_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type WindowKind = "idle" | "load" | "peak";

export interface WindowRecord {
  readonly kind: WindowKind;
  readonly index: number;
  readonly shape: ChurnShape | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly seconds: number;
  readonly events: number;
  /** Events the server read (delivered, less the growth of what it had not read yet), per second. */
  readonly eventsPerSecond: number;
  /** Events the proxy delivered into the server's socket, per second. */
  readonly deliveredPerSecond: number;
  readonly byName: Record<string, number>;
  readonly maxBacklogBytes: number;
  readonly endBacklogBytes: number;
  /** The unread bytes at the window's end in seconds of the window's traffic: how far behind Asterisk the server was. */
  readonly lagSecondsAtEnd: number;
  readonly keptUp: boolean;
  readonly serverCpuPercent: number;
  readonly asteriskCpuPercent: number | undefined;
  readonly proxyCpuPercent: number | undefined;
  readonly benchCpuPercent: number;
  /** Share of the window the server's event loop thread was ready to run but waited for a CPU. */
  readonly serverWaitPercent: number | undefined;
  /** The same for this benchmark's own main thread, which times the HTTP round trips. */
  readonly benchWaitPercent: number | undefined;
  readonly serverRssStart: number;
  readonly serverRssSamples: number[];
  readonly originated: number;
  readonly refused: number;
  readonly skipped: number;
  /** Calls of the churn alive right after the window (its channels ÷ 4). */
  readonly heldAtEnd: number | undefined;
  readonly benchLoopDelayP99Ms: number;
  /** The whole machine's busy CPU, in % of one core (all cores together). */
  readonly machineBusyPercent: number;
  /** This process's other children: Chromium with the two phones (and tsx's esbuild). */
  readonly chromiumCpuPercent: number;
}

interface Snapshot {
  readonly at: number;
  readonly proxy: ProxyCounters;
  readonly serverCpuMs: number;
  readonly asterisk: { pid: number; cpuMs: number } | undefined;
  readonly proxyCpuMs: number | undefined;
  readonly benchCpuMs: number;
  readonly serverWaitMs: number | undefined;
  readonly benchWaitMs: number | undefined;
  readonly machineBusyMs: number;
  readonly helpersCpuMs: ReadonlyMap<number, number>;
  readonly churn: { originated: number; refused: number; skipped: number };
}

export async function measureWindow(
  kind: WindowKind,
  index: number,
  shape: ChurnShape | null,
  seconds: number,
  { server, proxy, churn, ami }: { server: ServerProcess; proxy: AmiProxyProcess; churn: Churn; ami: AmiLink },
): Promise<WindowRecord> {
  const snap = async (resetMax: boolean): Promise<Snapshot> => {
    const pid = asteriskPid();
    const asteriskCpu = pid === undefined ? undefined : cpuMsOf(pid);
    const counters = churn.counters();
    return {
      at: epochNow(),
      proxy: await proxy.counters(resetMax),
      serverCpuMs: server.cpuMs(),
      asterisk: pid === undefined || asteriskCpu === undefined ? undefined : { pid, cpuMs: asteriskCpu },
      proxyCpuMs: cpuMsOf(proxy.pid),
      benchCpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      serverWaitMs: runQueueWaitMsOf(server.pid),
      benchWaitMs: runQueueWaitMsOf(process.pid),
      machineBusyMs: machineBusyMs(),
      helpersCpuMs: helpersCpuMs(server.pid, proxy.pid),
      churn: { originated: counters.originated, refused: counters.refused, skipped: counters.skipped },
    };
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const serverRssStart = server.rssBytes();
  const start = await snap(true);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(server.rssBytes()), RSS_SAMPLE_MS);
  await sleep(seconds * 1000);
  clearInterval(sampler);
  const end = await snap(false);
  loopDelay.disable();

  const wallMs = end.at - start.at;
  const percent = (from: number | undefined, to: number | undefined) => (from === undefined || to === undefined ? undefined : ((to - from) / wallMs) * 100);
  const events = end.proxy.events - start.proxy.events;
  const byName: Record<string, number> = {};
  for (const [name, count] of Object.entries(end.proxy.byName)) {
    const delta = count - (start.proxy.byName[name] ?? 0);
    if (delta > 0) byName[name] = delta;
  }
  const heldAtEnd = shape === null ? undefined : await heldCalls(ami);
  const proxySeconds = (end.proxy.at - start.proxy.at) / 1000;
  const bytes = end.proxy.bytesToServer - start.proxy.bytesToServer;
  // Unread bytes are mostly events; at the window's mean size per event they say how many were not read yet.
  const unreadEventsGrowth = events === 0 ? 0 : (end.proxy.backlogBytes - start.proxy.backlogBytes) / (bytes / events);
  const lagSecondsAtEnd = bytes === 0 ? 0 : end.proxy.backlogBytes / (bytes / proxySeconds);
  return {
    kind,
    index,
    shape,
    startedAt: start.at,
    endedAt: end.at,
    seconds: wallMs / 1000,
    events,
    eventsPerSecond: Math.max(0, events - unreadEventsGrowth) / proxySeconds,
    deliveredPerSecond: events / proxySeconds,
    byName,
    maxBacklogBytes: end.proxy.maxBacklogBytes,
    endBacklogBytes: end.proxy.backlogBytes,
    lagSecondsAtEnd,
    keptUp: lagSecondsAtEnd < KEPT_UP_LAG_SECONDS,
    serverCpuPercent: percent(start.serverCpuMs, end.serverCpuMs) ?? 0,
    // A restarted Asterisk (another engineer's test) has a new pid: its CPU delta would mean nothing.
    asteriskCpuPercent: start.asterisk?.pid === end.asterisk?.pid ? percent(start.asterisk?.cpuMs, end.asterisk?.cpuMs) : undefined,
    proxyCpuPercent: percent(start.proxyCpuMs, end.proxyCpuMs),
    benchCpuPercent: percent(start.benchCpuMs, end.benchCpuMs) ?? 0,
    serverWaitPercent: percent(start.serverWaitMs, end.serverWaitMs),
    benchWaitPercent: percent(start.benchWaitMs, end.benchWaitMs),
    serverRssStart,
    serverRssSamples: rss,
    originated: end.churn.originated - start.churn.originated,
    refused: end.churn.refused - start.churn.refused,
    skipped: end.churn.skipped - start.churn.skipped,
    heldAtEnd,
    benchLoopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    machineBusyPercent: percent(start.machineBusyMs, end.machineBusyMs) ?? 0,
    chromiumCpuPercent: percent(0, [...end.helpersCpuMs].reduce((sum, [pid, ms]) => sum + ms - (start.helpersCpuMs.get(pid) ?? 0), 0)) ?? 0,
  };
}

/** CPU so far of each child of this process other than the server and the proxy (and theirs): Chromium, mostly. */
function helpersCpuMs(serverPid: number, proxyPid: number): Map<number, number> {
  const excluded = new Set([serverPid, proxyPid, ...descendantsOf(serverPid), ...descendantsOf(proxyPid)]);
  const cpu = new Map<number, number>();
  for (const pid of descendantsOf(process.pid)) {
    if (excluded.has(pid)) continue;
    const ms = cpuMsOf(pid);
    if (ms !== undefined) cpu.set(pid, ms);
  }
  return cpu;
}

async function heldCalls(ami: AmiLink): Promise<number | undefined> {
  try {
    const { events } = await ami.send("CoreShowChannels");
    return Math.round(events.filter((e) => CHURN_CHANNEL.test(e.get("Channel") ?? "")).length / CHANNELS_PER_CALL);
  } catch {
    return undefined;
  }
}
