/**
 * AMI decoding throughput: the recorded Asterisk 22 events replayed over
 * loopback TCP into our decoder, a naive decoder, asterisk-manager and a
 * reader that only counts message ends (the ceiling), each in a fresh child
 * process, in interleaved rounds. Run alone: npx tsx bench/ami-decoding.ts
 * [--rounds N] [--events N] [--only ours,naive] [--cpu-prof]
 */
import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadAmiReplayFixture } from "./ami-decoding/fixture";
import { candidateIds, isChildReport, type CandidateId, type ChildReport, type ChildSpec } from "./ami-decoding/protocol";
import { startReplayServer } from "./ami-decoding/replay-server";
import type { Benchmark, BenchmarkContext, BenchmarkResult, BenchmarkRow } from "./lib/benchmark";
import { formatBytes, formatCount, formatRate, formatRatio } from "./lib/format";
import { isMain, runAlone } from "./lib/run-alone";
import { maximum, median } from "./lib/stats";

export interface AmiDecodingOptions {
  readonly rounds: number;
  /** At least this many events per run; rounded up to whole copies of the recording. */
  readonly minEvents: number;
  readonly candidates: readonly CandidateId[];
  /** A run that takes longer is killed and reported as timed out. */
  readonly runTimeoutMs: number;
  /** When set, each child writes a V8 CPU profile there (node --cpu-prof). */
  readonly cpuProfileDir: string | undefined;
}

const defaults: AmiDecodingOptions = {
  rounds: 3,
  minEvents: 500_000,
  candidates: candidateIds,
  runTimeoutMs: 180_000,
  cpuProfileDir: undefined,
};

const TARGET_RATE = 1_000_000;
const TARGET_RATIO_TO_ASTERISK_MANAGER = 15;
const FIXTURE = fileURLToPath(new URL("../server/test/fixtures/ami-events-asterisk22.raw", import.meta.url));
const CHILD = fileURLToPath(new URL("./ami-decoding/child.ts", import.meta.url));

const roles: Record<CandidateId, BenchmarkRow["role"]> = {
  ours: "subject",
  naive: "baseline",
  "asterisk-manager": "baseline",
  "message-ends": "ceiling",
};

interface RunRecord {
  readonly round: number;
  readonly candidate: CandidateId;
  /** events/s, when the run delivered exactly the expected events. */
  readonly rate: number | undefined;
  readonly problem: string | undefined;
  readonly report: ChildReport | undefined;
}

export function createAmiDecodingBenchmark(overrides: Partial<AmiDecodingOptions> = {}): Benchmark {
  const options: AmiDecodingOptions = { ...defaults, ...overrides };
  return {
    name: "ami-decoding",
    title: "AMI decoding throughput",
    run: (context) => runAmiDecoding(context, options),
  };
}

export const amiDecoding = createAmiDecodingBenchmark();

