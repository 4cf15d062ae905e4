import { describe, expect, it } from "vitest";
import { planFaults, INFRA_FAULTS } from "./fault-plan";
import { parseSoakOptions, reproduceCommand } from "./options";
import { createRng } from "./rng";
import { describeScenario, pickScenario, SCENARIO_KINDS, type Scenario } from "./scenarios";

const many = (seed: number, n = 2_000): Scenario[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => pickScenario(rng, i + 1, i % 2));
};

describe("scenario picking", () => {
  it("is the same for the same seed, and differs for another", () => {
    expect(many(42, 50)).toEqual(many(42, 50));
    expect(many(42, 50)).not.toEqual(many(43, 50));
    expect(createRng(7).fork("lane-0").next()).toBe(createRng(7).fork("lane-0").next());
    expect(createRng(7).fork("lane-0").next()).not.toBe(createRng(7).fork("lane-1").next());
  });

  it("meets every kind, target behaviour, double request and caller hang-up", () => {
    const all = many(1);
    for (const kind of SCENARIO_KINDS) expect(all.some((s) => s.kind === kind), kind).toBe(true);
    for (const behaviour of ["answers", "no-answer", "busy", "unregistered", "hangs-up-mid-consultation", "outside-line"]) {
      expect(all.some((s) => s.targetBehaviour.kind === behaviour), behaviour).toBe(true);
    }
    for (const request of ["same-key-twice", "two-keys"]) expect(all.some((s) => s.request === request), request).toBe(true);
    for (const finish of ["complete-twice", "cancel-twice", "complete-and-cancel"]) expect(all.some((s) => s.finish === finish), finish).toBe(true);
    expect(all.some((s) => s.callerHangupAfterMs !== null)).toBe(true);
    expect(all.some((s) => s.recall.kind === "missed")).toBe(true);
  });

  it("never picks what a kind cannot meet", () => {
    for (const s of many(2)) {
      expect(s.mode, s.kind).toBe(["attended-complete", "attended-cancel", "attended-complete-while-ringing", "external-attended"].includes(s.kind) ? "attended" : "blind");
      if (s.mode === "blind") expect(s.finish).toBe("single");
      if (s.kind.startsWith("external")) expect(s.target.kind).toBe("external");
      if (s.target.kind === "queue") expect(["answers", "no-answer"]).toContain(s.targetBehaviour.kind);
      if (s.targetBehaviour.kind === "hangs-up-mid-consultation") expect(s.mode).toBe("attended");
      if (s.target.kind === "offline-agent") expect(s.kind).toBe("blind");
      if (s.kind === "bot-handoff") expect(s.request).not.toBe("same-key-twice");
    }
  });

  it("describes a scenario in one line", () => {
    const s = many(3, 200).find((x) => x.kind === "attended-complete" && x.targetBehaviour.kind === "hangs-up-mid-consultation");
    expect(s && describeScenario(s)).toMatch(/^#\d+ lane \d attended-complete to an agent \(answers, hangs up \d+\.\d s into the consultation\), (complete|complete-twice|complete-and-cancel) after/);
  });
});

describe("fault plan", () => {
  it("a two-minute run meets each fault once, spread over the run and inside it", () => {
    const plan = planFaults(createRng(5), 120_000);
    expect(plan.map((f) => f.kind).sort()).toEqual([...INFRA_FAULTS].sort());
    expect(plan.map((f) => f.atMs)).toEqual([...plan.map((f) => f.atMs)].sort((a, b) => a - b));
    for (const f of plan) expect(f.atMs).toBeGreaterThanOrEqual(10_000);
    for (const f of plan) expect(f.atMs).toBeLessThan(105_000);
  });

  it("a long run has about one fault every 45 s", () => {
    expect(planFaults(createRng(5), 60 * 60_000).length).toBe(79);
    expect(planFaults(createRng(5), 20_000)).toEqual([]);
  });
});

describe("options", () => {
  it("defaults to the full soak with a fresh seed; --minutes makes it time-bound", () => {
    expect(parseSoakOptions([], () => 99)).toMatchObject({ minutes: null, transfers: 1_000, seed: 99, seedGiven: false, check: false, lanes: 2, ref: null });
    const short = parseSoakOptions(["--minutes", "2", "--check", "--seed", "123"], () => 99);
    expect(short).toMatchObject({ minutes: 2, seed: 123, check: true });
    expect(reproduceCommand(short)).toBe("npm run soak -- --minutes 2 --seed 123 --check");
  });

  it("says what is wrong with a bad option", () => {
    expect(() => parseSoakOptions(["--minutes", "2", "--transfers", "5"], () => 1)).toThrow(/not both/);
    expect(() => parseSoakOptions(["--lanes", "3"], () => 1)).toThrow(/--lanes must be a number from 1 to 2/);
    expect(() => parseSoakOptions(["--minuets", "2"], () => 1)).toThrow(/usage: npm run soak/);
  });
});
