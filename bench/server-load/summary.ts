/** Windows and transfer samples into the table's rows, the targets and the notes. */
import { cpus, loadavg } from "node:os";
import type { BenchmarkResult, BenchmarkRow, BenchmarkTarget } from "../lib/benchmark";
import { formatBytes, formatCount, formatMs } from "../lib/format";
import { median, percentile } from "../lib/stats";
import { NAME, TARGET_CPU_PERCENT, TARGET_EVENTS_PER_SECOND, TITLE, type ServerLoadOptions } from "./options";
import { overheadOf, type OverheadSample } from "./overhead";
import type { ProxyAction } from "./proxy-protocol";
import type { GcPause, RequestTiming } from "../../server/src/http/request-timings";
import { INSIDE_MEASURES, insideBreakdown, insideCauses, insideRows } from "../lib/server-timings";
import type { TransferSample } from "./transfer-agent";
import type { WindowRecord } from "./window";

export interface RunData {
  readonly windows: readonly WindowRecord[];
  readonly samples: readonly TransferSample[];
  readonly actions: readonly ProxyAction[];
  /** Each server's own timings of its transfer requests (HANDOFF_TIMINGS_FILE). */
  readonly timings: {
    readonly subject: readonly RequestTiming[];
    readonly baseline: readonly RequestTiming[];
    /** Each server's GC pauses, to join to the requests they fell in. */
    readonly gc: { readonly subject: readonly GcPause["gc"][]; readonly baseline: readonly GcPause["gc"][] };
  };
  readonly cleanupReport: string;
  readonly priorityNote: string;
  readonly loadAtStart: number;
  readonly runSeconds: number;
}

interface Condition {
  readonly label: string;
  readonly role: BenchmarkRow["role"];
  readonly windows: readonly WindowRecord[];
}