async function runAmiDecoding({ log }: BenchmarkContext, options: AmiDecodingOptions): Promise<BenchmarkResult> {
  const fixture = loadAmiReplayFixture(FIXTURE);
  const repeats = Math.ceil(options.minEvents / fixture.eventsPerCopy);
  const expectedEvents = repeats * fixture.eventsPerCopy;
  const expectedNameChars = repeats * fixture.eventNameCharsPerCopy;
  const asteriskManagerVersion = installedVersion("asterisk-manager");
  const labels: Record<CandidateId, string> = {
    ours: "ours (server/src/ami/codec.ts)",
    naive: "naive split (bench/ami-decoding/naive-decoder.ts)",
    "asterisk-manager": `asterisk-manager ${asteriskManagerVersion ?? "(not installed)"}`,
    "message-ends": "count message ends only (ceiling)",
  };
  const runnable = options.candidates.filter((candidate) => candidate !== "asterisk-manager" || asteriskManagerVersion !== undefined);
  const loadAtStart = loadavg()[0] ?? 0;

  const server = await startReplayServer({ banner: fixture.banner, events: fixture.events, repeats });
  const runs: RunRecord[] = [];
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Rotate the order so no candidate always runs first (cold machine) or last.
      const shift = round % runnable.length;
      const order = [...runnable.slice(shift), ...runnable.slice(0, shift)];
      for (const candidate of order) {
        const outcome = await runChild({ candidate, port: server.port, expectedEvents }, options);
        const problem = outcome.problem ?? checkReport(outcome.report, expectedEvents, expectedNameChars);
        const elapsedMs = outcome.report?.elapsedMs;
        const rate = problem === undefined && elapsedMs !== undefined ? expectedEvents / (elapsedMs / 1000) : undefined;
        runs.push({ round: round + 1, candidate, rate, problem, report: outcome.report });
        log(`ami-decoding round ${round + 1}/${options.rounds} ${candidate}: ${problem ?? formatRate(rate, "ev/s")}, peak RSS ${formatBytes(outcome.report?.maxRssBytes)}`);
      }
    }
  } finally {
    await server.close();
  }

  const summary = (
    candidate: CandidateId,
  ): { rate: number | undefined; cpuPerEvent: number | undefined; peak: number | undefined; start: number | undefined; check: string } => {
    const mine = runs.filter((run) => run.candidate === candidate);
    if (candidate === "asterisk-manager" && asteriskManagerVersion === undefined) {
      return { rate: undefined, cpuPerEvent: undefined, peak: undefined, start: undefined, check: "not installed: npm install (it is a devDependency), or npm install --no-save asterisk-manager" };
    }
    const reports = mine.flatMap((run) => (run.report === undefined ? [] : [run.report]));
    const peak = maximum(reports.map((report) => report.maxRssBytes));
    const start = median(reports.map((report) => report.rssAtConnectBytes));
    const failed = mine.find((run) => run.problem !== undefined);
    // One wrong round makes the candidate wrong: a decoder that loses events is not fast.
    if (failed !== undefined) return { rate: undefined, cpuPerEvent: undefined, peak, start, check: `WRONG in round ${failed.round}: ${failed.problem}` };
    const rate = median(mine.flatMap((run) => (run.rate === undefined ? [] : [run.rate])));
    const cpuPerEvent = median(reports.flatMap((report) => (report.cpuMs === undefined ? [] : [(report.cpuMs * 1e6) / expectedEvents])));
    return { rate, cpuPerEvent, peak, start, check: "ok" };
  };

  const ours = summary("ours").rate;
  const oursCpu = summary("ours").cpuPerEvent;
  const rateRows: BenchmarkRow[] = options.candidates.map((candidate) => {
    const { rate, peak, start, check } = summary(candidate);
    const ratio = ours !== undefined && rate !== undefined ? ours / rate : undefined;
    return { candidate: labels[candidate], role: roles[candidate], measure: "decode rate", value: rate, unit: "ev/s", peakRssBytes: peak, startRssBytes: start, ratio, check };
  });
  // The child's own CPU time per event: what a busy machine disturbs least.
  const cpuRows: BenchmarkRow[] = options.candidates.map((candidate) => {
    const { cpuPerEvent, check } = summary(candidate);
    const ratio = oursCpu !== undefined && cpuPerEvent !== undefined ? oursCpu / cpuPerEvent : undefined;
    return { candidate: labels[candidate], role: roles[candidate], measure: "child CPU per event", value: cpuPerEvent, unit: "ns/ev", ratio, check };
  });
  const rows = [...rateRows, ...cpuRows];

  const asteriskManagerRate = summary("asterisk-manager").rate;
  const ratioToAsteriskManager = ours !== undefined && asteriskManagerRate !== undefined ? ours / asteriskManagerRate : undefined;
  // Rounds run minutes apart on a shared machine; the spread of same-round ratios shows how far to trust the medians.
  const ratioSpread = runnable
    .filter((candidate) => candidate !== "ours")
    .flatMap((candidate) => {
      const perRound = runs.flatMap((run) => {
        const mine = run.candidate === candidate ? run.rate : undefined;
        const oursThen = runs.find((other) => other.round === run.round && other.candidate === "ours")?.rate;
        return mine === undefined || oursThen === undefined ? [] : [oursThen / mine];
      });
      const low = perRound.length === 0 ? undefined : Math.min(...perRound);
      const high = maximum(perRound);
      return low === undefined ? [] : [`${candidate} ${formatRatio(low)}–${formatRatio(high)}`];
    });
  const ourChunks = runs.flatMap((run) => (run.candidate === "ours" && run.report !== undefined && run.report.chunks > 0 ? [run.report.bytes / run.report.chunks] : []));
  const meanChunk = median(ourChunks);

  return {
    name: "ami-decoding",
    title: "AMI decoding throughput",
    rows,
    targets: [
      {
        label: `≥ ${formatCount(TARGET_RATE)} ev/s`,
        met: ours === undefined ? undefined : ours >= TARGET_RATE,
        actual: `ours ${formatRate(ours, "ev/s")}`,
      },
      {
        label: `≥ ${TARGET_RATIO_TO_ASTERISK_MANAGER}× asterisk-manager`,
        met: ratioToAsteriskManager === undefined ? undefined : ratioToAsteriskManager >= TARGET_RATIO_TO_ASTERISK_MANAGER,
        actual: `ours ÷ asterisk-manager = ${formatRatio(ratioToAsteriskManager)}`,
      },
    ],
    notes: [
      `${formatCount(expectedEvents)} events per run (${repeats} × the ${formatCount(fixture.eventsPerCopy)} recorded events, ${formatBytes(repeats * fixture.events.length)}) over 127.0.0.1; ${options.rounds} rounds, order rotated, median shown`,
      `TCP reads seen by ours: ${meanChunk === undefined ? "—" : `${formatCount(meanChunk)} bytes`} on average; peak RSS is each child's whole process (node + tsx + socket buffers), RSS at start the same process just before it connected`,
      `ours ÷ it within each round (lowest–highest): ${ratioSpread.length === 0 ? "—" : ratioSpread.join(", ")}`,
      "child CPU per event: user + system CPU of the candidate's process from connect to the last event (socket reads included) ÷ events, median; for it, ours ÷ it below 1 means ours costs less",
      `1-minute load average: ${loadAtStart.toFixed(2)} at start, ${(loadavg()[0] ?? 0).toFixed(2)} at end (2+ on 2 cores means the figures shared the CPU)`,
    ],
    details: {
      settings: { ...options, cpuProfileDir: options.cpuProfileDir ?? null },
      fixture: {
        path: "server/test/fixtures/ami-events-asterisk22.raw",
        eventsPerCopy: fixture.eventsPerCopy,
        bytesPerCopy: fixture.events.length,
        skippedMessages: fixture.skippedMessages,
        banner: fixture.banner.toString("latin1").trim(),
      },
      expectedEvents,
      repeats,
      asteriskManagerVersion: asteriskManagerVersion ?? null,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      runs,
    },
  };
}

