/**
 * What a benchmark module hands to bench/run.ts. A benchmark measures its subject
 * and its baselines in the same run and reports figures; it never judges them
 * beyond saying whether a target is met.
 */

export interface BenchmarkRow {
  /** Who was measured: the subject ("ours"), a baseline, or a ceiling. */
  readonly candidate: string;
  readonly role: "subject" | "baseline" | "ceiling";
  /** What the figure is, e.g. "decode rate", "to bridged", "bundle gzip". */
  readonly measure: string;
  /** The central figure (a median, a p50, a size); undefined when the candidate was wrong or could not run. */
  readonly value: number | undefined;
  /** Unit of `value` and `tail`: "ev/s", "ms", "bytes", "%"… (see lib/format.ts). */
  readonly unit: string;
  /** The tail of a distribution, e.g. { label: "p95", value: 4.2 }. */
  readonly tail?: { readonly label: string; readonly value: number | undefined };
  /** Highest peak RSS of the candidate's own process over the rounds, in bytes. */
  readonly peakRssBytes?: number | undefined;
  /** RSS of the same process just before the measured work began (median over the rounds): the floor under the peak. */
  readonly startRssBytes?: number | undefined;
  /** The subject's value divided by this row's for the same measure (for a latency, below 1 means ours is faster). */
  readonly ratio: number | undefined;
  /** "ok", or why the figure is missing (wrong count, not installed, timed out). */
  readonly check: string;
}

export interface BenchmarkTarget {
  /** As the issue words it, e.g. "≥ 1,000,000 ev/s". */
  readonly label: string;
  /** undefined when the figure it needs was not measured. */
  readonly met: boolean | undefined;
  /** The figure the verdict rests on. */
  readonly actual: string;
}

export interface BenchmarkResult {
  readonly name: string;
  readonly title: string;
  readonly rows: readonly BenchmarkRow[];
  readonly targets: readonly BenchmarkTarget[];
  /** One-line facts a reader needs to trust the figures (sizes, rounds, limits). */
  readonly notes: readonly string[];
  /** Everything else worth keeping for comparing runs: settings, every round. JSON-safe. */
  readonly details: unknown;
}

export interface BenchmarkContext {
  /** Progress for the person waiting; goes to stderr so the table stays alone on stdout. */
  readonly log: (line: string) => void;
}

export interface Benchmark {
  readonly name: string;
  readonly title: string;
  run(context: BenchmarkContext): Promise<BenchmarkResult>;
}
