/**
 * The supervisor's board with 1,000 agents and 50 queues in Chromium, fed live: the benchmark's server
 * (an in-process HTTP + socket.io server, client/test/support) sends `board.agent` and `queue.figures`
 * events at a steady rate to the real app code (web bridge, API client validating each event, store,
 * board component). Measured while it happens: event sent → the row's new state in the DOM (the next
 * frame), the page's frame times and long tasks. The baseline is the same page with virtualization off
 * (every row in the DOM), fed the same stream in the same run.
 * Run alone: npx tsx bench/board.ts [--rate 200] [--seconds 10] [--agents 1000] [--queues 50]
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import type { BoardAgent, QueueFigures } from "@handoff/contract";
import type { Page } from "playwright-core";
import { FakeHandoffServer } from "../client/test/support/fake-handoff-server";
import type { Benchmark, BenchmarkContext, BenchmarkResult, BenchmarkRow } from "./lib/benchmark";
import { epochNow, launchChromium, serveBuiltPage } from "./lib/browser";
import { formatMs } from "./lib/format";
import { pollUntil } from "./lib/poll";
import { isMain, runAlone } from "./lib/run-alone";
import { maximum, percentile } from "./lib/stats";
import type { BoardProbe } from "./board/probe";

const PAGE_CONFIG = new URL("./board/vite.config.ts", import.meta.url).pathname;
const TOKEN = "bench-board-token-0123456789abcdef";
/** Rows the board shows without scrolling in a 1280 × 900 window (both candidates): events to these are timed. */
const VISIBLE = 10;
/** One event in this many goes to a visible agent (and is timed); the rest go anywhere. */
const TIMED_EVERY = 5;

export interface BoardOptions {
  readonly rate: number;
  readonly seconds: number;
  readonly agents: number;
  readonly queues: number;
}

type Candidate = "virtualized" | "all rows";
const labels: Record<Candidate, string> = { virtualized: "board, virtualized (ours)", "all rows": "same board, every row in the DOM" };

const agentId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const queueName = (n: number) => `queue-${String(n).padStart(2, "0")}`;

function agent(n: number, activity: BoardAgent["activity"], queues: number): BoardAgent {
  return {
    agentId: agentId(n),
    name: `Agent ${String(n).padStart(4, "0")}`,
    extension: String(10000 + n),
    role: "agent",
    activity,
    call: activity.state === "on_call" ? { since: activity.since, remote: { name: "Customer", number: `555${String(n).padStart(4, "0")}` }, queue: queueName(n % queues) } : null,
    transfers: [],
    queues: [queueName(n % queues), queueName((n + 7) % queues)],
  };
}

function figures(n: number, waiting: number, at: string): QueueFigures {
  return { queue: queueName(n), waiting, oldestWaitingSince: waiting > 0 ? at : null, signedIn: 20, available: 5, paused: 3, answeredToday: 100 + n, abandonedToday: 3, answeredWithinServiceLevelToday: 90, serviceLevel: 90 / 103, at };
}

const STATES: ReadonlyArray<(since: string) => BoardAgent["activity"]> = [
  (since) => ({ state: "available", since }),
  (since) => ({ state: "ringing", since }),
  (since) => ({ state: "on_call", since }),
  (since) => ({ state: "wrap_up", since, deadline: null }),
  (since) => ({ state: "paused", since, reason: "Lunch" }),
];

/** The benchmark's own server: what a supervisor's sign-in reads, then the events it is fed. */
async function startServer(options: BoardOptions): Promise<FakeHandoffServer> {
  const server = await FakeHandoffServer.start();
  const at = new Date().toISOString();
  const ok = (body: unknown) => ({ status: 200, body });
  server
    .on("POST", "/api/auth/login", ok({ token: TOKEN, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), agent: { id: "sup-1", name: "Sue Park", username: "sue", extension: null, role: "supervisor" }, sip: null }))
    .on("POST", "/api/auth/logout", ok({ signedOut: true }))
    .on("GET", "/api/agents", ok({ agents: [] }))
    .on("GET", "/api/calls/history", ok({ calls: [] }))
    .on("GET", "/api/queues/settings", ok({ queues: [], pauseReasons: ["Lunch"], dispositions: ["Resolved"], wrapUpSeconds: 30, serviceLevelSeconds: 20 }))
    .on("GET", "/api/agents/me/queue-state", ok({ state: { agentId: "sup-1", queues: [], pause: null, wrapUp: null } }))
    .on("GET", "/api/queues", ok({ queues: [] }))
    .on("GET", "/api/supervisor/audit", ok({ entries: [] }))
    .on("GET", "/api/supervisor/board", ok({ agents: Array.from({ length: options.agents }, (_, i) => agent(i + 1, { state: "available", since: at }, options.queues)), queues: Array.from({ length: options.queues }, (_, i) => figures(i, 0, at)), at }));
  server.accepted.add(TOKEN);
  return server;
}

