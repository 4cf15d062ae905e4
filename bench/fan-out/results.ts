/**
 * From the samples to what bench/run.ts prints: per-sample summaries, the rows
 * (to last client, to first client, per delivery; p50 and p99), the target and
 * the notes that say how far to trust them.
 */
import { loadavg } from "node:os";
import type { FanOutOptions } from "../fan-out";
import type { BenchmarkResult, BenchmarkRow } from "../lib/benchmark";
import { formatCount, formatMs, formatRatio } from "../lib/format";
import { median, percentile } from "../lib/stats";
import type { HostCounters, Target } from "./protocol";

const round2 = (value: number) => Math.round(value * 100) / 100;

export const TITLE = "Real-time fan-out: an AMI device-state change to every signed-in client";
const TARGET_P99_MS = 50;

export type Change = "ring" | "hangup";

export interface SampleRecord {
  readonly sample: number;
  /** Clients connected when it was taken (a step of the curve, or the full count). */
  readonly clients: number;
  readonly target: Target;
  readonly change: Change;
  /**
   * When Asterisk stamped the DeviceStateChange (its Timestamp field), on the
   * monotonic clock; when our AMI link got it if the event has no Timestamp;
   * undefined if it never came.
   */
  readonly t0: number | undefined;
  /** How long after Asterisk's stamp our own AMI link handed the event over, ms. */
  readonly amiDelayMs: number | undefined;
  /** t_i − t0 of every client that received it, in ms. */
  readonly deliveries: readonly number[];
  readonly missing: number;
  /** Other agents' presence.updated that reached the clients during this sample (other people's calls): a fan-out competing with this one. */
  readonly foreignDuring: number;
}

export interface CpuTally {
  server: number;
  baseline: number;
  clients: number;
  samples: number;
}

/** One client count measured, with the CPU its cycles took. */
export interface Step {
  readonly clients: number;
  readonly cpu: Readonly<Record<Target, CpuTally>>;
}

export interface Measured {
  readonly records: readonly SampleRecord[];
  readonly steps: readonly Step[];
  readonly counters: HostCounters;
  readonly cpu: Readonly<Record<Target, CpuTally>>;
  readonly rss: Readonly<Record<Target, { start: number | undefined; peak: number | undefined }>>;
  readonly connectMs: number;
  readonly realAgents: number;
  /** AMI events the real server's gate left out because they were about other phones. */
  readonly droppedEvents: number;
}

interface Summary {
  readonly toLast: number[];
  readonly toFirst: number[];
  readonly deliveries: number[];
  /** Each client's median over the complete samples (clients keep their place in a complete sample's deliveries). */
  readonly perClient: number[];
  readonly kept: number;
  readonly incomplete: number;
  readonly early: number;
}

function spread(values: readonly number[]): string {
  return values.length === 0 ? "—" : `${formatMs(Math.min(...values))}–${formatMs(Math.max(...values))}`;
}

function summarize(records: readonly SampleRecord[], target: Target): Summary {
  const mine = records.filter((record) => record.target === target);
  const complete = mine.filter((record) => record.t0 !== undefined && record.missing === 0 && record.deliveries.length > 0);
  return {
    toLast: complete.map((record) => Math.max(...record.deliveries)),
    toFirst: complete.map((record) => Math.min(...record.deliveries)),
    deliveries: complete.flatMap((record) => record.deliveries),
    perClient: (complete[0]?.deliveries ?? []).map((_, client) => median(complete.map((record) => record.deliveries[client] ?? 0)) ?? 0),
    kept: mine.length,
    incomplete: mine.length - complete.length,
    early: complete.filter((record) => Math.min(...record.deliveries) < 0).length,
  };
}

