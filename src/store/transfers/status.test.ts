import type { Transfer, TransferStatus } from "@handoff/contract";
import { describe, expect, it } from "vitest";
import { canCancel, canComplete, isLiveTransfer, progressSteps } from "./status";

function went(mode: Transfer["mode"], ...statuses: TransferStatus[]): Pick<Transfer, "mode" | "status" | "history"> {
  return { mode, status: statuses.at(-1)!, history: statuses.map((status) => ({ status, at: "2025-01-01T09:00:00.000Z", by: null, reason: null })) };
}
const drawn = (steps: ReturnType<typeof progressSteps>) => steps.map((step) => `${step.status}:${step.state}`);

describe("transfer status", () => {
  it("recalling is live, with nothing left to complete or cancel", () => {
    expect(isLiveTransfer("recalling")).toBe(true);
    expect(canComplete("recalling")).toBe(false);
    expect(canCancel("recalling")).toBe(false);
    expect(canCancel("answered")).toBe(true);
    expect(isLiveTransfer("failed")).toBe(false);
  });

  it("draws the happy path ahead while live, and the road taken once it ends", () => {
    expect(drawn(progressSteps(went("attended", "initiated", "ringing")))).toEqual(["initiated:done", "ringing:current", "answered:todo", "completed:todo"]);
    expect(drawn(progressSteps(went("attended", "initiated", "ringing", "answered", "completed")))).toEqual(["initiated:done", "ringing:done", "answered:done", "completed:current"]);
    expect(drawn(progressSteps(went("blind", "initiated", "ringing", "recalling")))).toEqual(["initiated:done", "ringing:done", "recalling:current"]);
    expect(drawn(progressSteps(went("blind", "initiated", "ringing", "recalling", "failed")))).toEqual(["initiated:done", "ringing:done", "recalling:done", "failed:current"]);
    expect(drawn(progressSteps(went("blind", "initiated", "unknown", "completed")))).toEqual(["initiated:done", "unknown:done", "completed:current"]);
  });

  it("an attended transfer the agent completed while it rings has only completed ahead", () => {
    expect(drawn(progressSteps(went("attended", "initiated", "ringing"), true))).toEqual(["initiated:done", "ringing:current", "completed:todo"]);
  });

  it("a status the history has not caught up with is still where it is", () => {
    expect(drawn(progressSteps({ ...went("blind", "initiated"), status: "ringing" }))).toEqual(["initiated:done", "ringing:current", "completed:todo"]);
  });
});