interface Run {
  readonly candidate: Candidate;
  /** ms from the event's emit to the first frame after its row showed it. */
  readonly latencies: number[];
  readonly timed: number;
  readonly frames: number[];
  readonly longTasks: number[];
  readonly rowsInDom: number;
  readonly sent: number;
}

/** Page clock minus ours, by the quickest round trip (both read the same system clock; this checks it). */
async function clockOffset(page: Page): Promise<number> {
  let best = { error: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 15; i++) {
    const before = epochNow();
    const pageNow = await page.evaluate(() => (window as unknown as { boardProbe: BoardProbe }).boardProbe.now());
    const after = epochNow();
    if ((after - before) / 2 < best.error) best = { error: (after - before) / 2, offset: pageNow - (before + after) / 2 };
  }
  return best.offset;
}

async function measure(candidate: Candidate, pageUrl: string, server: FakeHandoffServer, options: BoardOptions, context: BenchmarkContext): Promise<Run> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    await page.goto(`${pageUrl}?virtualized=${candidate === "virtualized" ? 1 : 0}`);
    await pollUntil("the board to show its agents", () => page.evaluate(() => (window as unknown as { boardProbe?: BoardProbe }).boardProbe?.rows() ?? 0), (rows) => rows > 0, { timeoutMs: 60_000 }).catch((error: unknown) => {
      throw new Error(`${String(error)}; the page said: ${problems.join(" | ") || "nothing"}; it shows: ${problems.length}`);
    });
    await pollUntil("the real-time link", () => server.connectedCount(), (count) => count >= 1);
    const offset = await clockOffset(page);
    await page.evaluate(() => (window as unknown as { boardProbe: BoardProbe }).boardProbe.record(true));

    // The stream: `rate` events a second, one in five a queue's figures, the rest an agent's new state.
    const sentAt = new Map<string, number>();
    const total = Math.round(options.rate * options.seconds);
    const base = Date.now() + 60_000;
    const started = epochNow();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / options.rate;
      const wait = due - epochNow();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      if (i % 5 === 4) {
        server.emit("queue.figures", figures(i % options.queues, (i * 7) % 13, new Date().toISOString()));
        continue;
      }
      const timed = i % TIMED_EVERY === 0;
      const n = timed ? 1 + (i % VISIBLE) : 1 + ((i * 7919) % options.agents);
      // A distinct `since` per event (the row's data-since) names the event in the DOM.
      const since = new Date(base + i).toISOString();
      const makeState = STATES[i % STATES.length] ?? STATES[0]!;
      server.emit("board.agent", agent(n, makeState(since), options.queues));
      if (timed) sentAt.set(since, epochNow());
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { boardProbe: BoardProbe }).boardProbe;
      p.record(false);
      return { painted: p.painted, frames: p.frames, longTasks: p.longTasks, rows: p.rows() };
    });
    const latencies: number[] = [];
    for (const [since, at] of sentAt) {
      const painted = probe.painted[since];
      if (painted !== undefined) latencies.push(painted - offset - at);
    }
    context.log(`board: ${candidate}: ${total} events in ${((epochNow() - started) / 1000).toFixed(1)} s, ${latencies.length}/${sentAt.size} timed ones painted, ${probe.rows} rows in the DOM`);
    return { candidate, latencies, timed: sentAt.size, frames: probe.frames, longTasks: probe.longTasks, rowsInDom: probe.rows, sent: total };
  } finally {
    await browser.close();
  }
}

