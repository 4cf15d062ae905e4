import { describe, expect, it } from "vitest";
import { AudioFlow, AudioFlowMeter } from "./audio-flow";

/** Feeds readings one second apart from t=1000, returns each verdict. */
function judge(meter: AudioFlowMeter, counts: number[], from = 1_000): AudioFlow[] {
  return counts.map((count, index) => meter.observe(count, from + index * 1_000));
}

describe("AudioFlowMeter", () => {
  it("calls a counter that keeps rising flowing", () => {
    expect(judge(new AudioFlowMeter(0), [50, 100, 150, 200, 250])).toEqual(Array(5).fill(AudioFlow.Flowing));
  });

  it("calls it stalled once it stood still for 3 s, and flowing again at the next packet", () => {
    const verdicts = judge(new AudioFlowMeter(0), [50, 100, 100, 100, 100, 100, 101, 150]);
    expect(verdicts).toEqual(["flowing", "flowing", "flowing", "flowing", "stalled", "stalled", "flowing", "flowing"]);
  });

  it("counts a call that never received a packet from its start, not from the first reading", () => {
    const meter = new AudioFlowMeter(0);
    expect(meter.observe(0, 1_000)).toBe(AudioFlow.Flowing);
    expect(meter.observe(0, 3_000)).toBe(AudioFlow.Stalled);
  });

  it("owes nothing for the time before a restart (a resumed call)", () => {
    const meter = new AudioFlowMeter(0);
    expect(judge(meter, [10, 10, 10, 10])).toContain(AudioFlow.Stalled);
    meter.restart(10_000);
    expect(meter.observe(10, 11_000)).toBe(AudioFlow.Flowing);
    expect(meter.observe(10, 12_500)).toBe(AudioFlow.Flowing);
    expect(meter.observe(10, 13_000)).toBe(AudioFlow.Stalled);
  });
});
