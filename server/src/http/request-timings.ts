import { openSync, readFileSync, writeSync } from "node:fs";
import { PerformanceObserver, performance } from "node:perf_hooks";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { TransferProbe } from "../transfers/probe";

/** The requests timed: those that start a transfer. */
const TIMED_ROUTES = new Set(["/api/transfers/execute", "/api/handoffs"]);

/** Epoch ms with sub-millisecond precision: comparable with a benchmark's clock on the same machine. */
const now = () => performance.timeOrigin + performance.now();

/** One timed request, as a line of the timings file (epoch ms; absent where the request never got there). */
export interface RequestTiming {
  route: string;
  statusCode: number;
  transferId: string | null;
  /** Fastify's onRequest: the request line and headers parsed. */
  arrived: number;
  /** The body parsed and validated (the first preHandler, before the route's auth guard). */
  validated: number | null;
  /** The service's checks and lookups done, about to record the transfer. */
  begin: number | null;
  recorded: number | null;
  /** The first AMI action written to the socket. */
  actionWritten: number | null;
  actionReplied: number | null;
  /** Fastify's onSend: the response body serialized (and checked against its schema). */
  serialized: number | null;
  /** Fastify's onResponse: the response handed to the socket. */
  responded: number;
  /** CLOCK_MONOTONIC µs at arrival: the clock of a V8 CPU profile's samples, to find the request's among them. */
  arrivedMonoUs?: number;
  /**
   * The event-loop thread between arrival and response (Linux, /proc/self/schedstat): ms it ran (this
   * request's work and anything else the loop did meanwhile) and ms it was ready but waiting for a CPU.
   */
  thread?: { cpuMs: number; runQueueMs: number } | null;
}

/** A garbage-collection pause, as its own line of the timings file (delivered late, so not joined to a request here). */
export interface GcPause {
  gc: { at: number; ms: number };
}

/** CPU time and run-queue wait of the event-loop thread so far, in ns (null where /proc is not Linux's). */
function threadSchedule(): [cpuNs: number, waitNs: number] | null {
  try {
    const [cpu, wait] = readFileSync("/proc/self/schedstat", "utf8").split(" ");
    return [Number(cpu), Number(wait)];
  } catch {
    return null;
  }
}

interface Pending {
  arrived: number;
  arrivedMonoUs: number;
  schedule: [number, number] | null;
  validated: number | null;
  serialized: number | null;
  payload: unknown;
}

/**
 * Benchmarks only (HANDOFF_TIMINGS_FILE): times every transfer-starting request inside
 * the server, from its arrival to its first AMI action and to its response, and appends
 * one JSON line per request to `file` after the response has gone (never on the timed
 * path). Install before the routes; hand the probe to the transfer service.
 */
export function installRequestTimings(app: FastifyInstance, file: string): TransferProbe {
  // Opened once and written synchronously after each response: a few µs, and nothing queued when the process is killed.
  const fd = openSync(file, "a");
  const pending = new WeakMap<FastifyRequest, Pending>();
  const marks = new Map<string, { begin: number | null; recorded: number | null; actionWritten: number | null; actionReplied: number | null }>();
  const timed = (request: FastifyRequest) => request.method === "POST" && TIMED_ROUTES.has(request.routeOptions.url ?? "");

  // Pauses go to the file as they are reported; the benchmark joins them to the requests they fall in.
  const gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) writeSync(fd, JSON.stringify({ gc: { at: performance.timeOrigin + entry.startTime, ms: entry.duration } } satisfies GcPause) + "\n");
  });
  gcObserver.observe({ entryTypes: ["gc"] });
  app.addHook("onClose", (_app, done) => {
    gcObserver.disconnect();
    done();
  });

  app.addHook("onRequest", (request, _reply, done) => {
    if (timed(request)) {
      // Read before the arrival mark: the read itself (~20 µs) is not in the request's figures.
      const schedule = threadSchedule();
      pending.set(request, { arrived: now(), arrivedMonoUs: Number(process.hrtime.bigint() / 1000n), schedule, validated: null, serialized: null, payload: undefined });
    }
    done();
  });
  app.addHook("preHandler", (request, _reply, done) => {
    const entry = pending.get(request);
    if (entry !== undefined) entry.validated = now();
    done();
  });
  app.addHook("onSend", (request, _reply, payload, done) => {
    const entry = pending.get(request);
    if (entry !== undefined) {
      entry.serialized = now();
      entry.payload = payload;
    }
    done(null, payload);
  });
  app.addHook("onResponse", (request, reply, done) => {
    const responded = now();
    const entry = pending.get(request);
    done();
    if (entry === undefined) return;
    const before = entry.schedule;
    const after = before === null ? null : threadSchedule();
    let transferId: string | null = null;
    try {
      transferId = typeof entry.payload === "string" ? ((JSON.parse(entry.payload) as { transfer?: { id?: string } }).transfer?.id ?? null) : null;
    } catch {
      // Not JSON: an error page, timed without a transfer.
    }
    const mark = transferId === null ? undefined : marks.get(transferId);
    if (transferId !== null) marks.delete(transferId);
    const line: RequestTiming = {
      route: request.routeOptions.url ?? request.url,
      statusCode: reply.statusCode,
      transferId,
      arrived: entry.arrived,
      validated: entry.validated,
      begin: mark?.begin ?? null,
      recorded: mark?.recorded ?? null,
      actionWritten: mark?.actionWritten ?? null,
      actionReplied: mark?.actionReplied ?? null,
      serialized: entry.serialized,
      responded,
      arrivedMonoUs: entry.arrivedMonoUs,
      thread: before === null || after === null ? null : { cpuMs: (after[0] - before[0]) / 1e6, runQueueMs: (after[1] - before[1]) / 1e6 },
    };
    writeSync(fd, JSON.stringify(line) + "\n");
  });

  const at = (id: string, key: "begin" | "recorded" | "actionWritten" | "actionReplied") => {
    let mark = marks.get(id);
    if (mark === undefined) marks.set(id, (mark = { begin: null, recorded: null, actionWritten: null, actionReplied: null }));
    mark[key] = now();
    // A transfer whose request never answered (the server crashed or the client left) must not pile up.
    if (marks.size > 1_000) marks.delete(marks.keys().next().value as string);
  };
  return {
    begin: (id) => at(id, "begin"),
    recorded: (id) => at(id, "recorded"),
    actionWritten: (id) => at(id, "actionWritten"),
    actionReplied: (id) => at(id, "actionReplied"),
  };
}
