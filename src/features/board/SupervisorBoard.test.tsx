// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { boardAgentOf, FakeBridge, figuresOf } from "../../test-support/fake-bridge";
import { renderApp } from "../../test-support/render-app";
import { SupervisorBoard } from "./SupervisorBoard";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

// jsdom lays nothing out: every element measures 0 × 0. The virtualizer reads its scroller's size from
// clientWidth/clientHeight, so the scroller gets the size a browser would give it (its CSS height).
const sizes = { clientHeight: 520, clientWidth: 900 };
const originals = Object.fromEntries(Object.keys(sizes).map((key) => [key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key)]));
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
});
afterAll(() => {
  for (const [key, descriptor] of Object.entries(originals)) if (descriptor !== undefined) Object.defineProperty(HTMLElement.prototype, key, descriptor);
});

const THOUSAND = Array.from({ length: 1000 }, (_, i) => boardAgentOf(i + 1));

function bridgeWith(agents = THOUSAND): FakeBridge {
  const bridge = new FakeBridge();
  bridge.boardAnswer = {
    agents,
    queues: [figuresOf("support", { waiting: 4, oldestWaitingSince: new Date(Date.now() - 95_000).toISOString(), signedIn: 12, available: 5, paused: 3, answeredToday: 120, abandonedToday: 6, answeredWithinServiceLevelToday: 101, serviceLevel: 101 / 126 })],
    at: new Date().toISOString(),
  };
  return bridge;
}

async function renderBoard(bridge: FakeBridge, virtualized = true) {
  const app = await renderApp(<SupervisorBoard virtualized={virtualized} />, bridge);
  await screen.findByRole("table", { name: "Agents" });
  return app;
}

const rows = () => within(screen.getByRole("table", { name: "Agents" })).getAllByRole("row").slice(1);

describe("supervisor board", () => {
  it("draws only the rows in view of 1,000 agents, and all of them with virtualization off", async () => {
    await renderBoard(bridgeWith());
    expect(screen.getByRole("table", { name: "Agents" }).getAttribute("aria-rowcount")).toBe("1001");
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]?.getAttribute("aria-label")).toBe("Agent 0001");
    cleanup();
    // jsdom draws a few hundred MUI rows in seconds; the benchmark draws 1,000 in Chromium.
    await renderBoard(bridgeWith(THOUSAND.slice(0, 200)), false);
    expect(rows()).toHaveLength(200);
  }, 30_000);

  it("shows each queue's figures, the longest wait ticking", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await renderBoard(bridgeWith());
    const support = within(screen.getByRole("table", { name: "Queues" })).getByRole("row", { name: "support" });
    expect(support.textContent).toMatch(/^support401:3[45]12531206\s?80 %$/);
    await act(async () => vi.advanceTimersByTime(2_000));
    expect(support.textContent).toMatch(/01:3[67]/);
  });

  it("a board.agent event changes that row at once: state, reason, time in state, the call and its duration", async () => {
    const bridge = bridgeWith();
    await renderBoard(bridge);
    const id = boardAgentOf(2).agentId;
    act(() =>
      bridge.emitBoardAgent(
        boardAgentOf(2, {
          activity: { state: "on_call", since: new Date(Date.now() - 61_000).toISOString() },
          call: { since: new Date(Date.now() - 61_000).toISOString(), remote: { name: "Carla Customer", number: "5550100" }, queue: "support" },
          transfers: [{ id: "t1", status: "ringing", target: "Bob Nguyen (1002)" }],
        }),
      ),
    );
    const row = screen.getByRole("row", { name: "Agent 0002" });
    expect(row.getAttribute("data-agent-id")).toBe(id);
    expect(row.textContent).toContain("On a call");
    expect(row.textContent).toMatch(/Carla Customer \(support\) · 01:0[0-2]/);
    expect(row.textContent).toContain("→ Bob Nguyen (1002) ringing");
    act(() => bridge.emitBoardAgent(boardAgentOf(2, { activity: { state: "paused", since: new Date().toISOString(), reason: "Lunch" } })));
    expect(screen.getByRole("row", { name: "Agent 0002" }).textContent).toContain("Paused · Lunch00:00");
  });

  it("ends an agent's pause only after the supervisor confirms, once however often clicked, and the audit trail shows it live", async () => {
    const user = userEvent.setup();
    const bridge = bridgeWith([boardAgentOf(1, { activity: { state: "paused", since: new Date().toISOString(), reason: "Lunch" } }), boardAgentOf(2)]);
    await renderBoard(bridge);
    expect(screen.getByRole("button", { name: "End Agent 0002's pause" })).toHaveProperty("disabled", true);
    await user.click(screen.getByRole("button", { name: "End Agent 0001's pause" }));
    const dialog = screen.getByRole("dialog", { name: "End Agent 0001's pause?" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(bridge.calledWith("endAgentPause")).toEqual([]);
    await user.click(screen.getByRole("button", { name: "End Agent 0001's pause" }));
    await user.click(within(screen.getByRole("dialog")).getByRole("button", { name: "End the pause" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(bridge.calledWith("endAgentPause")).toEqual([[boardAgentOf(1).agentId]]);
    act(() =>
      bridge.emitAudit({ id: "au-1", at: "2025-01-01T10:05:00.000Z", supervisorId: "a-self", supervisorName: "Sam Self", action: "pause.end", agentId: boardAgentOf(1).agentId, agentName: "Agent 0001", detail: "Lunch" }),
    );
    expect(screen.getByRole("list", { name: "Audit trail" }).textContent).toContain("Sam Self ended Agent 0001's pause (Lunch)");
  });

  it("signs an agent out of queues after confirmation; the button waits for the answer", async () => {
    const user = userEvent.setup();
    const bridge = bridgeWith([boardAgentOf(1)]);
    await renderBoard(bridge);
    const release = bridge.holdReplies();
    await user.click(screen.getByRole("button", { name: "Sign Agent 0001 out of queues" }));
    await user.click(within(screen.getByRole("dialog", { name: "Sign Agent 0001 out of every queue?" })).getByRole("button", { name: "Sign out of queues" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByRole("button", { name: "Sign Agent 0001 out of queues" }).textContent).toBe("Signing out…");
    expect(screen.getByRole("button", { name: "Sign Agent 0001 out of queues" })).toHaveProperty("disabled", true);
    await act(async () => release());
    expect(bridge.calledWith("signAgentOut")).toEqual([[boardAgentOf(1).agentId]]);
  });

  it("filters by state, and says how many are shown", async () => {
    const user = userEvent.setup();
    const bridge = bridgeWith([boardAgentOf(1), boardAgentOf(2, { activity: { state: "wrap_up", since: new Date().toISOString(), deadline: null } }), boardAgentOf(3)]);
    await renderBoard(bridge);
    await user.selectOptions(screen.getByLabelText("State"), "wrap_up");
    expect(rows().map((row) => row.getAttribute("aria-label"))).toEqual(["Agent 0002"]);
    expect(screen.getByRole("status", { name: "Agents shown" }).textContent).toBe("1 of 3 agents");
  });

  it("a board that cannot load says so, and can be asked again", async () => {
    const user = userEvent.setup();
    const bridge = bridgeWith();
    const answer = bridge.boardAnswer;
    bridge.board = () => Promise.reject(new Error("The board is for supervisors."));
    renderApp(<SupervisorBoard />, bridge);
    expect((await screen.findByRole("alert")).textContent).toContain("Could not load the board: The board is for supervisors.");
    bridge.board = async () => answer;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("table", { name: "Agents" })).toBeTruthy();
  });
});
