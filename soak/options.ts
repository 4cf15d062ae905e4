/** The soak's command line (see README.md). Pure, so it is tested without a PBX. */
import { parseArgs } from "node:util";

export interface SoakOptions {
  /** Time-bound run: start transfers for this long, then let the last ones settle. Null: run until `transfers`. */
  readonly minutes: number | null;
  /** Transfer-bound run (the full soak): start this many, within maxMinutes. */
  readonly transfers: number;
  readonly maxMinutes: number;
  readonly seed: number;
  readonly seedGiven: boolean;
  /** Exit non-zero when a counter is above 0 (for a test suite); without it the soak is a report and exits 0. */
  readonly check: boolean;
  readonly lanes: 1 | 2;
  /** Soak the server and dialplan of this commit instead of the working tree's. */
  readonly ref: string | null;
  /** Ring time of transfer targets and recalls, in seconds (the dialplan's globals, set for the run). */
  readonly ringSeconds: number;
}

export class SoakUsageError extends Error {
  override readonly name = "SoakUsageError";
}

const USAGE = "usage: npm run soak -- [--minutes N | --transfers N] [--seed N] [--check] [--lanes 1|2] [--ref <commit>] [--ring-seconds N]";

export function parseSoakOptions(args: readonly string[], randomSeed: () => number): SoakOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        minutes: { type: "string" },
        transfers: { type: "string" },
        "max-minutes": { type: "string" },
        seed: { type: "string" },
        check: { type: "boolean" },
        lanes: { type: "string" },
        ref: { type: "string" },
        "ring-seconds": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new SoakUsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const number = (name: string, value: string | undefined, fallback: number, min: number, max: number): number => {
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) throw new SoakUsageError(`--${name} must be a number from ${min} to ${max}, got "${value}"\n${USAGE}`);
    return parsed;
  };
  if (values.minutes !== undefined && values.transfers !== undefined) throw new SoakUsageError(`give --minutes or --transfers, not both\n${USAGE}`);
  const lanes = number("lanes", values.lanes, 2, 1, 2);
  if (!Number.isInteger(lanes)) throw new SoakUsageError(`--lanes is 1 or 2\n${USAGE}`);
  const seedGiven = values.seed !== undefined;
  return {
    minutes: values.minutes === undefined ? null : number("minutes", values.minutes, 2, 0.5, 24 * 60),
    transfers: Math.round(number("transfers", values.transfers, 1_000, 1, 1_000_000)),
    maxMinutes: number("max-minutes", values["max-minutes"], 180, 1, 24 * 60),
    seed: seedGiven ? Math.trunc(number("seed", values.seed, 0, 0, 2 ** 32 - 1)) : randomSeed(),
    seedGiven,
    check: values.check ?? false,
    lanes: lanes as 1 | 2,
    ref: values.ref ?? null,
    ringSeconds: Math.round(number("ring-seconds", values["ring-seconds"], 6, 2, 60)),
  };
}

/** The command that replays a run's scenario and fault sequence. */
export function reproduceCommand(o: SoakOptions): string {
  const parts = ["npm run soak --", o.minutes === null ? `--transfers ${o.transfers}` : `--minutes ${o.minutes}`, `--seed ${o.seed}`];
  if (o.lanes !== 2) parts.push(`--lanes ${o.lanes}`);
  if (o.ringSeconds !== 6) parts.push(`--ring-seconds ${o.ringSeconds}`);
  if (o.ref !== null) parts.push(`--ref ${o.ref}`);
  if (o.check) parts.push("--check");
  return parts.join(" ");
}