export function summarise(options: ServerLoadOptions, data: RunData): BenchmarkResult {
  const { windows, samples, actions } = data;
  const idle = windows.filter((w) => w.kind === "idle");
  const load = windows.filter((w) => w.kind === "load");
  const peaks = windows.filter((w) => w.kind === "peak");
  // The best step is the highest rate the server kept up with; a step it fell behind on shows in the notes.
  const best = [...peaks].filter((w) => w.keptUp).sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0];
  const held = options.held;
  const conditions: Condition[] = [
    { label: "server, idle PBX (baseline)", role: "baseline", windows: idle },
    { label: `server, churn ${options.callsPerSecond} calls/s, ${held} held`, role: "subject", windows: load },
    ...(best === undefined || best.shape === null ? [] : [{ label: `server, peak churn ${best.shape.callsPerSecond} calls/s (${best.shape.holdSeconds} s hold)`, role: "ceiling" as const, windows: [best] }]),
  ];

  const samplesIn = (ws: readonly WindowRecord[]) =>
    samples.filter(({ postedAt, server }) => server === "subject" && postedAt !== undefined && ws.some((w) => postedAt >= w.startedAt && postedAt < w.endedAt));
  const timingsIn = (ws: readonly WindowRecord[], timings: readonly RequestTiming[]) => timings.filter(({ arrived }) => ws.some((w) => arrived >= w.startedAt && arrived < w.endedAt));
  const withBaseline = options.baselineRoot !== undefined;
  const overheads = (ws: readonly WindowRecord[]) => {
    const mine = samplesIn(ws);
    const ok: OverheadSample[] = [];
    const bad: string[] = [];
    for (const sample of mine) {
      if (sample.outcome !== "completed") {
        bad.push(sample.outcome);
        continue;
      }
      const overhead = overheadOf(sample, actions);
      if (typeof overhead === "string") bad.push(overhead);
      else ok.push(overhead);
    }
    return { total: mine.length, ok, bad, toCompleted: mine.flatMap((s) => (s.toCompletedMs === undefined ? [] : [s.toCompletedMs])) };
  };
  /** A rate or a percentage over several windows, weighted by their length. */
  const pooled = (ws: readonly WindowRecord[], pick: (w: WindowRecord) => number | undefined) => {
    const usable = ws.filter((w) => pick(w) !== undefined);
    const seconds = usable.reduce((sum, w) => sum + w.seconds, 0);
    return seconds === 0 ? undefined : usable.reduce((sum, w) => sum + (pick(w) ?? 0) * w.seconds, 0) / seconds;
  };

  interface Figures {
    overhead: ReturnType<typeof overheads>;
    eventsPerSecond: number | undefined;
    keptUp: boolean;
    lag: number;
    serverCpu: number | undefined;
    serverWait: number | undefined;
    asteriskCpu: number | undefined;
    rssMedian: number | undefined;
    rssPeak: number | undefined;
    rssStart: number | undefined;
  }
  const figures = new Map<Condition, Figures>();
  for (const condition of conditions) {
    const rss = condition.windows.flatMap((w) => w.serverRssSamples);
    figures.set(condition, {
      overhead: overheads(condition.windows),
      eventsPerSecond: pooled(condition.windows, (w) => w.eventsPerSecond),
      keptUp: condition.windows.every((w) => w.keptUp),
      lag: Math.max(...condition.windows.map((w) => w.lagSecondsAtEnd)),
      serverCpu: pooled(condition.windows, (w) => w.serverCpuPercent),
      serverWait: pooled(condition.windows, (w) => w.serverWaitPercent),
      asteriskCpu: pooled(condition.windows, (w) => w.asteriskCpuPercent),
      rssMedian: median(rss),
      rssPeak: rss.length === 0 ? undefined : Math.max(...rss),
      rssStart: condition.windows[0]?.serverRssStart,
    });
  }
  const subject = conditions.find((c) => c.role === "subject");
  const subjectFigures = subject === undefined ? undefined : figures.get(subject);
  const ratio = (mine: number | undefined, theirs: number | undefined) => (mine === undefined || theirs === undefined || theirs === 0 ? undefined : mine / theirs);

  const rows: BenchmarkRow[] = [];
  const measures: { measure: string; unit: string; pick: (f: Figures) => number | undefined; tail?: (f: Figures) => number | undefined; check: (f: Figures, c: Condition) => string; rss?: boolean }[] = [
    {
      measure: "overhead per transfer (HTTP − AMI)",
      unit: "ms",
      pick: (f) => percentile(f.overhead.ok.map((o) => o.overheadMs), 50),
      tail: (f) => percentile(f.overhead.ok.map((o) => o.overheadMs), 99),
      check: (f) => (f.overhead.total === 0 ? "no transfer in the window" : f.overhead.bad.length === 0 ? "ok" : `${f.overhead.bad.length} of ${f.overhead.total}: ${f.overhead.bad[0]}`),
    },
    { measure: "AMI events/s handled", unit: "ev/s", pick: (f) => f.eventsPerSecond, check: (f) => (f.keptUp ? "ok" : `server behind: ${f.lag.toFixed(1)} s of events unread at the end`) },
    { measure: "server CPU, % of one core", unit: "%", pick: (f) => f.serverCpu, check: () => "ok" },
    {
      measure: "server waiting for a CPU, % of the time",
      unit: "%",
      pick: (f) => f.serverWait,
      check: () => "ok",
    },
    { measure: "server RSS (median)", unit: "bytes", pick: (f) => f.rssMedian, check: () => "ok", rss: true },
    { measure: "Asterisk CPU, % of one core", unit: "%", pick: (f) => f.asteriskCpu, check: (f) => (f.asteriskCpu === undefined ? "Asterisk restarted or not found" : "ok") },
  ];
  // The servers' own timings, per condition, beside the raw AMI round trip the proxy saw for the same BlindTransfers.
  const insideTable: BenchmarkRow[] = [];
  for (const [who, timings] of [["", data.timings.subject], ...(withBaseline ? [["baseline server: ", data.timings.baseline] as const] : [])] as const) {
    for (const condition of conditions) {
      const mine = timingsIn(condition.windows, timings);
      insideTable.push(...insideRows(`${who}${condition.label}`, who === "" ? condition.role : "baseline", mine));
    }
  }
  for (const condition of conditions) {
    const f = figures.get(condition);
    const blind = (f?.overhead.ok ?? []).flatMap((o) => (o.blindTransferMs === undefined ? [] : [o.blindTransferMs]));
    insideTable.push({
      candidate: `raw AMI BlindTransfer (at the proxy), ${condition.label.replace(/^server, /, "")}`,
      role: "baseline",
      measure: INSIDE_MEASURES.ami,
      value: percentile(blind, 50),
      unit: "ms",
      tail: { label: "p99", value: percentile(blind, 99) },
      ratio: undefined,
      check: blind.length === 0 ? "no BlindTransfer seen" : "ok",
    });
  }
  const subjectInside = (measure: string) => insideTable.find((r) => r.role === "subject" && r.measure === measure)?.value;
  for (const row of insideTable) rows.push({ ...row, ratio: ratio(subjectInside(row.measure), row.value) });

  for (const m of measures) {
    for (const condition of conditions) {
      const f = figures.get(condition);
      if (f === undefined) continue;
      const value = m.pick(f);
      rows.push({
        candidate: condition.label,
        role: condition.role,
        measure: m.measure,
        value,
        unit: m.unit,
        ...(m.tail === undefined ? {} : { tail: { label: "p99", value: m.tail(f) } }),
        ...(m.rss === true ? { peakRssBytes: f.rssPeak, startRssBytes: f.rssStart } : {}),
        ratio: ratio(subjectFigures === undefined ? undefined : m.pick(subjectFigures), value),
        check: m.check(f, condition),
      });
    }
  }

  // Server CPU against the event rate over every window: its slope is the CPU one event costs.
  const fit = linearFit(windows.map((w) => [w.eventsPerSecond, w.serverCpuPercent] as const));
  const projected = fit === undefined ? undefined : fit.intercept + fit.slope * TARGET_EVENTS_PER_SECOND;
  const microsPerEvent = fit === undefined ? undefined : fit.slope * 10_000;
  const reached = [...windows].filter((w) => w.keptUp && w.eventsPerSecond >= TARGET_EVENTS_PER_SECOND).sort((a, b) => a.eventsPerSecond - b.eventsPerSecond)[0];
  const highest = [...windows].filter((w) => w.keptUp).sort((a, b) => b.eventsPerSecond - a.eventsPerSecond)[0];
  const targets: BenchmarkTarget[] = [
    {
      label: `≥ ${formatCount(TARGET_EVENTS_PER_SECOND)} AMI events/s handled`,
      met: highest === undefined ? undefined : highest.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
      actual:
        highest === undefined
          ? "no window measured"
          : `highest ${formatCount(highest.eventsPerSecond)} ev/s at ${highest.shape?.callsPerSecond ?? 0} calls/s, server kept up, Asterisk at ${highest.asteriskCpuPercent?.toFixed(0) ?? "—"} % of one core`,
    },
    {
      label: `server < ${TARGET_CPU_PERCENT} % of one core at ${formatCount(TARGET_EVENTS_PER_SECOND)} ev/s`,
      met: reached === undefined ? undefined : reached.serverCpuPercent < TARGET_CPU_PERCENT,
      actual:
        reached !== undefined
          ? `${reached.serverCpuPercent.toFixed(1)} % at ${formatCount(reached.eventsPerSecond)} ev/s`
          : `${formatCount(TARGET_EVENTS_PER_SECOND)} ev/s not reached; the fit over all windows projects ${projected === undefined ? "—" : `${projected.toFixed(1)} %`}` +
            (projected === undefined ? "" : ` (${projected < TARGET_CPU_PERCENT ? "would be met" : "would not be met"})`),
    },
  ];

  const conditionNotes = conditions.flatMap((condition) => {
    const f = figures.get(condition);
    if (f === undefined) return [];
    const http = f.overhead.ok.map((o) => o.httpMs);
    const blind = f.overhead.ok.flatMap((o) => (o.blindTransferMs === undefined ? [] : [o.blindTransferMs]));
    const worstLoop = Math.max(...condition.windows.map((w) => w.benchLoopDelayP99Ms));
    const benchWait = pooled(condition.windows, (w) => w.benchWaitPercent);
    return [
      `${condition.label}: ${f.overhead.ok.length} transfers measured of ${f.overhead.total}; HTTP round trip p50 ${formatMs(percentile(http, 50))} / p99 ${formatMs(percentile(http, 99))}; ` +
        `BlindTransfer AMI round trip p50 ${formatMs(percentile(blind, 50))} / p99 ${formatMs(percentile(blind, 99))}; POST to "completed" p50 ${formatMs(percentile(f.overhead.toCompleted, 50))}; ` +
        `max unread on the server's link ${formatBytes(Math.max(...condition.windows.map((w) => w.maxBacklogBytes)))}; benchmark's event-loop delay p99 ${formatMs(worstLoop)}, its main thread waiting for a CPU ${benchWait?.toFixed(1) ?? "—"} % of the time`,
    ];
  });
  const mix = (ws: readonly WindowRecord[]) => {
    const totals = new Map<string, number>();
    for (const w of ws) for (const [name, count] of Object.entries(w.byName)) totals.set(name, (totals.get(name) ?? 0) + count);
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    return [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([name, count]) => `${name} ${((count / all) * 100).toFixed(0)} %`)
      .join(", ");
  };
  const heldSeen = load.flatMap((w) => (w.heldAtEnd === undefined ? [] : [w.heldAtEnd]));
  const notes = [
    `overhead = HTTP round trip of POST /api/transfers/execute (blind, to an outside number that answers at once) minus the time the agent's own AMI actions (BlindTransfer, Getvar) spent in Asterisk, timed by a proxy process on the server's AMI link; p99 of ~${Math.round(median(conditions.map((c) => figures.get(c)?.overhead.ok.length ?? 0)) ?? 0)} samples is close to their maximum`,
    `${options.rounds} rounds of idle ${options.windowSeconds} s then churn ${options.windowSeconds} s (after a ${(options.held / options.callsPerSecond + 1).toFixed(0)} s ramp), interleaved; 2 agents (1004, 1005), each starting a transfer every ${options.transferIntervalMs / 1000} s, ${options.settleMs / 1000} s after the phone answered; churn calls are bridged Local calls (4 channels each) that answer at once and hang up after their hold`,
    ...conditionNotes,
    ...conditions.map((c) => insideBreakdown(c.label, timingsIn(c.windows, data.timings.subject))),
    ...(withBaseline ? conditions.map((c) => insideBreakdown(`baseline server (${options.baselineRoot ?? ""}), ${c.label}`, timingsIn(c.windows, data.timings.baseline))) : []),
    ...conditions.map((c) => insideCauses(c.label, timingsIn(c.windows, data.timings.subject), data.timings.gc.subject)),
    ...(withBaseline ? conditions.map((c) => insideCauses(`baseline server, ${c.label}`, timingsIn(c.windows, data.timings.baseline), data.timings.gc.baseline)) : []),
    ...(withBaseline ? ["with a baseline server, each agent's transfers alternate between the two servers; both receive every AMI event (the baseline straight from Asterisk), so each carries the other's event load"] : []),
    `calls held at the end of each churn window: ${heldSeen.length === 0 ? "—" : heldSeen.join(", ")} (target ${held}); originates refused ${windows.reduce((s, w) => s + w.refused, 0)}, skipped (over 200 awaiting a reply) ${windows.reduce((s, w) => s + w.skipped, 0)}`,
    `event mix under churn: ${mix(load) || "—"}`,
    `peak steps (${options.peakSeconds} s each, ${options.peakHoldSeconds} s hold): ` +
      (peaks.length === 0
        ? "skipped"
        : peaks
            .map((w) => `${w.shape?.callsPerSecond ?? 0}/s → ${formatCount(w.eventsPerSecond)} ev/s, server ${w.serverCpuPercent.toFixed(1)} %, Asterisk ${w.asteriskCpuPercent?.toFixed(0) ?? "—"} %${w.keptUp ? "" : ` (server ${w.lagSecondsAtEnd.toFixed(1)} s behind)`}`)
            .join("; ")),
    `server CPU over all windows ≈ ${fit === undefined ? "—" : `${fit.intercept.toFixed(1)} % + ${microsPerEvent?.toFixed(1)} µs per event`} (least squares over ${windows.length} windows); proxy process ${pooled(windows, (w) => w.proxyCpuPercent)?.toFixed(1) ?? "—"} %, benchmark process ${pooled(windows, (w) => w.benchCpuPercent)?.toFixed(1) ?? "—"} %, Chromium (2 phones) ${pooled(windows, (w) => w.chromiumCpuPercent)?.toFixed(1) ?? "—"} % of one core on average`,
    `machine (${cpus().length} cores, ${cpus().length * 100} %) busy: ${conditions.map((c) => `${c.role} ${pooled(c.windows, (w) => w.machineBusyPercent)?.toFixed(0) ?? "—"} % (${pooled(c.windows, othersPercent)?.toFixed(0) ?? "—"} % elsewhere: other people's work)`).join(", ")}; 1-minute load average ${data.loadAtStart.toFixed(1)} at start, ${(loadavg()[0] ?? 0).toFixed(1)} at end (it counts Asterisk's many threads)`,
    `instrument priority: ${data.priorityNote}; run took ${data.runSeconds.toFixed(0)} s`,
    ...clockAnomalies(windows),
    `cleanup: ${data.cleanupReport}`,
  ];

  return {
    name: NAME,
    title: TITLE,
    rows,
    targets,
    notes,
    details: {
      settings: options,
      windows,
      fit: fit ?? null,
      samples: samples.map((sample) => {
        const overhead = sample.outcome === "completed" ? overheadOf(sample, actions) : sample.outcome;
        return { ...sample, overhead: typeof overhead === "string" ? null : overhead, problem: typeof overhead === "string" ? overhead : null };
      }),
      serverActions: actions.filter((a) => a.action !== "Ping").length,
      cleanup: data.cleanupReport,
      loadAverage: { start: data.loadAtStart, end: loadavg()[0] ?? 0 },
    },
  };
}

/**
 * On a virtual machine whose host is busy, the guest's CPU accounting can run ahead
 * of its wall clock (more busy time than cores × seconds, a thread waiting longer
 * than the window): such a window's CPU figures are not to be trusted.
 */
function clockAnomalies(windows: readonly WindowRecord[]): string[] {
  const ceiling = cpus().length * 100 * 1.05;
  const odd = windows.filter((w) => w.machineBusyPercent > ceiling || (w.serverWaitPercent ?? 0) > 100 || (w.benchWaitPercent ?? 0) > 100);
  if (odd.length === 0) return [];
  return [`CPU accounting ran ahead of the wall clock in ${odd.length} of ${windows.length} windows (${odd.map((w) => `${w.kind} ${w.index + 1}`).join(", ")}): the host was busy; their CPU figures are suspect`];
}

/** Machine CPU not accounted for by the processes this benchmark knows. */
function othersPercent(w: WindowRecord): number | undefined {
  if (w.asteriskCpuPercent === undefined || w.proxyCpuPercent === undefined) return undefined;
  return Math.max(0, w.machineBusyPercent - w.serverCpuPercent - w.asteriskCpuPercent - w.proxyCpuPercent - w.benchCpuPercent - w.chromiumCpuPercent);
}

function linearFit(points: readonly (readonly [number, number])[]): { slope: number; intercept: number } | undefined {
  if (points.length < 2) return undefined;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  const slope = points.reduce((s, [x, y]) => s + (x - meanX) * (y - meanY), 0) / sxx;
  return { slope, intercept: meanY - slope * meanX };
}
