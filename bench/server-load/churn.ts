/**
 * Calls churning on the real Asterisk: paced Originates, each a bridged call that
 * answers at once, holds, and hangs up by itself. Every call is
 * Local/<n>@handoff-agents running Wait(<hold>) on one side; the other side dials
 * Local/<n>@handoff-outside (answers, plays a tone), so Asterisk makes four
 * channels and a bridge per call and sends the events a real answered call makes:
 * Newchannel, Newstate, DialBegin/End, BridgeCreate/Enter/Leave/Destroy, Hangup…
 * Calls end on their own, so nothing outlives the benchmark by more than <hold> s.
 */
import type { AmiLink } from "./ami-link";

/** Numbers of this benchmark's calls: 0977 + six digits, matched by the outside line's _0XXXXX. pattern. */
export const CHURN_NUMBER_PREFIX = "0977";
/** Every channel the churn makes, for counting and for the final sweep (POSIX-compatible: Asterisk's Hangup takes it too). */
export const CHURN_CHANNEL = new RegExp(`^Local/${CHURN_NUMBER_PREFIX}[0-9]{6}@handoff-(agents|outside)-`);
export const CHANNELS_PER_CALL = 4;

export interface ChurnShape {
  readonly callsPerSecond: number;
  readonly holdSeconds: number;
}

export interface ChurnCounters {
  readonly originated: number;
  readonly refused: number;
  /** Originates not sent because too many were still waiting for Asterisk's reply. */
  readonly skipped: number;
  readonly lastError: string | undefined;
}

const TICK_MS = 10;
/** Asterisk's AMI event queue passes its high-water mark in a burst of 100-200 Originates: never more than this many unanswered Originates. */
const MAX_IN_FLIGHT = 200;

export class Churn {
  private shape: ChurnShape | null = null;
  private shapeSince = 0;
  private sentInShape = 0;
  private inFlight = 0;
  private serial = 0;
  private originated = 0;
  private refused = 0;
  private skipped = 0;
  private lastError: string | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly ami: AmiLink) {
    // Ticks, not one timer per call: the pace holds even when a tick runs late.
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Changes the pace; null stops originating (calls in progress end by themselves). */
  set(shape: ChurnShape | null): void {
    this.shape = shape;
    this.shapeSince = performance.now();
    this.sentInShape = 0;
  }

  counters(): ChurnCounters {
    return { originated: this.originated, refused: this.refused, skipped: this.skipped, lastError: this.lastError };
  }

  stop(): void {
    this.shape = null;
    clearInterval(this.timer);
  }

  private tick(): void {
    const shape = this.shape;
    if (shape === null || shape.callsPerSecond <= 0) return;
    const due = Math.floor(((performance.now() - this.shapeSince) / 1000) * shape.callsPerSecond);
    while (this.sentInShape < due) {
      this.sentInShape++;
      if (this.inFlight >= MAX_IN_FLIGHT) {
        this.skipped++;
        continue;
      }
      this.originate(shape.holdSeconds);
    }
  }

  private originate(holdSeconds: number): void {
    const number = `${CHURN_NUMBER_PREFIX}${String(this.serial++ % 1_000_000).padStart(6, "0")}`;
    this.inFlight++;
    this.ami
      .send("Originate", {
        Channel: `Local/${number}@handoff-agents`,
        Application: "Wait",
        Data: holdSeconds.toFixed(2),
        CallerID: `Load <${number}>`,
        Timeout: "10000",
        Async: "true",
      })
      .then(
        () => this.originated++,
        (error: unknown) => {
          this.refused++;
          this.lastError = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => this.inFlight--);
  }
}
