import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TransportWatchdog } from "./transport-watchdog";

describe("TransportWatchdog", () => {
  let probes: number;
  let dead: number[];
  let watchdog: TransportWatchdog;

  beforeEach(() => {
    vi.useFakeTimers();
    probes = 0;
    dead = [];
    watchdog = new TransportWatchdog({ idleMs: 5_000, deadlineMs: 3_000, probe: () => void probes++, onDead: (silent) => dead.push(silent) });
  });
  afterEach(() => {
    watchdog.stop();
    vi.useRealTimers();
  });

  it("probes only after the idle time without a response", () => {
    watchdog.start();
    vi.advanceTimersByTime(4_999);
    expect(probes).toBe(0);
    vi.advanceTimersByTime(1);
    expect(probes).toBe(1);
    expect(watchdog.status).toBe("probing");
  });

  it("declares the transport dead when the probe is not answered by the deadline, once, with how long it was silent", () => {
    watchdog.start();
    vi.advanceTimersByTime(5_000 + 2_999);
    expect(dead).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(dead).toEqual([8_000]);
    expect(watchdog.status).toBe("stopped");
    vi.advanceTimersByTime(60_000);
    expect(dead).toHaveLength(1);
    expect(probes).toBe(1);
  });

  it("an answered probe keeps the transport alive and the next probe waits a full idle time", () => {
    watchdog.start();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(5_000);
      vi.advanceTimersByTime(40); // the answer's round trip
      watchdog.responded();
    }
    expect(probes).toBe(10);
    expect(dead).toEqual([]);
    expect(watchdog.status).toBe("waiting");
  });

  it("any SIP response postpones the probe: a busy transport is not probed", () => {
    watchdog.start();
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(4_000);
      watchdog.responded();
    }
    expect(probes).toBe(0);
  });

  it("a probe answered at once, inside probe(), still counts", () => {
    const quick: TransportWatchdog = new TransportWatchdog({ idleMs: 1_000, deadlineMs: 500, probe: () => quick.responded(), onDead: (silent) => dead.push(silent) });
    quick.start();
    vi.advanceTimersByTime(10_000);
    expect(dead).toEqual([]);
    quick.stop();
  });

  it("stopped (transport closed, phone signed out) it neither probes nor declares anything", () => {
    watchdog.start();
    vi.advanceTimersByTime(5_000);
    watchdog.stop();
    watchdog.responded();
    vi.advanceTimersByTime(60_000);
    expect(probes).toBe(1);
    expect(dead).toEqual([]);
  });

  it("started again after a reconnect, it watches the new transport from scratch", () => {
    watchdog.start();
    vi.advanceTimersByTime(8_000);
    expect(dead).toHaveLength(1);
    watchdog.start();
    vi.advanceTimersByTime(5_000);
    watchdog.responded();
    vi.advanceTimersByTime(7_999);
    expect(dead).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(dead).toEqual([8_000, 8_000]);
  });
});
