/**
 * Real-time fan-out: how long a real device-state change in Asterisk takes to
 * reach every one of 1,000 signed-in socket.io clients as presence.updated,
 * through the real server, side by side with a bare socket.io server fed by the
 * same AMI events, interleaved in the same run; first at fewer clients (the
 * curve: 100, 250, 500), adding clients between the steps. Run alone:
 * npx tsx bench/fan-out.ts [--clients N] [--samples N] [--curve 100,250,500|none] [--curve-samples N] [--client-processes N]
 */
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Presence } from "@handoff/contract";
import { loadPbxConnection, type PbxConnection } from "../pbx/src/connection";
import { loadDemoData } from "../pbx/src/demo-data";
import { AmiClient, type AmiMessage } from "../server/src/ami";
import { deviceStateOf } from "./fan-out/device-state";
import { AmiGate } from "./fan-out/ami-gate";
import { ChildLink } from "./fan-out/child-link";
import { cpuMsOf, rssBytesOf } from "./lib/proc";
import {
  isBaselineMessage,
  isHostMessage,
  monotonicMs,
  type BaselineCommand,
  type BaselineMessage,
  type HostArmed,
  type HostArrivals,
  type HostCommand,
  type HostCounters,
  type HostMessage,
  type HostReady,
  type Target,
} from "./fan-out/protocol";
import { buildResult, TITLE, type Change, type CpuTally, type Measured, type SampleRecord, type Step } from "./fan-out/results";
import { Ringer } from "./fan-out/ringer";
import { directory, mintTokens, waitForPresence } from "./fan-out/server-access";
import type { Benchmark, BenchmarkContext, BenchmarkResult } from "./lib/benchmark";
import { epochNow, launchChromium, PhonePage, servePhonePage } from "./lib/browser";
import { formatCount } from "./lib/format";
import { isMain, runAlone } from "./lib/run-alone";
import { startServerProcess } from "./lib/server-process";

export interface FanOutOptions {
  readonly clients: number;
  /** Changes measured per candidate at `clients` (each ring and each hangup is one). */
  readonly samples: number;
  /** Client counts measured first, each below `clients` (the curve); clients are added between steps. */
  readonly curve: readonly number[];
  /** Changes measured per candidate at each step of the curve. */
  readonly curveSamples: number;
  /** Processes the clients are spread over. */
  readonly clientProcesses: number;
  /** The phone that rings; the only extension this benchmark touches. */
  readonly extension: string;
  /** A change that has not reached every client by then counts as not delivered. */
  readonly sampleTimeoutMs: number;
  /** Quiet time after each change, so the next starts on an idle machine. */
  readonly settleMs: number;
  readonly connectConcurrency: number;
}

const defaults: FanOutOptions = {
  clients: 1_000,
  samples: 60,
  curve: [100, 250, 500],
  curveSamples: 20,
  clientProcesses: 2,
  extension: "1006",
  sampleTimeoutMs: 5_000,
  settleMs: 250,
  connectConcurrency: 20,
};

const HOST = fileURLToPath(new URL("./fan-out/client-host.ts", import.meta.url));
const BASELINE = fileURLToPath(new URL("./fan-out/baseline-server.ts", import.meta.url));
const CONNECT_TIMEOUT_MS = 120_000;
const CONTROL_TIMEOUT_MS = 5_000;

type HostLink = ChildLink<HostCommand, HostMessage>;
type BaselineLink = ChildLink<BaselineCommand, BaselineMessage>;

/** Undoes one thing the run started; may return a note for the report (what it found). */
type Cleanup = () => Promise<string | void>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createFanOutBenchmark(overrides: Partial<FanOutOptions> = {}): Benchmark {
  const options: FanOutOptions = { ...defaults, ...overrides };
  return { name: "fan-out", title: TITLE, run: (context) => runFanOut(context, options) };
}

export const fanOut = createFanOutBenchmark();

