import { describe, expect, it } from "vitest";
import { FEATURE_CODES, renderFeaturesConf } from "./features";
import { DEFAULT_SETTINGS } from "./input";
import { readConf, value } from "./read-conf";

const sections = readConf(renderFeaturesConf(DEFAULT_SETTINGS));
const section = (name: string) => sections.find((s) => s.name === name);

describe("features.conf", () => {
  it("maps the transfer feature codes AMI Atxfer queues", () => {
    expect(value(section("featuremap"), "atxfer")).toBe(FEATURE_CODES.atxfer);
    expect(value(section("featuremap"), "blindxfer")).toBe(FEATURE_CODES.blindxfer);
  });

  it("has the attended-transfer control codes CancelAtxfer relies on", () => {
    for (const key of ["atxferabort", "atxfercomplete", "atxferthreeway"] as const) expect(value(section("general"), key)).toBe(FEATURE_CODES[key]);
  });

  it("gives up on an attended-transfer target after the transfer ring time", () => {
    expect(value(section("general"), "atxfernoanswertimeout")).toBe(String(DEFAULT_SETTINGS.transferRingSeconds));
  });
});
