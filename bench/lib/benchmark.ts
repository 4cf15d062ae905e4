/**
 * What a benchmark module hands to bench/run.ts. A benchmark measures its subject
 * and its baselines in the same run and reports figures; it never judges them
 * beyond saying whether a target is met.
 */

export interface BenchmarkRow {
  /** Who was measured: the subject ("ours"), a baseline, or a ceiling. */
  readonly candidate: string;
  readonly role: "subject" | "baseline" | "ceiling";
  /** Median rate over the rounds; undefined when the candidate was wrong or could not run. */
  readonly rate: number | undefined;
  /** Unit of `rate`, e.g. "ev/s". */
  readonly unit: string;
  /** Highest peak RSS of the candidate's own process over the rounds, in bytes. */
  readonly peakRssBytes: number | undefined;
  /** RSS of the same process just before the measured work began (median over the rounds): the floor under the peak. */
  readonly startRssBytes: number | undefined;
  /** Subject's rate divided by this row's rate. */
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
