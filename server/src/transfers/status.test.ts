import { describe, expect, it } from "vitest";
import { IllegalTransferTransitionError, checkTransferTransition, isFinal } from "./status";

describe("transfer status machine", () => {
  it("allows the documented paths", () => {
    expect(checkTransferTransition("initiated", "ringing")).toBe("ringing");
    expect(checkTransferTransition("ringing", "answered")).toBe("answered");
    expect(checkTransferTransition("answered", "cancelled")).toBe("cancelled");
    expect(checkTransferTransition("ringing", "recalling")).toBe("recalling");
    expect(checkTransferTransition("recalling", "failed")).toBe("failed");
    expect(checkTransferTransition("unknown", "completed")).toBe("completed");
    expect(checkTransferTransition("unknown", "recalling")).toBe("recalling");
  });

  it("throws on a move out of a final status or backwards", () => {
    expect(() => checkTransferTransition("completed", "failed")).toThrow(IllegalTransferTransitionError);
    expect(() => checkTransferTransition("answered", "ringing")).toThrow(IllegalTransferTransitionError);
    expect(() => checkTransferTransition("failed", "unknown")).toThrow(IllegalTransferTransitionError);
    // A caller on the way back is never cancelled; the target party taking them in the end completes it.
    expect(() => checkTransferTransition("recalling", "cancelled")).toThrow(IllegalTransferTransitionError);
    expect(checkTransferTransition("recalling", "completed")).toBe("completed");
    expect(["completed", "cancelled", "failed"].every((s) => isFinal(s as "completed"))).toBe(true);
    expect(isFinal("unknown")).toBe(false);
    expect(isFinal("recalling")).toBe(false);
  });
});