export function buildResult(
  measured: Measured,
  options: FanOutOptions,
  run: { loadAtStart: number; startedAt: number; cleanupNotes: readonly string[] },
): BenchmarkResult {
  const { counters, cpu, rss } = measured;
  const records = measured.records.filter((record) => record.clients === options.clients);
  const ours = summarize(records, "subject");
  const bare = summarize(records, "baseline");
  const labels: Record<Target, string> = {
    subject: `ours (server/src, ${formatCount(options.clients)} signed-in clients)`,
    baseline: "bare socket.io (bench/fan-out/baseline-server.ts)",
  };
  const checkOf = (summary: Summary): string => {
    const problems = [
      summary.incomplete > 0 ? `${summary.incomplete} of ${summary.kept} changes did not reach every client within ${options.sampleTimeoutMs / 1000} s` : "",
      summary.early > 0 ? `${summary.early} changes reached a client before t0 (clock mapping off)` : "",
      counters.disconnects > 0 ? `${counters.disconnects} client connections dropped` : "",
    ].filter((problem) => problem !== "");
    return problems.length === 0 ? "ok" : problems.join("; ");
  };
  const measures: { measure: string; pick: (summary: Summary) => number[]; resources: boolean }[] = [
    { measure: "to last client", pick: (summary) => summary.toLast, resources: true },
    { measure: "to first client", pick: (summary) => summary.toFirst, resources: false },
    { measure: "per delivery", pick: (summary) => summary.deliveries, resources: false },
  ];
  const rows: BenchmarkRow[] = measures.flatMap(({ measure, pick, resources }) => {
    const oursValue = median(pick(ours));
    return (["subject", "baseline"] as const).map((target): BenchmarkRow => {
      const summary = target === "subject" ? ours : bare;
      const value = median(pick(summary));
      return {
        candidate: labels[target],
        role: target,
        measure,
        value,
        unit: "ms",
        tail: { label: "p99", value: percentile(pick(summary), 99) },
        ...(resources ? { peakRssBytes: rss[target].peak, startRssBytes: rss[target].start } : {}),
        ratio: oursValue !== undefined && value !== undefined && value > 0 ? oursValue / value : undefined,
        check: checkOf(summary),
      };
    });
  });

  rows.push(...curveRows(measured, labels));

  const oursP99 = percentile(ours.toLast, 99);
  const bareP99 = percentile(bare.toLast, 99);
  const perChange = (spent: CpuTally, key: "server" | "baseline" | "clients") => (spent.samples === 0 ? undefined : spent[key] / spent.samples);
  const amiDelays = records.flatMap((record) => (record.amiDelayMs === undefined ? [] : [record.amiDelayMs]));
  const unstamped = records.filter((record) => record.t0 !== undefined && record.amiDelayMs === undefined).length;
  const oursMedian = median(ours.toLast);
  const bareMedian = median(bare.toLast);
  const overlapped = records.filter((record) => record.target === "subject" && record.foreignDuring > 0);
  const quiet = summarize(
    records.filter((record) => !overlapped.includes(record)),
    "subject",
  );
  const notes = [
    `${formatCount(options.clients)} socket.io clients (websocket, one connection each, token signed with the server's secret; ${measured.realAgents} are the directory's agents, the rest made-up agent ids) in ${options.clientProcesses} child processes; each client is connected to both servers; all connected in ${formatMs(measured.connectMs)}`,
    `${ours.kept} + ${bare.kept} changes (rings and hangups of ${options.extension}, a SIP.js phone in Chromium that never answers), one ring cycle per candidate at a time in ABBA order after a warm-up cycle each; each server's AMI link passes through a gate in the benchmark process, and the real server's is held during baseline cycles (released after), so only one server fans out at a time`,
    `the gates pass replies to each server's own actions and only the events that mention /${options.extension}; the real server's gate left out ${formatCount(measured.droppedEvents)} events about other phones (other people's calls on the shared PBX), which would have made it alone fan out their presence during samples`,
    `t0 = Asterisk's own Timestamp of DeviceStateChange PJSIP/${options.extension} (wall clock, mapped onto CLOCK_MONOTONIC); t_i = client i's presence.updated handler, on CLOCK_MONOTONIC, which all processes share. A second AMI link of ours (the server's user) got the event ${formatMs(median(amiDelays))} after the stamp (p50), max ${formatMs(amiDelays.length === 0 ? undefined : Math.max(...amiDelays))}${unstamped > 0 ? `; ${unstamped} events had no Timestamp and used that receipt as t0` : ""}`,
    `ours − bare socket.io, p50 to last client: ${formatMs(oursMedian !== undefined && bareMedian !== undefined ? oursMedian - bareMedian : undefined)}; p99 ratio ${formatRatio(oursP99 !== undefined && bareP99 !== undefined && bareP99 > 0 ? oursP99 / bareP99 : undefined)}; with ${ours.toLast.length} samples a p99 is close to the single worst one`,
    `each client's median over the samples, fastest–slowest: ours ${spread(ours.perClient)}, bare socket.io ${spread(bare.perClient)}: a wide range means clients are served in a fixed order, not that some are unlucky`,
    counters.foreign === 0
      ? "no presence.updated of another agent reached the clients"
      : `presence.updated of other agents reached every client about ${formatCount(Math.round(counters.foreign / options.clients))} times during the run; ${overlapped.length} of the real server's samples overlapped such a fan-out (the bare server never sends them)${overlapped.length === 0 ? "" : `: without those, ours to last client is p50 ${formatMs(median(quiet.toLast))}, p99 ${formatMs(percentile(quiet.toLast, 99))}`}`,
    `CPU per change (10 ms ticks, summed over the cycles): real server ${formatMs(perChange(cpu.subject, "server"))}, bare socket.io server ${formatMs(perChange(cpu.baseline, "baseline"))}; client processes ${formatMs(perChange(cpu.subject, "clients"))} in real-server cycles, ${formatMs(perChange(cpu.baseline, "clients"))} in baseline cycles (the real server also handles every other AMI event of the ring)`,
    `RSS at start is each server before the clients connected, peak RSS the highest of that and of what was sampled after each change (the real server's VmHWM, about 400 MiB, is its argon2 hashing of the seed passwords at start-up, so it is not used); the growth understates what 1,000 connections take where the heap still had room left from start-up`,
    `pbx.status events (the real server's AMI link dropped or came back): ${formatCount(counters.pbxStatus)}; presence.updated for ${options.extension} with an unexpected presence: ${formatCount(counters.unexpected)}`,
    `1-minute load average: ${run.loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end (2+ on 2 cores means the figures shared the CPU); run took ${((Date.now() - run.startedAt) / 1000).toFixed(0)} s`,
    ...run.cleanupNotes,
  ];

  return {
    name: "fan-out",
    title: TITLE,
    rows,
    targets: [
      {
        label: `p99 ≤ ${TARGET_P99_MS} ms`,
        met: oursP99 === undefined ? undefined : oursP99 <= TARGET_P99_MS,
        actual: `ours p99 to last client ${formatMs(oursP99)}, bare socket.io ${formatMs(bareP99)}`,
      },
    ],
    notes,
    details: {
      settings: options,
      connectMs: measured.connectMs,
      cpu,
      rss,
      counters,
      droppedEvents: measured.droppedEvents,
      perClientMedianMs: { subject: ours.perClient.map(round2), baseline: bare.perClient.map(round2) },
      loadAverage: { start: run.loadAtStart, end: loadavg()[0] ?? 0 },
      curve: measured.steps.map((step) => ({ clients: step.clients, cpu: step.cpu })),
      samples: measured.records.map((record) => ({
        sample: record.sample,
        clients: record.clients,
        target: record.target,
        change: record.change,
        amiDelayMs: record.amiDelayMs,
        missing: record.missing,
        foreignDuring: record.foreignDuring,
        firstMs: record.deliveries.length === 0 ? null : Math.min(...record.deliveries),
        p50Ms: median(record.deliveries) ?? null,
        p99Ms: percentile(record.deliveries, 99) ?? null,
        lastMs: record.deliveries.length === 0 ? null : Math.max(...record.deliveries),
      })),
    },
  };
}

