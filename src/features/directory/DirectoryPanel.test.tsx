// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { entry, FakeBridge } from "../../test-support/fake-bridge";
import { renderApp } from "../../test-support/render-app";
import { DirectoryPanel } from "./DirectoryPanel";

afterEach(cleanup);

const rowOf = (name: string) => screen.getAllByRole("row").find((row) => within(row).queryByText(name) !== null);

describe("directory", () => {
  it("shows a colleague's queue pause with its reason and since-when, live, and drops it when the pause ends", async () => {
    const bridge = new FakeBridge();
    const bob = entry("a-bob", "Bob Nguyen", "1002", "available");
    bridge.directoryEntries = [bob];
    const { store } = await renderApp(<DirectoryPanel />, bridge);
    await act(() => store.getState().loadDirectory());
    expect(rowOf("Bob Nguyen")?.textContent).not.toContain("paused");

    const since = "2026-12-03T12:05:00.000Z";
    act(() => bridge.emitPresence({ ...bob, queuePause: { reason: "Lunch", since } }));
    const time = new Date(since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    expect(rowOf("Bob Nguyen")?.textContent).toContain(`paused: Lunch since ${time}`);

    act(() => bridge.emitPresence(bob));
    expect(rowOf("Bob Nguyen")?.textContent).not.toContain("paused");
  });
});
