import { describe, expect, it } from "vitest";
import { MAX_RECONNECT_DELAY_MS, reconnectDelayMs } from "./reconnect-backoff";

describe("reconnectDelayMs", () => {
  it("doubles from 0.5 s and stops at the ceiling", () => {
    const top = () => 1; // the upper end of each window
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => reconnectDelayMs(attempt, top))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
  });

  it("draws from the upper half of each window, so phones that lost the same switch spread out", () => {
    expect(reconnectDelayMs(3, () => 0)).toBe(1_000);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(1_500);
    expect(reconnectDelayMs(50, () => 0)).toBe(MAX_RECONNECT_DELAY_MS / 2);
  });

  it("keeps a 30 s outage to at most one ceiling's wait once the network is back", () => {
    // Worst case (every draw at the top): the attempts' times, and the first after 30 s.
    let at = 0;
    const times: number[] = [];
    for (let attempt = 1; at <= 30_000; attempt++) times.push((at += reconnectDelayMs(attempt, () => 1)));
    expect((times.at(-1) ?? 0) - 30_000).toBeLessThanOrEqual(MAX_RECONNECT_DELAY_MS);
  });
});
