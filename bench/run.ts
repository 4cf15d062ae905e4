/**
 * npm run bench: runs every benchmark in `benchmarks`, prints one table with the
 * targets under it, and keeps the figures in bench/results/<time>.json and
 * latest.json. Missing a target never fails the run; only a benchmark that could
 * not measure at all (it threw) sets a non-zero exit code.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { amiDecoding } from "./ami-decoding";
import { board } from "./board";
import { eventDispatch } from "./event-dispatch";
import { fanOut } from "./fan-out";
import type { Benchmark, BenchmarkResult } from "./lib/benchmark";
import { renderReport } from "./lib/report";
import { BASELINE_ROOT_VARIABLE } from "./lib/server-process";
import { loginFlood } from "./login-flood";
import { renderer } from "./renderer";
import { serverLoad } from "./server-load";
import { transferLatency } from "./transfer-latency";

/** Add a benchmark here: a module exporting a Benchmark (see lib/benchmark.ts). */
const benchmarks: readonly Benchmark[] = [amiDecoding, eventDispatch, transferLatency, serverLoad, fanOut, renderer, board, loginFlood];

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" }, "baseline-root": { type: "string" } } });
  // transfer-latency and server-load then measure that checkout's server beside this one's (see lib/server-process.ts).
  if (values["baseline-root"] !== undefined) process.env[BASELINE_ROOT_VARIABLE] = resolve(values["baseline-root"]);
  const only = values.only?.split(",");
  const unknown = only?.filter((name) => !benchmarks.some((b) => b.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(", ")}; there are: ${benchmarks.map((b) => b.name).join(", ")}`);
  const chosen = only === undefined ? benchmarks : benchmarks.filter((b) => only.includes(b.name));
  const startedAt = new Date();
  const results: BenchmarkResult[] = [];
  const failures: { name: string; error: string }[] = [];
  for (const benchmark of chosen) {
    console.error(`${benchmark.name}: ${benchmark.title}…`);
    try {
      results.push(await benchmark.run({ log: (line) => console.error(line) }));
    } catch (error) {
      failures.push({ name: benchmark.name, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  console.log(renderReport(results));
  for (const failure of failures) console.log(`${failure.name}: could not run: ${failure.error}`);

  const cpuList = cpus();
  const record = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { node: process.version, platform: platform(), arch: arch(), cpus: cpuList.length, cpuModel: cpuList[0]?.model ?? null, totalMemBytes: totalmem() },
    benchmarks: results,
    failures,
  };
  mkdirSync(RESULTS, { recursive: true });
  // Colons are not allowed in file names everywhere.
  const file = `${startedAt.toISOString().replaceAll(":", "-")}.json`;
  // null, not a missing key, for a figure that was not measured: later runs are compared key by key.
  const json = JSON.stringify(record, (_key, value: unknown) => (value === undefined ? null : value), 2) + "\n";
  writeFileSync(`${RESULTS}${file}`, json);
  writeFileSync(`${RESULTS}latest.json`, json);
  console.log(`\nfigures written to bench/results/${file} (and latest.json)`);
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