export async function runBoard(context: BenchmarkContext, options: BoardOptions = { rate: 200, seconds: 10, agents: 1000, queues: 50 }): Promise<BenchmarkResult> {
  const server = await startServer(options);
  process.env.HANDOFF_BENCH_BOARD_SERVER = server.url;
  const page = await serveBuiltPage(PAGE_CONFIG);
  const runs: Run[] = [];
  try {
    for (const candidate of ["virtualized", "all rows"] as const) runs.push(await measure(candidate, page.url, server, options, context));
  } finally {
    await page.close();
    await server.close();
  }
  const ours = runs[0]!;
  const rows: BenchmarkRow[] = runs.flatMap((run): BenchmarkRow[] => {
    const role = run === ours ? "subject" : "baseline";
    const check = run.latencies.length === run.timed ? "ok" : `${run.timed - run.latencies.length} of ${run.timed} not painted`;
    const ratio = (mine: number | undefined, theirs: number | undefined) => (mine === undefined || theirs === undefined || theirs === 0 ? undefined : mine / theirs);
    return [
      { candidate: labels[run.candidate], role, measure: "event → row painted", value: percentile(run.latencies, 50), unit: "ms", tail: { label: "p99", value: percentile(run.latencies, 99) }, ratio: ratio(percentile(ours.latencies, 50), percentile(run.latencies, 50)), check },
      { candidate: labels[run.candidate], role, measure: "frame time", value: percentile(run.frames, 50), unit: "ms", tail: { label: "max", value: maximum(run.frames) }, ratio: ratio(maximum(ours.frames), maximum(run.frames)), check: "ok" },
      { candidate: labels[run.candidate], role, measure: "frames over 50 ms", value: run.frames.filter((ms) => ms > 50).length, unit: `of ${run.frames.length}`, ratio: undefined, check: "ok" },
      { candidate: labels[run.candidate], role, measure: "long tasks (> 50 ms)", value: run.longTasks.length, unit: "tasks", ratio: undefined, check: "ok" },
      { candidate: labels[run.candidate], role, measure: "time in long tasks", value: run.longTasks.reduce((sum, ms) => sum + ms, 0), unit: "ms", ratio: undefined, check: "ok" },
    ];
  });
  const p99 = percentile(ours.latencies, 99);
  const worstFrame = maximum(ours.frames);
  return {
    name: "board",
    title: `supervisor board, ${options.agents} agents and ${options.queues} queues, ${options.rate} events/s`,
    rows,
    targets: [
      { label: "event → board DOM p99 ≤ 100 ms", met: p99 === undefined ? undefined : p99 <= 100, actual: `p99 ${formatMs(p99)}` },
      { label: "no frame over 50 ms", met: worstFrame === undefined ? undefined : worstFrame <= 50, actual: `longest frame ${formatMs(worstFrame)}` },
    ],
    notes: [
      `${options.rate} events/s for ${options.seconds} s (4 in 5 board.agent, 1 in 5 queue.figures), over socket.io into the real web bridge, client (contract-validated), store and board; one in ${TIMED_EVERY} events goes to one of the ${VISIBLE} agents in view and is timed`,
      `"event → row painted" starts when the benchmark's server emits the event, not at an AMI event: the server's own AMI → socket step is the fan-out benchmark's`,
      `rows in the DOM: ${runs.map((run) => `${labels[run.candidate]} ${run.rowsInDom}`).join(", ")}`,
      `Chromium headless, software rendering (--disable-gpu), 1280 × 900; load average at the end ${loadavg()[0]?.toFixed(1) ?? "?"}`,
    ],
    details: { options, runs: runs.map((run) => ({ ...run, frames: undefined, frameCount: run.frames.length, p95Frame: percentile(run.frames, 95) })) },
  };
}

export const board: Benchmark = {
  name: "board",
  title: "supervisor board, 1,000 agents, live events, virtualized vs every row",
  run: (context) => runBoard(context),
};

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { rate: { type: "string" }, seconds: { type: "string" }, agents: { type: "string" }, queues: { type: "string" } } });
  const options: BoardOptions = { rate: Number(values.rate ?? 200), seconds: Number(values.seconds ?? 10), agents: Number(values.agents ?? 1000), queues: Number(values.queues ?? 50) };
  runAlone((context) => runBoard(context, options));
}
