import { describe, expect, it } from "vitest";
import { GLOBALS, HANDOFF_CONTEXTS, NEXT_STEPS, USER_EVENT_FIELDS, USER_EVENTS } from "./names";

// The server matches AMI events and Redirects against these exact strings: changing one is a protocol change.
describe("the names shared by the dialplan and the server", () => {
  it("are exactly these", () => {
    expect(HANDOFF_CONTEXTS).toEqual({ transfer: "handoff-transfer", handoff: "handoff-handoff", transferFailed: "handoff-transfer-failed", recallHeaders: "handoff-recall-headers", fallback: "handoff-fallback" });
    expect(USER_EVENTS).toEqual({ transferFailed: "HandoffTransferFailed", recallFailed: "HandoffRecallFailed", callerQueued: "HandoffCallerQueued", callerHeld: "HandoffCallerHeld", numberRefused: "HandoffNumberRefused" });
    expect(NEXT_STEPS).toEqual({ recall: "recall", fallback: "fallback", back: "back" });
    expect(GLOBALS).toEqual({ transferRing: "HANDOFF_TRANSFER_RING_SECONDS", recallRing: "HANDOFF_RECALL_RING_SECONDS", fallbackQueue: "HANDOFF_FALLBACK_QUEUE", holdRetry: "HANDOFF_HOLD_RETRY_SECONDS" });
  });

  it("describe the fields of every UserEvent", () => {
    expect(Object.keys(USER_EVENT_FIELDS).sort()).toEqual(Object.keys(USER_EVENTS).sort());
    expect(Object.values(USER_EVENT_FIELDS.transferFailed)).toEqual(["Target", "DialStatus", "Next", "RecallTo"]);
    expect(Object.values(USER_EVENT_FIELDS.recallFailed)).toEqual(["RecallTo", "DialStatus"]);
    expect(Object.values(USER_EVENT_FIELDS.callerQueued)).toEqual(["Queue"]);
    expect(Object.values(USER_EVENT_FIELDS.callerHeld)).toEqual(["Queue", "QueueStatus"]);
    expect(Object.values(USER_EVENT_FIELDS.numberRefused)).toEqual(["Number", "Rule"]);
  });
});
