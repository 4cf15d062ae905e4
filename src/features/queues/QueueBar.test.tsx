// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@handoff/client";
import { FakeBridge, figuresOf, queueStateOf } from "../../test-support/fake-bridge";
import { renderApp } from "../../test-support/render-app";
import { QueueBar } from "./QueueBar";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

async function renderBar(bridge = new FakeBridge()) {
  const app = await renderApp(<QueueBar />, bridge);
  await screen.findByRole("button", { name: /Queue sign-in/ });
  return app;
}

describe("queue bar", () => {
  it("signs in to every queue at once, then out of one, by the menu", async () => {
    const user = userEvent.setup();
    const { bridge } = await renderBar();
    expect(screen.getByRole("button", { name: "Queue sign-in: 0 of 2" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: /Queue sign-in/ }));
    await user.click(screen.getByRole("menuitem", { name: "Sign in to all queues" }));
    expect(await screen.findByRole("button", { name: "Queue sign-in: 2 of 2" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: /Queue sign-in/ }));
    await user.click(screen.getByRole("menuitemcheckbox", { name: /sales/ }));
    expect(bridge.calledWith("leaveQueues")).toEqual([[{ queues: ["sales"] }]]);
    // The menu stays open to change another queue; its box shows the answer.
    await vi.waitFor(() => expect(screen.getByRole("menuitemcheckbox", { name: /sales/ }).getAttribute("aria-checked")).toBe("false"));
    await user.keyboard("{Escape}");
    expect(await screen.findByRole("button", { name: "Queue sign-in: 1 of 2" })).toBeTruthy();
  });

  it("pauses with a chosen reason, shows it with since-when and a running timer, and ends it", async () => {
    const user = userEvent.setup();
    const { bridge } = await renderBar();
    await user.click(screen.getByRole("button", { name: "Pause" }));
    await user.click(within(screen.getByRole("menu")).getByRole("menuitem", { name: "Lunch" }));
    const pause = await screen.findByRole("status", { name: "Pause" });
    expect(pause.textContent).toMatch(/^Paused · Lunch · 00:0\d since /);
    expect(bridge.calledWith("pause")).toEqual([["Lunch"]]);
    await user.click(screen.getByRole("button", { name: "End pause" }));
    expect(bridge.calledWith("endPause")).toHaveLength(1);
    expect(await screen.findByRole("button", { name: "Pause" })).toBeTruthy();
    expect(screen.queryByRole("status", { name: "Pause" })).toBeNull();
  });

  it("the pause timer counts from the server's since, second by second", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const bridge = new FakeBridge();
    bridge.queueStateAnswer = queueStateOf({ pause: { reason: "Training", since: new Date(Date.now() - 65_000).toISOString() } });
    await renderBar(bridge);
    expect(screen.getByRole("status", { name: "Pause" }).textContent).toContain("Training · 01:05");
    await act(async () => vi.advanceTimersByTime(2_000));
    expect(screen.getByRole("status", { name: "Pause" }).textContent).toContain("Training · 01:07");
  });

  it("a double click on End pause sends one request; the button says what it waits for", async () => {
    const bridge = new FakeBridge();
    bridge.queueStateAnswer = queueStateOf({ pause: { reason: "Break", since: new Date().toISOString() } });
    await renderBar(bridge);
    const release = bridge.holdReplies();
    const button = screen.getByRole("button", { name: "End pause" });
    act(() => {
      button.click();
      button.click();
    });
    expect(screen.getByRole("button", { name: "Ending pause…" })).toHaveProperty("disabled", true);
    await act(async () => release());
    expect(bridge.calledWith("endPause")).toHaveLength(1);
  });

  it("shows callers waiting and the longest wait per own queue, live", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const bridge = new FakeBridge();
    bridge.queueStateAnswer = queueStateOf({ queues: [{ queue: "support", signedIn: true, since: null }, { queue: "sales", signedIn: false, since: null }] });
    await renderBar(bridge);
    const list = screen.getByRole("list", { name: "Queue callers" });
    expect(within(list).getByLabelText("support: 0 waiting")).toBeTruthy();
    act(() => bridge.emitQueueFigures(figuresOf("support", { waiting: 3, oldestWaitingSince: new Date(Date.now() - 80_000).toISOString() })));
    // Counted on the shared one-second clock: up to a second behind until its next tick.
    expect(within(list).getByLabelText(/^support: 3 waiting, longest 01:(19|20)$/)).toBeTruthy();
    await act(async () => vi.advanceTimersByTime(2_000));
    expect(within(list).getByLabelText(/^support: 3 waiting, longest 01:2[12]$/)).toBeTruthy();
    expect(within(list).getByLabelText("sales: 0 waiting (not signed in)")).toBeTruthy();
  });

  it("P opens the reasons (or ends a pause), Q signs in to every queue or out of all", async () => {
    const user = userEvent.setup();
    const { bridge } = await renderBar();
    await user.keyboard("q");
    expect(bridge.calledWith("joinQueues")).toEqual([[{}]]);
    expect(await screen.findByRole("button", { name: "Queue sign-in: 2 of 2" })).toBeTruthy();
    await user.keyboard("q");
    expect(bridge.calledWith("leaveQueues")).toEqual([[{}]]);
    await user.keyboard("p");
    await screen.findByRole("menu", { name: "Pause reasons" });
    await user.keyboard("{ArrowDown}{Enter}");
    expect(bridge.calledWith("pause")).toEqual([["Lunch"]]);
    await screen.findByRole("status", { name: "Pause" });
    await user.keyboard("p");
    expect(bridge.calledWith("endPause")).toHaveLength(1);
  });

  it("a refusal is visible in the bar until dismissed", async () => {
    const user = userEvent.setup();
    const bridge = new FakeBridge();
    await renderBar(bridge);
    bridge.queueError = new ApiError("forbidden", "You may not join the sales queue.", 403);
    await user.keyboard("q");
    expect((await screen.findByRole("alert")).textContent).toContain("Could not sign you in to the queues: You may not join the sales queue.");
    await user.click(screen.getByRole("button", { name: "Dismiss queue error" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
