/**
 * The server's own timings of its transfer requests (HANDOFF_TIMINGS_FILE, see
 * server/src/http/request-timings.ts) into figures: the time from a request's
 * arrival to its AMI action and to its response, and where that time went.
 */
import type { RequestTiming } from "../../server/src/http/request-timings";
import type { BenchmarkRow } from "./benchmark";
import { formatMs } from "./format";
import { median, percentile } from "./stats";

/** A timed request that started a transfer: every step up to the AMI reply is known. */
export type CompleteTiming = RequestTiming & { transferId: string; validated: number; begin: number; recorded: number; actionWritten: number; actionReplied: number };

/** Transfers started and answered 202, with every moment known. */
export function completeTimings(timings: readonly RequestTiming[]): CompleteTiming[] {
  return timings.flatMap((t) =>
    t.statusCode === 202 && t.validated !== null && t.begin !== null && t.recorded !== null && t.actionWritten !== null && t.actionReplied !== null && t.transferId !== null
      ? [{ ...t, validated: t.validated, begin: t.begin, recorded: t.recorded, actionWritten: t.actionWritten, actionReplied: t.actionReplied, transferId: t.transferId }]
      : [],
  );
}

export const INSIDE_MEASURES = {
  toAction: "inside: arrival → AMI action written",
  toResponse: "inside: arrival → response",
  own: "inside: arrival → response − AMI wait",
  ami: "AMI round trip (written → reply)",
} as const;

/** Rows for one server's timings: arrival → action, arrival → response, its own share, its AMI round trip; p50 and p99. */
export function insideRows(candidate: string, role: BenchmarkRow["role"], timings: readonly RequestTiming[], expected?: number): BenchmarkRow[] {
  const done = completeTimings(timings);
  const series: Record<keyof typeof INSIDE_MEASURES, number[]> = {
    toAction: done.map((t) => t.actionWritten - t.arrived),
    toResponse: done.map((t) => t.responded - t.arrived),
    own: done.map((t) => t.responded - t.arrived - (t.actionReplied - t.actionWritten)),
    ami: done.map((t) => t.actionReplied - t.actionWritten),
  };
  const check = done.length === 0 ? "no timings (a server without HANDOFF_TIMINGS_FILE?)" : expected !== undefined && done.length < expected ? `${done.length} of ${expected} timed` : "ok";
  return (Object.keys(INSIDE_MEASURES) as (keyof typeof INSIDE_MEASURES)[]).map((key) => ({
    candidate,
    role,
    measure: INSIDE_MEASURES[key],
    value: percentile(series[key], 50),
    unit: "ms",
    tail: { label: "p99", value: percentile(series[key], 99) },
    ratio: undefined,
    check,
  }));
}

/** Where the time inside went, median of each step: one line for the notes. */
export function insideBreakdown(label: string, timings: readonly RequestTiming[]): string {
  const done = completeTimings(timings);
  if (done.length === 0) return `${label}: no inside timings`;
  const step = (pick: (t: (typeof done)[number]) => number) => formatMs(median(done.map(pick)));
  return (
    `${label}, inside the server (median of ${done.length}): body parsed and validated ${step((t) => t.validated - t.arrived)}, ` +
    `token, idempotency and lookups ${step((t) => t.begin - t.validated)}, recording the transfer ${step((t) => t.recorded - t.begin)}, ` +
    `following it and writing the action ${step((t) => t.actionWritten - t.recorded)}, Asterisk's reply ${step((t) => t.actionReplied - t.actionWritten)}, ` +
    `reply to response serialized ${done.every((t) => typeof t.serialized === "number") ? step((t) => (t.serialized ?? 0) - t.actionReplied) : "—"}, ` +
    `reply to response sent ${step((t) => t.responded - t.actionReplied)}`
  );
}

/**
 * Where arrival → response went, for the median request and the slowest 5 %: the event-loop thread
 * running (GC pauses inside it named), ready but waiting for a CPU, or idle (waiting on Asterisk or a
 * socket); the three add up to the request's time. Needs a server whose timings carry `thread`.
 */
export function insideCauses(label: string, timings: readonly RequestTiming[], gcPauses: readonly { at: number; ms: number }[]): string {
  const done = completeTimings(timings).filter((t) => t.thread != null);
  if (done.length === 0) return `${label}: no thread schedule in the timings (not Linux, or a server without it)`;
  const split = (t: (typeof done)[number]) => {
    const wall = t.responded - t.arrived;
    const thread = t.thread ?? { cpuMs: 0, runQueueMs: 0 };
    const gc = gcPauses.reduce((sum, p) => sum + Math.max(0, Math.min(p.at + p.ms, t.responded) - Math.max(p.at, t.arrived)), 0);
    return { wall, running: thread.cpuMs, gc, waiting: thread.runQueueMs, idle: Math.max(0, wall - thread.cpuMs - thread.runQueueMs), ami: t.actionReplied - t.actionWritten };
  };
  const byWall = [...done].sort((a, b) => a.responded - a.arrived - (b.responded - b.arrived));
  const describe = (group: readonly (typeof done)[number][]) => {
    const parts = group.map(split);
    const mean = (key: keyof ReturnType<typeof split>) => formatMs(parts.reduce((sum, p) => sum + p[key], 0) / parts.length);
    return `${mean("wall")} = running ${mean("running")} (GC ${mean("gc")}) + waiting for a CPU ${mean("waiting")} + idle ${mean("idle")} (AMI written → reply ${mean("ami")})`;
  };
  const median = byWall[Math.floor((byWall.length - 1) / 2)];
  const slowest = byWall.slice(Math.floor(byWall.length * 0.95));
  return (
    `${label}, where arrival → response went (event-loop thread, /proc/self/schedstat: "running" is known to a kernel tick and can include up to one from before arrival, so idle is what is left; GC from perf_hooks): ` +
    `median request ${median === undefined ? "—" : describe([median])}; slowest 5 % (${slowest.length} of ${done.length}, mean) ${describe(slowest)}`
  );
}
