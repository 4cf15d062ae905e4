import { ApiError } from "@handoff/client";
import { describe, expect, it, vi } from "vitest";
import { FakeBridge, figuresOf, queueStateOf, SELF } from "../../test-support/fake-bridge";
import { signedInStore } from "../../test-support/signed-in-store";

const WRAP_UP = { callId: "call-7", queue: "support", since: "2025-01-01T10:00:00.000Z", deadline: "2025-01-01T10:00:30.000Z" };

async function signedIn(bridge = new FakeBridge()) {
  const app = await signedInStore(bridge);
  await vi.waitFor(() => expect(app.store.getState().queuesLoaded).toBe(true));
  return app;
}

describe("queues slice", () => {
  it("loads settings, the agent's own state and the figures once signed in", async () => {
    const bridge = new FakeBridge();
    bridge.queueFiguresAnswer = [figuresOf("support", { waiting: 3 })];
    const { store } = await signedIn(bridge);
    expect(store.getState().queueSettings?.pauseReasons).toContain("Lunch");
    expect(store.getState().queueState?.queues.map((m) => m.queue)).toEqual(["support", "sales"]);
    expect(store.getState().queueFigures.support?.waiting).toBe(3);
  });

  it("signs in to all, or one queue at a time, and shows the server's answer", async () => {
    const { store, bridge } = await signedIn();
    await store.getState().joinQueues(["sales"]);
    expect(bridge.calledWith("joinQueues")).toEqual([[{ queues: ["sales"] }]]);
    expect(store.getState().queueState?.queues.find((m) => m.queue === "sales")?.signedIn).toBe(true);
    await store.getState().toggleQueues();
    expect(bridge.calledWith("joinQueues").at(-1)).toEqual([{}]);
    await store.getState().toggleQueues();
    expect(bridge.calledWith("leaveQueues")).toEqual([[{}]]);
    expect(store.getState().queueState?.queues.every((m) => !m.signedIn)).toBe(true);
  });

  it("a double click sends one request; another action waits for nothing while one is in flight", async () => {
    const { store, bridge } = await signedIn();
    const release = bridge.holdReplies();
    const first = store.getState().pause("Lunch");
    const second = store.getState().pause("Lunch");
    const other = store.getState().joinQueues();
    expect(store.getState().queueRequest).toBe("pause");
    release();
    await Promise.all([first, second, other]);
    expect(bridge.calledWith("pause")).toEqual([["Lunch"]]);
    expect(bridge.calledWith("joinQueues")).toEqual([]);
    expect(store.getState().queueState?.pause?.reason).toBe("Lunch");
    expect(store.getState().queueRequest).toBeNull();
  });

  it("a refusal is shown in the server's words, and the state stays as the server last said", async () => {
    const { store, bridge } = await signedIn();
    bridge.queueError = new ApiError("forbidden", "You may not join the sales queue.", 403);
    await store.getState().joinQueues(["sales"]);
    expect(store.getState().queueError).toBe("Could not sign you in to the queues: You may not join the sales queue.");
    expect(store.getState().queueState?.queues.find((m) => m.queue === "sales")?.signedIn).toBe(false);
    store.getState().dismissQueueError();
    expect(store.getState().queueError).toBeNull();
  });

  it("takes its own agent.queue_state and ignores other agents' (a supervisor gets everyone's)", async () => {
    const { store, bridge } = await signedIn();
    bridge.emitQueueState(queueStateOf({ agentId: "someone-else", pause: { reason: "Lunch", since: "2025-01-01T10:00:00.000Z" } }));
    expect(store.getState().queueState?.pause).toBeNull();
    bridge.emitQueueState(queueStateOf({ wrapUp: WRAP_UP }));
    expect(store.getState().queueState?.wrapUp).toEqual(WRAP_UP);
    bridge.emitQueueFigures(figuresOf("sales", { waiting: 4, oldestWaitingSince: "2025-01-01T09:59:00.000Z" }));
    expect(store.getState().queueFigures.sales?.waiting).toBe(4);
  });

  it("a disposition names the wrap-up's call, carries the note typed, ends the wrap-up and refreshes history", async () => {
    const { store, bridge } = await signedIn();
    bridge.emitQueueState(queueStateOf({ agentId: SELF.id, wrapUp: WRAP_UP }));
    store.getState().setWrapUpNote("  Refund sent\nby mail  ");
    const historyBefore = bridge.calledWith("callHistory").length;
    await store.getState().chooseDisposition("Resolved");
    expect(bridge.calledWith("setDisposition")).toEqual([[{ callId: "call-7", disposition: "Resolved", note: "Refund sent\nby mail" }]]);
    expect(store.getState().queueState?.wrapUp).toBeNull();
    expect(store.getState().wrapUpNote).toBe("");
    await vi.waitFor(() => expect(bridge.calledWith("callHistory").length).toBe(historyBefore + 1));
  });

  it("a new wrap-up starts with an empty note; without a wrap-up a disposition sends nothing", async () => {
    const { store, bridge } = await signedIn();
    await store.getState().chooseDisposition("Resolved");
    expect(bridge.calledWith("setDisposition")).toEqual([]);
    bridge.emitQueueState(queueStateOf({ wrapUp: WRAP_UP }));
    store.getState().setWrapUpNote("half typed");
    bridge.emitQueueState(queueStateOf({ wrapUp: { ...WRAP_UP, callId: "call-8" } }));
    expect(store.getState().wrapUpNote).toBe("");
  });

  it("reads its state again after the real-time link comes back, and forgets it all at sign-out", async () => {
    const { store, bridge } = await signedIn();
    bridge.emitRealtime("connected");
    bridge.emitRealtime("reconnecting");
    bridge.queueStateAnswer = queueStateOf({ pause: { reason: "Meeting", since: "2025-01-01T10:00:00.000Z" } });
    bridge.emitRealtime("connected");
    await vi.waitFor(() => expect(store.getState().queueState?.pause?.reason).toBe("Meeting"));
    await store.getState().signOut();
    expect(store.getState().queueState).toBeNull();
    expect(store.getState().queueFigures).toEqual({});
  });
});
