import { pathToFileURL } from "node:url";
import type { BenchmarkContext, BenchmarkResult } from "./benchmark";
import { renderReport } from "./report";

/** True when the module at this URL is the script node was started with (npx tsx bench/<name>.ts). */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Runs one benchmark on its own: progress to stderr, its table to stdout, no JSON (that is run.ts's). */
export function runAlone(run: (context: BenchmarkContext) => Promise<BenchmarkResult>): void {
  run({ log: (line) => console.error(line) }).then(
    (result) => console.log(renderReport([result])),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
