/** What a server-load run does, and its defaults (the example: 50 new calls/s, 200 held). */
export interface ServerLoadOptions {
  /** Measured seconds of each idle and each load window. */
  readonly windowSeconds: number;
  /** idle + load pairs, interleaved. */
  readonly rounds: number;
  /** The steady state: new calls per second… */
  readonly callsPerSecond: number;
  /** …and calls held at once (each holds held ÷ rate seconds). */
  readonly held: number;
  /** Churn rates tried after the rounds, in order, until the server's link carries the target rate; empty skips the search. */
  readonly peakRates: readonly number[];
  readonly peakSeconds: number;
  /** Short holds at peak: held calls cost Asterisk media work, which would leave it less CPU for making events. */
  readonly peakHoldSeconds: number;
  /** Each agent starts a transfer this often (a cycle that runs longer starts the next at once). */
  readonly transferIntervalMs: number;
  /** From the phone's answer to the agent's click: Asterisk bridges the legs a moment after the 200 OK, later when it is busy. */
  readonly settleMs: number;
  /** A checkout whose server takes every other transfer beside this one's (a before/after in one run). */
  readonly baselineRoot?: string;
}

export const defaults: ServerLoadOptions = {
  windowSeconds: 18,
  rounds: 2,
  callsPerSecond: 50,
  held: 200,
  peakRates: [100, 150, 200, 250, 300],
  peakSeconds: 6,
  peakHoldSeconds: 0.3,
  transferIntervalMs: 1_500,
  settleMs: 1_000,
};

export const NAME = "server-load";
export const TITLE = "Server under load: transfers while calls churn on the real Asterisk";
export const TARGET_EVENTS_PER_SECOND = 10_000;
export const TARGET_CPU_PERCENT = 25;
