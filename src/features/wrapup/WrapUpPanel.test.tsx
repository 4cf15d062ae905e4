// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { FakeBridge} from "../../test-support/fake-bridge";
import { queueStateOf } from "../../test-support/fake-bridge";
import { renderApp } from "../../test-support/render-app";
import { HistoryView } from "../history/HistoryView";
import { WrapUpPanel } from "./WrapUpPanel";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function inWrapUp(bridge: FakeBridge, deadlineInMs: number | null) {
  const now = Date.now();
  bridge.emitQueueState(queueStateOf({ wrapUp: { callId: "call-7", queue: "support", since: new Date(now).toISOString(), deadline: deadlineInMs === null ? null : new Date(now + deadlineInMs).toISOString() } }));
}

async function renderPanel() {
  const app = await renderApp(
    <>
      <WrapUpPanel />
      <HistoryView />
    </>,
  );
  await vi.waitFor(() => expect(app.store.getState().queuesLoaded).toBe(true));
  return app;
}

describe("wrap-up", () => {
  it("shows nothing outside a wrap-up; in one, a countdown that runs down each second", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { bridge } = await renderPanel();
    expect(screen.queryByRole("region", { name: "Wrap-up" })).toBeNull();
    act(() => inWrapUp(bridge, 30_000));
    const panel = screen.getByRole("region", { name: "Wrap-up" });
    expect(within(panel).getByRole("timer", { name: "Wrap-up time left" }).textContent).toBe("00:30 left");
    await act(async () => vi.advanceTimersByTime(3_000));
    expect(within(panel).getByRole("timer", { name: "Wrap-up time left" }).textContent).toMatch(/^00:2[67] left$/);
    await act(async () => vi.advanceTimersByTime(30_000));
    expect(within(panel).getByRole("timer", { name: "Wrap-up time left" }).textContent).toBe("ending…");
  });

  it("choosing a disposition sends it with the note, ends the wrap-up, and history shows both", async () => {
    const user = userEvent.setup();
    const { bridge } = await renderPanel();
    act(() => inWrapUp(bridge, 30_000));
    await user.type(screen.getByRole("textbox", { name: "Wrap-up note" }), "Refund sent{Shift>}{Enter}{/Shift}by mail");
    bridge.history = [
      {
        id: "call-7",
        agentId: "a-self",
        remote: { name: "Customer", number: "5550100" },
        startedAt: "2025-01-01T10:00:00.000Z",
        endedAt: "2025-01-01T10:03:00.000Z",
        transfers: [],
        queue: "support",
        disposition: { disposition: "Callback needed", note: "Refund sent\nby mail", by: "a-self", at: "2025-01-01T10:03:10.000Z" },
      },
    ];
    await user.click(screen.getByRole("button", { name: /Callback needed/ }));
    expect(bridge.calledWith("setDisposition")).toEqual([[{ callId: "call-7", disposition: "Callback needed", note: "Refund sent\nby mail" }]]);
    await vi.waitFor(() => expect(screen.queryByRole("region", { name: "Wrap-up" })).toBeNull());
    const history = await screen.findByRole("table", { name: "Call history" });
    expect(within(history).getByText("support: Callback needed")).toBeTruthy();
    expect(within(history).getByText(/Refund sent\s+by mail/)).toBeTruthy();
  });

  it("digits choose the n-th disposition during wrap-up only, and never while typing the note", async () => {
    const user = userEvent.setup();
    const { bridge } = await renderPanel();
    await user.keyboard("3");
    expect(bridge.calledWith("setDisposition")).toEqual([]);
    act(() => inWrapUp(bridge, null));
    expect(screen.getByRole("timer", { name: "Wrap-up time" }).textContent).toContain("no time limit");
    await user.type(screen.getByRole("textbox", { name: "Wrap-up note" }), "3");
    expect(bridge.calledWith("setDisposition")).toEqual([]);
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("3");
    expect(bridge.calledWith("setDisposition")).toEqual([[{ callId: "call-7", disposition: "Escalated", note: "3" }]]);
  });

  it("a double click sends one disposition", async () => {
    const { bridge } = await renderPanel();
    act(() => inWrapUp(bridge, 30_000));
    const release = bridge.holdReplies();
    const button = screen.getByRole("button", { name: /Resolved/ });
    act(() => {
      button.click();
      button.click();
    });
    expect(screen.getByRole("status").textContent).toBe("Saving…");
    await act(async () => release());
    expect(bridge.calledWith("setDisposition")).toHaveLength(1);
  });
});