interface ChildOutcome {
  readonly report: ChildReport | undefined;
  readonly problem: string | undefined;
}

function runChild(spec: ChildSpec, options: AmiDecodingOptions): Promise<ChildOutcome> {
  // One folder per candidate: node names each thread's profile itself (tsx's loader runs on a second thread).
  const profiling = options.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${join(options.cpuProfileDir, spec.candidate)}`];
  return new Promise((resolve) => {
    // process.execArgv carries tsx's loader, so the child runs TypeScript too.
    const child = fork(CHILD, [JSON.stringify(spec)], { execArgv: [...process.execArgv, ...profiling], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let report: ChildReport | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.runTimeoutMs);
    child.on("message", (message) => {
      if (isChildReport(message)) report = message;
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ report, problem: `timed out after ${options.runTimeoutMs / 1000} s` });
      else if (report === undefined) resolve({ report, problem: `child exited (${signal ?? `code ${code}`}) without a report` });
      else resolve({ report, problem: undefined });
    });
  });
}

/** undefined when the run delivered exactly what the server sent; otherwise what went wrong. */
function checkReport(report: ChildReport | undefined, expectedEvents: number, expectedNameChars: number): string | undefined {
  if (report === undefined) return "no report";
  if (report.error !== undefined) return `error: ${report.error}`;
  if (report.candidate === "message-ends") {
    const expectedEnds = expectedEvents + 1;
    if (report.events !== expectedEnds) return `counted ${formatCount(report.events)} message ends, expected ${formatCount(expectedEnds)}`;
  } else {
    if (report.events < expectedEvents) return `lost ${formatCount(expectedEvents - report.events)} of ${formatCount(expectedEvents)} events`;
    if (report.events > expectedEvents) return `invented ${formatCount(report.events - expectedEvents)} events`;
    if (report.eventNameChars !== expectedNameChars) return "Event names differ from the recording (events merged or split)";
    if (report.responses !== 1) return `saw the Login reply ${report.responses} times`;
  }
  if (report.elapsedMs === undefined) return "the clock never stopped";
  return undefined;
}

function installedVersion(name: string): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown };
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

async function main(context: BenchmarkContext): Promise<BenchmarkResult> {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string" },
      events: { type: "string" },
      only: { type: "string" },
      "cpu-prof": { type: "boolean", default: false },
    },
  });
  const only = values.only?.split(",").filter((id): id is CandidateId => (candidateIds as readonly string[]).includes(id));
  const benchmark = createAmiDecodingBenchmark({
    ...(values.rounds === undefined ? {} : { rounds: Math.max(1, Number(values.rounds)) }),
    ...(values.events === undefined ? {} : { minEvents: Math.max(1, Number(values.events)) }),
    ...(only === undefined || only.length === 0 ? {} : { candidates: only }),
    ...(values["cpu-prof"] ? { cpuProfileDir: fileURLToPath(new URL("./results/profiles/", import.meta.url)) } : {}),
  });
  return benchmark.run(context);
}

if (isMain(import.meta.url)) runAlone(main);
