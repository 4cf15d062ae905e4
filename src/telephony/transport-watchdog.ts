/**
 * Notices a dead SIP transport within seconds. A WebSocket whose packets are
 * silently dropped stays "open" for minutes (TCP retransmits, and SIP.js's CRLF
 * keep-alive expects no answer), so only a request that must be answered
 * proves the path both ways: after `idleMs` without any SIP response the
 * watchdog asks for a probe (an OPTIONS to the registrar), and a probe still
 * unanswered after `deadlineMs` declares the transport dead.
 *
 *   stopped ──start()──▶ waiting ──idleMs, no response──▶ probing ──deadlineMs──▶ dead (stopped)
 *   waiting/probing ──responded()──▶ waiting;   any ──stop()──▶ stopped
 */
export interface WatchdogOptions {
  idleMs: number;
  deadlineMs: number;
  /** Sends one probe. Its answer, or any other SIP response, must reach `responded()`. */
  probe: () => void;
  /** The transport is dead: called once per start(), after which the watchdog is stopped. */
  onDead: (silentForMs: number) => void;
}

type WatchdogState = "stopped" | "waiting" | "probing";

export class TransportWatchdog {
  private state: WatchdogState = "stopped";
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastResponseAt = 0;

  constructor(private readonly options: WatchdogOptions) {}

  get status(): WatchdogState {
    return this.state;
  }

  /** The transport is connected: watch it from now. */
  start(): void {
    this.lastResponseAt = Date.now();
    this.wait();
  }

  /** A SIP response arrived: the path works both ways. */
  responded(): void {
    if (this.state === "stopped") return;
    this.lastResponseAt = Date.now();
    this.wait();
  }

  stop(): void {
    this.clear();
    this.state = "stopped";
  }

  private wait(): void {
    this.clear();
    this.state = "waiting";
    this.timer = setTimeout(() => this.sendProbe(), this.options.idleMs);
  }

  private sendProbe(): void {
    this.state = "probing";
    this.timer = setTimeout(() => {
      const silentFor = Date.now() - this.lastResponseAt;
      this.stop();
      this.options.onDead(silentFor);
    }, this.options.deadlineMs);
    // After the deadline is armed: a probe answered at once (a fake, a loopback) must find it.
    this.options.probe();
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
