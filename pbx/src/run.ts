import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Appends the command line and its output here instead of keeping it in memory. */
  readonly logFile?: string;
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly code: number | null;
  readonly output: string;
}

export class CommandFailedError extends Error {
  override readonly name = "CommandFailedError";
  constructor(command: string, code: number | null, detail: string, hint: string) {
    super(`"${command}" failed (${code === null ? "killed" : `exit ${code}`}). ${hint}${detail ? `\n--- last output ---\n${detail}` : ""}`);
  }
}

/** Runs a command without a shell; stdout and stderr are merged, as a person would read them. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    if (options.logFile) appendFileSync(options.logFile, `\n$ ${[command, ...args].join(" ")}\n`);
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      if (options.logFile) appendFileSync(options.logFile, chunk);
      // Keep only the tail: enough to explain a failure without holding a whole apt log in memory.
      output = (output + chunk.toString("utf8")).slice(-64 * 1024);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : undefined;
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: 127, output: `${output}${error.message}\n` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export function lastLines(text: string, count = 15): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}

/** Runs a command and throws with `hint` and the output's tail if it fails. */
export async function runChecked(command: string, args: readonly string[], hint: string, options: RunOptions = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new CommandFailedError([command, ...args].join(" "), result.code, lastLines(result.output), hint);
  return result.output;
}
