import { describe, expect, it } from "vitest";
import { FEATURE_CODES, renderFeaturesConf } from "./features";
import { DEFAULT_SETTINGS } from "./input";
import { readConf, value } from "./read-conf";

const sections = readConf(renderFeaturesConf(DEFAULT_SETTINGS));
const section = (name: string) => sections.find((s) => s.name === name);

describe("features.conf", () => {
  it("maps no transfer code a phone could dial: agents' channels get random ones of their own (dialplan/)", () => {
    expect(value(section("featuremap"), "atxfer")).toBe("");
    expect(value(section("featuremap"), "blindxfer")).toBe("");
    expect(value(section("general"), "pickupexten")).toBe("");
  });

  it("has the attended-transfer control codes CancelAtxfer relies on", () => {
    for (const key of ["atxferabort", "atxfercomplete", "atxferthreeway"] as const) expect(value(section("general"), key)).toBe(FEATURE_CODES[key]);
  });

  it("never lets Asterisk's own attended-transfer timer beat the dialplan's transfer ring + recall ring", () => {
    const timeout = (settings: typeof DEFAULT_SETTINGS) => Number(value(readConf(renderFeaturesConf(settings)).find((s) => s.name === "general"), "atxfernoanswertimeout"));
    expect(timeout(DEFAULT_SETTINGS)).toBeGreaterThan(DEFAULT_SETTINGS.transferRingSeconds + DEFAULT_SETTINGS.recallRingSeconds);
    const slow = { ...DEFAULT_SETTINGS, transferRingSeconds: 60, recallRingSeconds: 90 };
    expect(timeout(slow)).toBeGreaterThan(150);
  });

  it("keeps a blond transfer in Asterisk's hands until the dialplan answers it (no drop)", () => {
    expect(value(section("general"), "atxferdropcall")).toBe("no");
  });
});
