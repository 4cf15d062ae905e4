/**
 * Whether a connected call's incoming audio arrives, judged from the browser's own RTP counter
 * (getStats, inbound-rtp packetsReceived). The PBX sends a packet every 20 ms to a live call,
 * silence included, so a counter that stands still means the media path is broken even while
 * the signalling (registration, the call's link) looks fine: packets dropped on the way.
 *
 *   flowing ──no new packet for AUDIO_STALLED_AFTER_MS──▶ stalled ──a new packet──▶ flowing
 *
 * Only a connected, unheld call is judged: a held one receives nothing by design.
 */
export enum AudioFlow {
  Flowing = "flowing",
  Stalled = "stalled",
}

export const AUDIO_STALLED_AFTER_MS = 3_000;
/** How often the engine reads the counter: a stall is said within STALLED_AFTER + one sample. */
export const AUDIO_SAMPLE_MS = 1_000;

export class AudioFlowMeter {
  private lastCount: number | null = null;
  private lastArrivalAt: number;

  constructor(
    now: number,
    private readonly stalledAfterMs = AUDIO_STALLED_AFTER_MS,
  ) {
    this.lastArrivalAt = now;
  }

  /** Judges afresh from `now` (the call was answered or resumed): no packet is owed before then. */
  restart(now: number): void {
    this.lastCount = null;
    this.lastArrivalAt = now;
  }

  /** One reading of the counter, taken at `now`. */
  observe(packetsReceived: number, now: number): AudioFlow {
    // The first reading after a (re)start is a baseline, not an arrival: the counter may stand still already.
    if (this.lastCount !== null && packetsReceived !== this.lastCount) this.lastArrivalAt = now;
    this.lastCount = packetsReceived;
    return now - this.lastArrivalAt >= this.stalledAfterMs ? AudioFlow.Stalled : AudioFlow.Flowing;
  }
}
