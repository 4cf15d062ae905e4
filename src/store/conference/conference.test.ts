import { ApiError } from "@handoff/client";
import { describe, expect, it } from "vitest";
import { conferenceOf, FakeBridge, SELF } from "../../test-support/fake-bridge";
import { signedInStore } from "../../test-support/signed-in-store";
import { selectIsConferenceHost, selectMergeableCallId, selectPresentParticipants } from "./selectors";

/** A signed-in store with a connected caller and an attended consultation of Bob, in `status`. */
async function consulting(status: "initiated" | "ringing" | "answered") {
  const bridge = new FakeBridge();
  const { store, phone } = await signedInStore(bridge);
  const { sipCallId } = phone.connected({ name: "Carol Customer", number: "5550100" });
  await store.getState().startTransfer({ target: { kind: "extension", value: "1002" }, mode: "attended", note: "" });
  const id = store.getState().followedTransferId!;
  if (status !== "initiated") bridge.advance(id, "ringing");
  if (status === "answered") bridge.advance(id, "answered");
  return { bridge, store, sipCallId, transferId: id };
}

describe("conference slice", () => {
  it("only an answered attended consultation is mergeable, by the Call-ID of the agent's call with the caller", async () => {
    for (const status of ["initiated", "ringing"] as const) {
      const { store } = await consulting(status);
      expect(selectMergeableCallId(store.getState())).toBeNull();
      await store.getState().mergeConference();
    }
    const { store, bridge, sipCallId } = await consulting("answered");
    expect(selectMergeableCallId(store.getState())).toBe(sipCallId);
    await store.getState().mergeConference();
    expect(bridge.calledWith("mergeConference")).toEqual([[{ callId: sipCallId }]]);
    expect(store.getState().conference?.status).toBe("active");
    expect(selectIsConferenceHost(store.getState())).toBe(true);
  });

  it("a blind transfer has nothing to merge", async () => {
    const bridge = new FakeBridge();
    const { store, phone } = await signedInStore(bridge);
    phone.connected({ name: "Carol Customer", number: "5550100" });
    await store.getState().startTransfer({ target: { kind: "extension", value: "1002" }, mode: "blind", note: "" });
    bridge.advance(store.getState().followedTransferId!, "answered");
    expect(selectMergeableCallId(store.getState())).toBeNull();
  });

  it("sends one request at a time: a second merge or a leave while the first is on its way is not sent", async () => {
    const { store, bridge } = await consulting("answered");
    const release = bridge.holdReplies();
    const first = store.getState().mergeConference();
    expect(store.getState().conferencePending).toEqual({ verb: "merge" });
    expect(selectMergeableCallId(store.getState())).toBeNull();
    await store.getState().mergeConference();
    release();
    await first;
    expect(bridge.calledWith("mergeConference")).toHaveLength(1);
    expect(store.getState().conferencePending).toBeNull();
  });

  it("a refusal changes nothing and says why", async () => {
    const { store, bridge } = await consulting("answered");
    bridge.conferenceError = new ApiError("conflict", "This call has no answered consultation to merge.", 409);
    await store.getState().mergeConference();
    expect(store.getState().conference).toBeNull();
    expect(store.getState().notice?.text).toBe("Could not merge the calls: This call has no answered consultation to merge.");
    expect(store.getState().notice?.severity).toBe("error");
  });

  it("a merge the PBX would not do answers a failed conference: said once with its reason, the consultation and its dialog stay", async () => {
    const { store, bridge } = await consulting("answered");
    store.getState().openTransferDialog();
    const reason = "The PBX did not join the three of you. The consultation is unchanged: complete, cancel or try again.";
    const release = bridge.holdReplies();
    const merging = store.getState().mergeConference();
    // Its events come first, while the merge is on its way.
    store.getState().conferenceUpdated(conferenceOf({ status: "merging" }));
    store.getState().conferenceUpdated(conferenceOf({ status: "failed", reason }));
    expect(store.getState().notice).toBeNull();
    bridge.conferenceAnswer = conferenceOf({ status: "failed", reason });
    release();
    await merging;
    expect(store.getState().notice?.text).toBe(`The conference failed: ${reason}`);
    expect(store.getState().conference).toBeNull();
    expect(store.getState().transferDialogOpen).toBe(true);
    expect(selectMergeableCallId(store.getState())).not.toBeNull();
  });

  it("keeps the agent's own live conference from events, without the ones who left; drops it when they left, it ended, or it failed", async () => {
    const { store } = await signedInStore(new FakeBridge());
    const actions = store.getState();
    const someoneElses = conferenceOf({ id: "0b0b0b0b-0000-4000-8000-000000000000", hostAgentId: "a-bob", participants: [conferenceOf({}).participants[2]!] });
    actions.conferenceUpdated(someoneElses);
    expect(store.getState().conference).toBeNull();

    const withBobGone = conferenceOf({});
    withBobGone.participants[2] = { ...withBobGone.participants[2]!, state: "left" };
    actions.conferenceUpdated(withBobGone);
    expect(selectPresentParticipants(store.getState()).map((participant) => participant.name)).toEqual(["Carol Customer", SELF.name]);
    // Another conference ending is not this one's end.
    actions.conferenceUpdated({ ...someoneElses, status: "ended" });
    expect(store.getState().conference?.id).toBe(withBobGone.id);

    const iLeft = conferenceOf({});
    iLeft.participants[1] = { ...iLeft.participants[1]!, state: "left" };
    actions.conferenceUpdated(iLeft);
    expect(store.getState().conference).toBeNull();

    actions.conferenceUpdated(conferenceOf({}));
    actions.conferenceUpdated(conferenceOf({ status: "ended" }));
    expect(store.getState().conference).toBeNull();
    expect(store.getState().notice).toBeNull();
  });
});
