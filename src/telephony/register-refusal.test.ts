import { describe, expect, it } from "vitest";
import { decideOnRefusal, REFUSED_RETRY_DELAYS_MS } from "./register-refusal";

describe("a refused REGISTER", () => {
  it("403 (the extension's one registration is taken): tries again, briefly and a bounded number of times", () => {
    const decisions = REFUSED_RETRY_DELAYS_MS.map((_, attempt) => decideOnRefusal(403, "Forbidden", "1001", attempt));
    expect(decisions.map((d) => d.kind)).toEqual(REFUSED_RETRY_DELAYS_MS.map(() => "retry"));
    const total = REFUSED_RETRY_DELAYS_MS.reduce((sum, ms) => sum + ms, 0);
    // Long enough for Asterisk to find a dead contact (qualify every 10 s, 3 s timeout), short enough to tell the agent soon.
    expect(total).toBeGreaterThan(13_000);
    expect(total).toBeLessThanOrEqual(30_000);
  });

  it("403 that stays: gives up and says another device holds the extension", () => {
    const decision = decideOnRefusal(403, "Forbidden", "1001", REFUSED_RETRY_DELAYS_MS.length);
    expect(decision).toEqual({ kind: "give-up", message: expect.stringMatching(/extension 1001 is registered from another device/) });
  });

  it("401 (a password of an ended sign-in): gives up at once and asks to sign in again", () => {
    expect(decideOnRefusal(401, "Unauthorized", "1001", 0)).toEqual({ kind: "give-up", message: expect.stringMatching(/Sign in again/) });
  });

  it("408 (no answer) or 5xx (a PBX busy or still starting): never final, tries again, backing off to every 10 s", () => {
    for (const [code, phrase] of [[408, "Request Timeout"], [503, "Service Unavailable"], [500, "Server Internal Error"]] as const) {
      const delays = [0, 1, 2, 3, 4, 10, 100].map((attempt) => decideOnRefusal(code, phrase, "1001", attempt));
      expect(delays.map((d) => d.kind)).toEqual(delays.map(() => "retry"));
      expect(delays.map((d) => (d.kind === "retry" ? d.inMs : 0))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000]);
    }
    expect(decideOnRefusal(408, "Request Timeout", "1001", 0)).toMatchObject({ detail: expect.stringMatching(/did not take the registration \(408 Request Timeout\); trying again in 1 s/) });
  });

  it("anything else: says what the PBX answered", () => {
    expect(decideOnRefusal(404, "Not Found", "1001", 0)).toEqual({ kind: "give-up", message: "The PBX refused registration: 404 Not Found." });
  });
});
