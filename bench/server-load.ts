/**
 * The server under load: calls churning on the real Asterisk while two agents
 * transfer calls through the real server at a steady pace. Measures the server's
 * own overhead per transfer, the AMI events/s its link carried, its CPU and RSS,
 * side by side with the same measurements on an idle PBX, interleaved in the
 * same run (idle, load, idle, load), then steps the churn up to find the event
 * rate the machine's Asterisk can feed it. Run alone:
 * npx tsx bench/server-load.ts [--seconds N] [--rounds N] [--calls-per-second N]
 *   [--held N] [--peak-rates 100,150,200] [--peak-seconds N] [--peak-hold S]
 *   [--transfer-interval-ms N] [--no-peak] [--baseline-root DIR]
 * With --baseline-root, each agent's transfers alternate between this checkout's server
 * and that one's (both get every AMI event), a before/after in one run.
 */
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadPbxConnection } from "../pbx/src/connection";
import type { Benchmark, BenchmarkContext, BenchmarkResult } from "./lib/benchmark";
import { launchChromium, PhonePage, servePhonePage } from "./lib/browser";
import { formatBytes, formatCount } from "./lib/format";
import { isMain, runAlone } from "./lib/run-alone";
import { baselineRootFromEnv, startServerProcess } from "./lib/server-process";
import { AmiLink } from "./server-load/ami-link";
import { Churn, type ChurnShape } from "./server-load/churn";
import { defaults, NAME, TARGET_EVENTS_PER_SECOND, TITLE, type ServerLoadOptions } from "./server-load/options";
import { raiseInstrumentPriority } from "./server-load/priority";
import { AmiProxyProcess } from "./server-load/proxy";
import type { ProxyAction } from "./server-load/proxy-protocol";
import { summarise, type RunData } from "./server-load/summary";
import { sweep } from "./server-load/sweep";
import { TransferAgent, type TransferSample } from "./server-load/transfer-agent";
import { measureWindow, type WindowKind, type WindowRecord } from "./server-load/window";

export type { ServerLoadOptions } from "./server-load/options";

/** Only extensions 1004 and 1005 are this benchmark's (others run on 1001–1003 and 1006 at the same time). */
const AGENTS = [
  { username: "dave", extension: "1004", target: "0155504004" },
  { username: "erin", extension: "1005", target: "0155504005" },
] as const;
const WARM_UP_MS = 5_000;
/** A peak step must give at least 5 % more events than the best before it, or the PBX is saturated. */
const SATURATION_GAIN = 1.05;

export function createServerLoadBenchmark(overrides: Partial<ServerLoadOptions> = {}): Benchmark {
  const options: ServerLoadOptions = { ...defaults, ...overrides };
  return { name: NAME, title: TITLE, run: (context) => runServerLoad(context, options) };
}