/**
 * The curve: at each client count, the time to the last client (p50, p99) and the servers' CPU per
 * delivery (CPU per change ÷ clients), ours beside bare socket.io. Where no server can reach 1,000
 * clients in 50 ms on this machine, the slope says what each delivery costs each of them.
 */
function curveRows(measured: Measured, labels: Record<Target, string>): BenchmarkRow[] {
  return measured.steps.flatMap((step) => {
    const at = measured.records.filter((record) => record.clients === step.clients);
    const toLast = { subject: summarize(at, "subject").toLast, baseline: summarize(at, "baseline").toLast };
    const perDeliveryUs = (target: Target) => {
      const spent = step.cpu[target];
      return spent.samples === 0 ? undefined : ((target === "subject" ? spent.server : spent.baseline) / spent.samples / step.clients) * 1000;
    };
    const candidate = (target: Target) => (target === "subject" ? "ours (server/src)" : labels.baseline);
    return (["subject", "baseline"] as const).flatMap((target): BenchmarkRow[] => {
      const last = median(toLast[target]);
      const oursLast = median(toLast.subject);
      const cost = perDeliveryUs(target);
      const oursCost = perDeliveryUs("subject");
      return [
        {
          candidate: candidate(target),
          role: target,
          measure: `curve: to last client, ${formatCount(step.clients)} clients`,
          value: last,
          unit: "ms",
          tail: { label: "p99", value: percentile(toLast[target], 99) },
          ratio: oursLast !== undefined && last !== undefined && last > 0 ? oursLast / last : undefined,
          check: `${toLast[target].length} changes`,
        },
        {
          candidate: candidate(target),
          role: target,
          measure: `curve: server CPU per delivery, ${formatCount(step.clients)} clients`,
          value: cost,
          unit: "µs/delivery",
          ratio: oursCost !== undefined && cost !== undefined && cost > 0 ? oursCost / cost : undefined,
          check: "10 ms CPU ticks over the step's cycles",
        },
      ];
    });
  });
}
