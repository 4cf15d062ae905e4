import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api-error";
import { DEFAULT_RETRY, retryDelayMs, shouldRetry } from "../src/retry-policy";

const noAnswer = new ApiError("network", "no answer");
const timeout = new ApiError("timeout", "too slow");
const serverError = new ApiError("pbx_unavailable", "PBX down", 503);
const refusal = new ApiError("conflict", "busy", 409);
const unauthenticated = new ApiError("unauthenticated", "sign in", 401);
const badAnswer = new ApiError("bad_response", "odd", 200);

describe("the retry rule", () => {
  it("retries only what may be repeated, only when the outcome is unknown, three attempts in all", () => {
    for (const error of [noAnswer, timeout, serverError]) {
      expect(shouldRetry("safe", error, 1, DEFAULT_RETRY)).toBe(true);
      expect(shouldRetry("keyed", error, 2, DEFAULT_RETRY)).toBe(true);
      expect(shouldRetry("keyed", error, 3, DEFAULT_RETRY)).toBe(false);
      expect(shouldRetry("never", error, 1, DEFAULT_RETRY)).toBe(false);
    }
    for (const error of [refusal, unauthenticated, badAnswer]) expect(shouldRetry("safe", error, 1, DEFAULT_RETRY)).toBe(false);
  });

  it("waits 300 ms then 1 s, each moved by at most 20 %", () => {
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.5)).toBe(300);
    expect(retryDelayMs(2, DEFAULT_RETRY, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(5, DEFAULT_RETRY, () => 0.5)).toBe(1_000);
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0)).toBe(240);
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.999999)).toBe(360);
  });
});