export const serverLoad: Benchmark = { name: NAME, title: TITLE, run: (context) => createServerLoadBenchmark(baselineRootFromEnv()).run(context) };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runServerLoad({ log }: BenchmarkContext, options: ServerLoadOptions): Promise<BenchmarkResult> {
  const pbx = loadPbxConnection();
  if (pbx.amiTest === null) throw new Error("This PBX has no test AMI user, so the benchmark cannot originate calls: use the local PBX (npm run pbx:up).");
  const loadAtStart = loadavg()[0] ?? 0;
  const runStartedAt = Date.now();
  const cleanups: (() => Promise<unknown>)[] = [];
  let cleanupReport: string;
  let priorityNote: string;

  const ami = await AmiLink.open(pbx.amiTest);
  cleanups.push(() => ami.close());
  const churn = new Churn(ami);
  cleanups.push(async () => churn.stop());
  const agents: TransferAgent[] = [];
  const samples: TransferSample[] = [];
  const windows: WindowRecord[] = [];
  let actions: readonly ProxyAction[];
  let timingsOf: (() => RunData["timings"]) | undefined;
  let timings: RunData["timings"];
  let stopped = false;
  let transferLoops: Promise<void> = Promise.resolve();
  try {
    log(`${NAME}: starting the AMI proxy, the server, the phone page and Chromium`);
    const proxy = await AmiProxyProcess.start({ host: pbx.ami.host, port: pbx.ami.port });
    cleanups.push(() => proxy.stop());
    const server = await startServerProcess({ ami: { host: "127.0.0.1", port: proxy.port }, timings: true });
    cleanups.push(() => server.stop());
    // The before-the-change server, when asked for: straight on Asterisk (the proxy times the subject's actions only), timed inside itself.
    const baseline = options.baselineRoot === undefined ? null : await startServerProcess({ root: options.baselineRoot, timings: true });
    if (baseline !== null) cleanups.push(() => baseline.stop());
    timingsOf = () => ({ subject: server.timings(), baseline: baseline?.timings() ?? [], gc: { subject: server.gcPauses(), baseline: baseline?.gcPauses() ?? [] } });
    const page = await servePhonePage();
    cleanups.push(() => page.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());

    for (const agent of AGENTS) {
      // The baseline first: where both servers share the PBX's SIP auth table, the subject's sign-in is the one the phone holds.
      const baselineToken = baseline === null ? null : (await baseline.login(agent.username)).token;
      const { token, sip } = await server.login(agent.username);
      if (sip === null) throw new Error(`${agent.username}'s login gave no SIP credential: no phone in pbx/demo-data.json?`);
      const servers = [{ name: "subject", url: server.url, token }];
      if (baseline !== null && baselineToken !== null) servers.push({ name: "baseline", url: baseline.url, token: baselineToken });
      const phone = await PhonePage.open(browser, page.url);
      cleanups.push(() => phone.close());
      await phone.start(sip, true);
      agents.push(new TransferAgent({ servers, extension: agent.extension, target: agent.target, phone, ami, settleMs: options.settleMs }));
    }
    cleanups.push(() => Promise.all(agents.map((agent) => agent.hangUpCustomer())));
    // Only now: the server and Chromium, started by this process, must not inherit the raised priority.
    const priority = raiseInstrumentPriority([process.pid, proxy.pid]);
    priorityNote = priority.note;
    cleanups.push(async () => priority.restore());

    // Bounded: each cycle has its own timeouts, and the loops end at the flag.
    const loop = async (agent: TransferAgent, offsetMs: number) => {
      await sleep(offsetMs);
      while (!stopped) {
        const started = Date.now();
        samples.push(await agent.cycle());
        const wait = options.transferIntervalMs - (Date.now() - started);
        if (wait > 0 && !stopped) await sleep(wait);
      }
    };
    transferLoops = Promise.all(agents.map((agent, i) => loop(agent, (i * options.transferIntervalMs) / agents.length))).then(() => undefined);

    log(`${NAME}: warming up for ${WARM_UP_MS / 1000} s (transfers only, not counted)`);
    await sleep(WARM_UP_MS);

    const measure = async (kind: WindowKind, index: number, shape: ChurnShape | null, seconds: number): Promise<WindowRecord> => {
      const record = await measureWindow(kind, index, shape, seconds, { server, proxy, churn, ami });
      windows.push(record);
      log(
        `${NAME}: ${kind} ${index + 1}${shape === null ? "" : ` (${shape.callsPerSecond} calls/s, ${shape.holdSeconds} s hold)`}: ` +
          `${formatCount(record.eventsPerSecond)} ev/s, server ${record.serverCpuPercent.toFixed(1)} %, Asterisk ${record.asteriskCpuPercent?.toFixed(1) ?? "—"} %, ` +
          `held ${record.heldAtEnd ?? "—"}, unread max ${formatBytes(record.maxBacklogBytes)}, ${record.lagSecondsAtEnd.toFixed(2)} s behind at the end`,
      );
      return record;
    };
    const ramp = async (shape: ChurnShape | null, previousHold: number) => {
      churn.set(shape);
      // Steady state: every call of the new pace is up and the old pace's have ended.
      await sleep((Math.max(shape?.holdSeconds ?? 0, previousHold) + 1) * 1000);
    };

    const loadShape: ChurnShape = { callsPerSecond: options.callsPerSecond, holdSeconds: options.held / options.callsPerSecond };
    for (let round = 0; round < options.rounds; round++) {
      await measure("idle", round, null, options.windowSeconds);
      await ramp(loadShape, 0);
      await measure("load", round, loadShape, options.windowSeconds);
      await ramp(null, loadShape.holdSeconds);
    }
    let bestRate = 0;
    for (const [step, rate] of options.peakRates.entries()) {
      const shape: ChurnShape = { callsPerSecond: rate, holdSeconds: options.peakHoldSeconds };
      await ramp(shape, step === 0 ? 0 : options.peakHoldSeconds);
      const record = await measure("peak", step, shape, options.peakSeconds);
      // Stop at the target, when the server falls behind, or when more calls no longer give more events (Asterisk is the limit).
      if (record.eventsPerSecond >= TARGET_EVENTS_PER_SECOND || !record.keptUp || record.eventsPerSecond < bestRate * SATURATION_GAIN) break;
      bestRate = Math.max(bestRate, record.eventsPerSecond);
    }
    churn.set(null);
    stopped = true;
    await transferLoops;
    actions = await proxy.actions();
    timings = timingsOf?.() ?? { subject: [], baseline: [], gc: { subject: [], baseline: [] } };
  } finally {
    churn.set(null);
    stopped = true;
    await transferLoops.catch(() => undefined);
    cleanupReport = await sweep(ami, agents, options, log);
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`${NAME}: cleanup step failed: ${String(error)}`));
  }

  return summarise(options, { windows, samples, actions, timings, cleanupReport, priorityNote, loadAtStart, runSeconds: (Date.now() - runStartedAt) / 1000 });
}

async function main(context: BenchmarkContext): Promise<BenchmarkResult> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string" },
      rounds: { type: "string" },
      "calls-per-second": { type: "string" },
      held: { type: "string" },
      "peak-rates": { type: "string" },
      "peak-seconds": { type: "string" },
      "peak-hold": { type: "string" },
      "transfer-interval-ms": { type: "string" },
      "no-peak": { type: "boolean", default: false },
      "baseline-root": { type: "string" },
    },
  });
  const positive = (value: string | undefined) => (value === undefined || !(Number(value) > 0) ? undefined : Number(value));
  const overrides: Partial<Record<keyof ServerLoadOptions, unknown>> = {
    windowSeconds: positive(values.seconds),
    rounds: positive(values.rounds) === undefined ? undefined : Math.round(Number(values.rounds)),
    callsPerSecond: positive(values["calls-per-second"]),
    held: positive(values.held),
    peakRates: values["no-peak"] ? [] : values["peak-rates"]?.split(",").map(Number).filter((rate) => rate > 0),
    peakSeconds: positive(values["peak-seconds"]),
    peakHoldSeconds: positive(values["peak-hold"]),
    transferIntervalMs: positive(values["transfer-interval-ms"]),
    baselineRoot: values["baseline-root"] === undefined ? baselineRootFromEnv().baselineRoot : resolve(values["baseline-root"]),
  };
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)) as Partial<ServerLoadOptions>;
  return createServerLoadBenchmark(defined).run(context);
}

if (isMain(import.meta.url)) runAlone(main);

