import { ApiError } from "@handoff/client";
import type { SupervisorAuditEntry } from "@handoff/contract";
import { describe, expect, it, vi } from "vitest";
import { boardAgentOf, FakeBridge, figuresOf } from "../../test-support/fake-bridge";
import { signedInStore } from "../../test-support/signed-in-store";
import { selectBoardRows } from "./selectors";

const audit = (id: string, at: string): SupervisorAuditEntry => ({
  id,
  at,
  supervisorId: "sup",
  supervisorName: "Sue Park",
  action: "pause.end",
  agentId: boardAgentOf(1).agentId,
  agentName: "Agent 0001",
  detail: "Lunch",
});

function boardBridge(): FakeBridge {
  const bridge = new FakeBridge();
  bridge.boardAnswer = { agents: [boardAgentOf(3), boardAgentOf(1), boardAgentOf(2)], queues: [figuresOf("support", { waiting: 2 })], at: "2025-01-01T10:00:00.000Z" };
  bridge.auditAnswer = [audit("a1", "2025-01-01T09:00:00.000Z")];
  return bridge;
}

describe("board slice", () => {
  it("loads the snapshot in name order with the queues' figures and the audit trail", async () => {
    const { store } = await signedInStore(boardBridge());
    await store.getState().loadBoard();
    expect(store.getState().boardOrder).toEqual([1, 2, 3].map((n) => boardAgentOf(n).agentId));
    expect(store.getState().queueFigures.support?.waiting).toBe(2);
    expect(store.getState().audit.map((entry) => entry.id)).toEqual(["a1"]);
  });

  it("a row changes by itself: the order (and so the list) stays the same array; a new agent is put in its place", async () => {
    const bridge = boardBridge();
    const { store } = await signedInStore(bridge);
    await store.getState().loadBoard();
    const order = store.getState().boardOrder;
    bridge.emitBoardAgent(boardAgentOf(2, { activity: { state: "paused", since: "2025-01-01T10:01:00.000Z", reason: "Lunch" } }));
    expect(store.getState().boardOrder).toBe(order);
    expect(store.getState().boardAgents[boardAgentOf(2).agentId]?.activity).toMatchObject({ state: "paused", reason: "Lunch" });
    bridge.emitBoardAgent(boardAgentOf(0, { name: "Aaron First" }));
    expect(store.getState().boardOrder[0]).toBe(boardAgentOf(0).agentId);
  });

  it("an event that arrives while the snapshot is on its way wins over it; before the board is opened, events wait for the snapshot", async () => {
    const bridge = boardBridge();
    const { store } = await signedInStore(bridge);
    bridge.emitBoardAgent(boardAgentOf(9));
    expect(store.getState().boardOrder).toEqual([]);
    const answer = bridge.boardAnswer;
    let release = () => {};
    bridge.board = () => new Promise((resolve) => (release = () => resolve(answer)));
    const loading = store.getState().loadBoard();
    bridge.emitBoardAgent(boardAgentOf(1, { activity: { state: "on_call", since: "2025-01-01T10:02:00.000Z" } }));
    release();
    await loading;
    expect(store.getState().boardAgents[boardAgentOf(1).agentId]?.activity.state).toBe("on_call");
    expect(store.getState().boardOrder).not.toContain(boardAgentOf(9).agentId);
  });

  it("filters by state and by name or extension", async () => {
    const bridge = boardBridge();
    bridge.boardAnswer = { ...bridge.boardAnswer, agents: [boardAgentOf(1), boardAgentOf(2, { activity: { state: "paused", since: "2025-01-01T10:00:00.000Z", reason: "Break" } }), boardAgentOf(3)] };
    const { store } = await signedInStore(bridge);
    await store.getState().loadBoard();
    store.getState().setBoardFilter("paused");
    expect(selectBoardRows(store.getState())).toEqual([boardAgentOf(2).agentId]);
    store.getState().setBoardFilter("all");
    store.getState().setBoardSearch("2003");
    expect(selectBoardRows(store.getState())).toEqual([boardAgentOf(3).agentId]);
  });

  it("a supervisor's action is sent once per agent while in flight, and a refusal is said with the agent's name", async () => {
    const bridge = boardBridge();
    const { store } = await signedInStore(bridge);
    await store.getState().loadBoard();
    const id = boardAgentOf(1).agentId;
    const release = bridge.holdReplies();
    const first = store.getState().endAgentPause(id);
    const second = store.getState().signAgentOut(id);
    expect(store.getState().supervisorRequests[id]).toBe("endPause");
    release();
    await Promise.all([first, second]);
    expect(bridge.calledWith("endAgentPause")).toEqual([[id]]);
    expect(bridge.calledWith("signAgentOut")).toEqual([]);
    expect(store.getState().supervisorRequests).toEqual({});
    bridge.queueError = new ApiError("forbidden", "Only supervisors may do this.", 403);
    await store.getState().signAgentOut(id);
    expect(store.getState().notice?.text).toBe("Could not sign out of the queues Agent 0001: Only supervisors may do this.");
  });

  it("the audit trail keeps each entry once, newest first, live", async () => {
    const bridge = boardBridge();
    const { store } = await signedInStore(bridge);
    await store.getState().loadBoard();
    bridge.emitAudit(audit("a2", "2025-01-01T10:00:00.000Z"));
    bridge.emitAudit(audit("a1", "2025-01-01T09:00:00.000Z"));
    expect(store.getState().audit.map((entry) => entry.id)).toEqual(["a2", "a1"]);
  });

  it("a board that cannot load says why; a reconnect reads the snapshot again", async () => {
    const bridge = boardBridge();
    const { store } = await signedInStore(bridge);
    const answer = bridge.boardAnswer;
    bridge.board = () => Promise.reject(new ApiError("forbidden", "The board is for supervisors.", 403));
    await store.getState().loadBoard();
    expect(store.getState().boardError).toBe("Could not load the board: The board is for supervisors.");
    bridge.board = async () => answer;
    await store.getState().loadBoard();
    bridge.boardAnswer = { ...answer, agents: [...answer.agents, boardAgentOf(4)] };
    bridge.board = async () => bridge.boardAnswer;
    bridge.emitRealtime("connected");
    bridge.emitRealtime("reconnecting");
    bridge.emitRealtime("connected");
    await vi.waitFor(() => expect(store.getState().boardOrder).toHaveLength(4));
  });
});
