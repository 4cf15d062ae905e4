import { describe, expect, it } from "vitest";
import { CallLink, IllegalCallLinkTransitionError, MAX_REFRESH_ATTEMPTS, refreshVerdict, transitionLink } from "./call-link";

describe("call link transitions", () => {
  it("goes up → lost → refreshing → up, and back to lost if the network drops again mid-refresh", () => {
    let link = CallLink.Up;
    for (const next of [CallLink.Lost, CallLink.Refreshing, CallLink.Lost, CallLink.Refreshing, CallLink.Up]) link = transitionLink(link, next);
    expect(link).toBe(CallLink.Up);
  });

  it("refuses a refresh that was never lost, and a lost call shown up without its re-INVITE", () => {
    expect(() => transitionLink(CallLink.Up, CallLink.Refreshing)).toThrow(IllegalCallLinkTransitionError);
    expect(() => transitionLink(CallLink.Lost, CallLink.Up)).toThrow(IllegalCallLinkTransitionError);
  });
});

describe("refreshVerdict", () => {
  it("a 2xx refreshed the call", () => {
    expect(refreshVerdict(200, "OK", 1)).toEqual({ kind: "refreshed" });
  });

  it("481 and 408 mean the dialog is gone: the far end hung up during the loss", () => {
    expect(refreshVerdict(481, "Call/Transaction Does Not Exist", 1)).toEqual({ kind: "gone", reason: "481 Call/Transaction Does Not Exist" });
    expect(refreshVerdict(408, "Request Timeout", 1)).toEqual({ kind: "gone", reason: "408 Request Timeout" });
    // Even on the last attempt: a ghost must never be kept.
    expect(refreshVerdict(481, "Call/Transaction Does Not Exist", MAX_REFRESH_ATTEMPTS).kind).toBe("gone");
  });

  it("491 glare is retried after 2.1-4 s (we own the refresh), 5xx after a growing pause, both a few times only", () => {
    expect(refreshVerdict(491, "Request Pending", 1, () => 0)).toEqual({ kind: "retry", afterMs: 2_100 });
    expect(refreshVerdict(491, "Request Pending", 1, () => 1)).toEqual({ kind: "retry", afterMs: 4_000 });
    expect(refreshVerdict(503, "Service Unavailable", 2)).toEqual({ kind: "retry", afterMs: 2_000 });
    expect(refreshVerdict(503, "Service Unavailable", MAX_REFRESH_ATTEMPTS)).toEqual({ kind: "kept", reason: "503 Service Unavailable" });
  });

  it("any other refusal keeps the call as it was (its old media path may still work)", () => {
    expect(refreshVerdict(488, "Not Acceptable Here", 1)).toEqual({ kind: "kept", reason: "488 Not Acceptable Here" });
  });
});