async function runFanOut({ log }: BenchmarkContext, options: FanOutOptions): Promise<BenchmarkResult> {
  const startedAt = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const pbx = loadPbxConnection();
  const cleanups: { what: string; run: Cleanup }[] = [];
  const cleanupNotes: string[] = [];
  let measured: Measured;
  try {
    measured = await measure(log, options, pbx, (what, run) => cleanups.push({ what, run }));
  } finally {
    // Everything started, in reverse order, whatever happened.
    for (const { what, run } of cleanups.reverse()) {
      try {
        const note = await run();
        if (typeof note === "string") cleanupNotes.push(note);
      } catch (error) {
        cleanupNotes.push(`could not clean up the ${what}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return buildResult(measured, options, { loadAtStart, startedAt, cleanupNotes });
}

async function measure(log: (line: string) => void, options: FanOutOptions, pbx: PbxConnection, onCleanup: (what: string, run: Cleanup) => void): Promise<Measured> {
  const { extension } = options;
  const user = loadDemoData().users.find((candidate) => candidate.extension === extension);
  if (user === undefined) throw new Error(`No demo user with a phone on ${extension}: check pbx/demo-data.json and run npm run pbx:up.`);

  // Both servers reach Asterisk through a gate of their own (the same extra hop), which passes only events about this phone.
  const gateOptions = { onlyMentioning: `/${extension}` };
  const subjectGate = await AmiGate.start(pbx.ami, gateOptions);
  onCleanup("real server's AMI gate", () => subjectGate.close());
  const baselineGate = await AmiGate.start(pbx.ami, gateOptions);
  onCleanup("baseline's AMI gate", () => baselineGate.close());
  const gates: Record<Target, AmiGate> = { subject: subjectGate, baseline: baselineGate };
  const gateAddress = (target: Target) => ({ host: "127.0.0.1", port: gates[target].port });

  log("fan-out: starting the server");
  const server = await startServerProcess({ ami: gateAddress("subject") });
  onCleanup("server", () => server.stop());

  log("fan-out: starting the baseline server");
  const baseline: BaselineLink = ChildLink.fork(BASELINE, isBaselineMessage, [JSON.stringify(gateAddress("baseline"))]);
  onCleanup("baseline server", () => baseline.stop({ type: "stop" }, 5_000));
  const listening = await baseline.next((m): m is BaselineMessage => m.type !== "armed", 30_000);
  if (listening?.type !== "listening") throw new Error(`the baseline server did not start: ${listening === undefined ? "no answer in 30 s" : JSON.stringify(listening)}`);
  const baselineUrl = `http://127.0.0.1:${listening.port}`;

  log(`fan-out: registering ${extension} in Chromium (it will ring, never answer)`);
  const phonePage = await servePhonePage();
  onCleanup("phone page server", () => phonePage.close());
  const browser = await launchChromium();
  onCleanup("browser", () => browser.close());
  const phone = await PhonePage.open(browser, phonePage.url);
  onCleanup("phone", () => phone.close());
  // The phone's SIP credential is the sign-in's own; the same sign-in's token reads the presence below.
  const { token, sip } = await server.login(user.username);
  if (sip === null) throw new Error(`${user.username}'s login gave no SIP credential`);
  await phone.start(sip, false);

  const watch = await AmiClient.connect({ ...pbx.ami, allowedActions: new Set(), keepaliveMs: false });
  onCleanup("watching AMI link", () => watch.close());
  const ringer = await Ringer.connect(pbx, extension);
  onCleanup("calls", async () => {
    const { hungUp, remaining } = await ringer.close();
    const found = hungUp.length === 0 ? "" : ` (hung up at the end: ${hungUp.join(", ")})`;
    return `channels of ${extension} in Asterisk after the run: ${remaining.length === 0 ? "none" : remaining.join(", ")}${found}`;
  });

  // The phone's own entry, as the server publishes it: the payload both servers send.
  const idle = await waitForPresence(server, token, extension, ["available", "away"]);
  const realAgents = await directory(server, token);
  const tokens = await mintTokens(server, realAgents, options.clients);

  const rssStart = { subject: server.rssBytes(), baseline: rssBytesOf(baseline.pid) };
  const hosts: HostLink[] = [];
  for (let i = 0; i < Math.min(options.clientProcesses, options.clients); i++) {
    const host: HostLink = ChildLink.fork(HOST, isHostMessage);
    hosts.push(host);
    onCleanup(`client process ${i + 1}`, () => host.stop({ type: "stop" }, 5_000));
  }
  // Client i lives in process i mod N, whatever step connected it.
  const slices = hosts.map(() => 0);
  let connected = 0;
  let connectMs = 0;
  const grow = async (to: number) => {
    log(`fan-out: connecting clients ${formatCount(connected + 1)}–${formatCount(to)} to each server from ${hosts.length} processes`);
    const started = monotonicMs();
    const added = hosts.map((_, i) => tokens.slice(connected, to).filter((__, offset) => (connected + offset) % hosts.length === i));
    const ready = await Promise.all(
      hosts.map((host, i) =>
        host.request(
          { type: "connect", subjectUrl: server.url, baselineUrl, extension, tokens: added[i] ?? [], concurrency: options.connectConcurrency },
          (m): m is HostReady => m.type === "ready",
          CONNECT_TIMEOUT_MS,
        ),
      ),
    );
    for (const [i, more] of added.entries()) slices[i] = (slices[i] ?? 0) + more.length;
    const notReady = ready.find((answer) => answer === undefined || answer.error !== undefined);
    if (notReady !== undefined || ready.some((answer, i) => answer?.clients !== slices[i])) {
      throw new Error(`not every client connected: ${notReady?.error ?? "a client process did not answer within 120 s"}`);
    }
    connectMs += monotonicMs() - started;
    connected = to;
    await sleep(1_000);
  };

  const presenceAfter: Record<Change, Presence> = { ring: "ringing", hangup: idle.presence };
  const stateAfter: Record<Change, string> = { ring: "RINGING", hangup: "NOT_INUSE" };
  const records: SampleRecord[] = [];
  const steps: Step[] = [];
  let cpu: Record<Target, CpuTally> = { subject: tally(), baseline: tally() };
  const rssPeak: Record<Target, number | undefined> = { ...rssStart };
  let sampleId = 0;
  let lastCounters: HostCounters = { disconnects: 0, foreign: 0, unexpected: 0, offTarget: 0, pbxStatus: 0 };

  const armHosts = async (sample: number, target: Target, presence: Presence, purpose: "sample" | "drain" = "sample") => {
    const acks = await Promise.all(hosts.map((host) => host.request({ type: "arm", sample, target, presence, purpose }, (m): m is HostArmed => m.type === "armed" && m.sample === sample, CONTROL_TIMEOUT_MS)));
    if (acks.some((ack) => ack === undefined)) throw new Error("a client process stopped answering");
  };

  /** Waits for every host's arrivals (registered before the trigger), or collects what came once the time is up. */
  const arrivalsOf = (sample: number) => hosts.map((host) => host.next((m): m is HostArrivals => m.type === "arrivals" && m.sample === sample, options.sampleTimeoutMs));
  const collect = async (sample: number, pending: Promise<HostArrivals | undefined>[]) => {
    const first = await Promise.all(pending);
    return Promise.all(
      first.map((answer, i) => {
        const host = hosts[i] as HostLink;
        if (answer !== undefined) {
          host.send({ type: "collect", sample });
          return answer;
        }
        return host.request({ type: "collect", sample }, (m): m is HostArrivals => m.type === "arrivals" && m.sample === sample, CONTROL_TIMEOUT_MS);
      }),
    );
  };

  const takeSample = async (target: Target, change: Change): Promise<SampleRecord> => {
    const sample = ++sampleId;
    if (target === "baseline") {
      const armed = await baseline.request({ type: "arm", extension, entry: { ...idle, presence: presenceAfter[change] } }, (m): m is BaselineMessage => m.type === "armed", CONTROL_TIMEOUT_MS);
      if (armed === undefined) throw new Error("the baseline server stopped answering");
    }
    await armHosts(sample, target, presenceAfter[change]);
    const pending = arrivalsOf(sample);
    const changed = nextDeviceState(watch, extension, stateAfter[change], options.sampleTimeoutMs);
    await (change === "ring" ? ringer.ring() : ringer.hangUp());
    const seen = await changed;
    const answers = await collect(sample, pending);
    const t0 = seen?.stampedAt ?? seen?.receivedAt;
    const deliveries: number[] = [];
    let missing = 0;
    lastCounters = sumCounters(answers, lastCounters);
    for (const [i, answer] of answers.entries()) {
      if (answer === undefined) {
        missing += slices[i] ?? 0;
        continue;
      }
      for (const at of answer.arrivals) {
        if (at === null || t0 === undefined) missing++;
        else deliveries.push(at - t0);
      }
    }
    const amiDelayMs = seen?.stampedAt === undefined ? undefined : seen.receivedAt - seen.stampedAt;
    const foreignDuring = answers.reduce((sum, answer) => sum + (answer?.foreignWhileArmed ?? 0), 0);
    return { sample, clients: connected, target, change, t0, amiDelayMs, deliveries, missing, foreignDuring };
  };

  /**
   * One ring and its hangup on one candidate. While the baseline is measured the
   * real server's AMI link is held at its gate, so it does not fan out the same
   * changes at the same moment; it gets them right after.
   */
  const cycle = async (target: Target, keep: boolean) => {
    const before = { server: server.cpuMs(), baseline: cpuMsOf(baseline.pid) ?? 0, clients: clientsCpu(hosts) };
    const holding = target === "baseline";
    if (holding) gates.subject.hold();
    try {
      for (const change of ["ring", "hangup"] as const) {
        const record = await takeSample(target, change);
        if (keep) records.push(record);
        await sleep(options.settleMs);
        rssPeak.subject = Math.max(rssPeak.subject ?? 0, server.rssBytes());
        rssPeak.baseline = Math.max(rssPeak.baseline ?? 0, rssBytesOf(baseline.pid) ?? 0);
      }
      if (keep) {
        const spent = cpu[target];
        spent.server += server.cpuMs() - before.server;
        spent.baseline += (cpuMsOf(baseline.pid) ?? 0) - before.baseline;
        spent.clients += clientsCpu(hosts) - before.clients;
        spent.samples += 2;
      }
    } finally {
      if (holding) {
        // The server catches up on the ring and the hangup it was kept from: let that fan-out pass before the next change.
        const drain = ++sampleId;
        let pending: Promise<HostArrivals | undefined>[];
        try {
          await armHosts(drain, "subject", idle.presence, "drain");
          pending = arrivalsOf(drain);
        } finally {
          gates.subject.release();
        }
        await collect(drain, pending);
        await sleep(options.settleMs);
      }
    }
  };

  // ABBA: neither candidate always goes first after the other; one warm-up cycle each per step.
  const planOf = (samples: number): { target: Target; keep: boolean }[] => [
    { target: "subject", keep: false },
    { target: "baseline", keep: false },
    ...Array.from({ length: Math.ceil(samples / 2) }, (_, i): { target: Target; keep: boolean }[] =>
      i % 2 === 0
        ? [
            { target: "subject", keep: true },
            { target: "baseline", keep: true },
          ]
        : [
            { target: "baseline", keep: true },
            { target: "subject", keep: true },
          ],
    ).flat(),
  ];
  const counts = [...new Set([...options.curve.filter((n) => n > 0 && n < options.clients), options.clients])].sort((a, b) => a - b);
  for (const count of counts) {
    await grow(count);
    cpu = { subject: tally(), baseline: tally() };
    steps.push({ clients: count, cpu });
    const plan = planOf(count === options.clients ? options.samples : options.curveSamples);
    for (const [index, step] of plan.entries()) {
      await cycle(step.target, step.keep);
      if (index % 10 === 9 || index === plan.length - 1) log(`fan-out: ${formatCount(count)} clients, ${index + 1}/${plan.length} ring cycles done`);
    }
  }

  return {
    records,
    steps,
    counters: lastCounters,
    cpu,
    rss: { subject: { start: rssStart.subject, peak: rssPeak.subject }, baseline: { start: rssStart.baseline, peak: rssPeak.baseline } },
    connectMs,
    realAgents: realAgents.length,
    droppedEvents: subjectGate.dropped,
  };
}

function tally(): CpuTally {
  return { server: 0, baseline: 0, clients: 0, samples: 0 };
}

function clientsCpu(hosts: readonly HostLink[]): number {
  return hosts.reduce((sum, host) => sum + (cpuMsOf(host.pid) ?? 0), 0);
}

/** The hosts' counters added up; a host that did not answer keeps its share of the previous sum. */
function sumCounters(answers: readonly (HostArrivals | undefined)[], previous: HostCounters): HostCounters {
  if (answers.some((answer) => answer === undefined)) return previous;
  const sum = { disconnects: 0, foreign: 0, unexpected: 0, offTarget: 0, pbxStatus: 0 };
  for (const answer of answers) {
    for (const key of Object.keys(sum) as (keyof HostCounters)[]) sum[key] += answer?.counters[key] ?? 0;
  }
  return sum;
}

/**
 * The first DeviceStateChange of the phone into `state`: when our AMI link
 * handed it over, and when Asterisk stamped it (timestampevents=yes), both on
 * the monotonic clock.
 */
function nextDeviceState(ami: AmiClient, extension: string, state: string, timeoutMs: number): Promise<{ receivedAt: number; stampedAt: number | undefined } | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve(undefined);
    }, timeoutMs);
    const off = ami.onEvent((event: AmiMessage) => {
      const receivedAt = monotonicMs();
      // epochNow() is the wall clock as of this process's start plus monotonic time since: the difference maps Asterisk's wall-clock stamp onto the shared monotonic clock.
      const wallMinusMonotonic = epochNow() - monotonicMs();
      if (deviceStateOf(event, extension) !== state) return;
      clearTimeout(timer);
      off();
      const stamp = Number(event.get("Timestamp"));
      resolve({ receivedAt, stampedAt: Number.isFinite(stamp) && stamp > 0 ? stamp * 1000 - wallMinusMonotonic : undefined });
    });
  });
}

async function main(context: BenchmarkContext): Promise<BenchmarkResult> {
  const { values } = parseArgs({
    options: {
      clients: { type: "string" },
      samples: { type: "string" },
      curve: { type: "string" },
      "curve-samples": { type: "string" },
      "client-processes": { type: "string" },
    },
  });
  const positive = (value: string | undefined) => (value === undefined ? undefined : Math.max(1, Math.floor(Number(value)) || 1));
  const clients = positive(values.clients);
  const samples = positive(values.samples);
  const clientProcesses = positive(values["client-processes"]);
  const curveSamples = positive(values["curve-samples"]);
  const curve = values.curve === undefined ? undefined : values.curve === "none" ? [] : values.curve.split(",").map((n) => positive(n) ?? 1);
  const benchmark = createFanOutBenchmark({
    ...(clients === undefined ? {} : { clients }),
    ...(samples === undefined ? {} : { samples }),
    ...(curve === undefined ? {} : { curve }),
    ...(curveSamples === undefined ? {} : { curveSamples }),
    ...(clientProcesses === undefined ? {} : { clientProcesses }),
  });
  return benchmark.run(context);
}

if (isMain(import.meta.url)) runAlone(main);
