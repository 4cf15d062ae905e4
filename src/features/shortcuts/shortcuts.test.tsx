// @vitest-environment jsdom
import type { ShortcutAction } from "@handoff/contract";
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Workspace } from "../../app/Workspace";
import { DEFAULT_SHORTCUTS } from "../../bridge/default-settings";
import { CallPhase } from "../../telephony/call-phase";
import { entry, FakeBridge } from "../../test-support/fake-bridge";
import { renderApp, type TestApp } from "../../test-support/render-app";
import { formatAccelerator } from "./accelerator";
import { SHORTCUT_CATALOG } from "./shortcut-catalog";

let app: TestApp;
let user: UserEvent;

beforeEach(async () => {
  const bridge = new FakeBridge();
  bridge.directoryEntries = [entry("a-bob", "Bob Baker", "1003", "available")];
  app = await renderApp(<Workspace />, bridge);
  user = userEvent.setup();
});

afterEach(cleanup);

const transferDialog = () => screen.queryByRole("dialog", { name: "Transfer call" });
const ring = () => {
  let id = "";
  act(() => {
    id = app.phone.ring({ name: "Customer Carla", number: "0301234567" }).id;
  });
  return id;
};
const connect = () => {
  let id = "";
  act(() => {
    id = app.phone.connected({ name: "Customer Carla", number: "0301234567" }).id;
  });
  return id;
};

/** Opens the dialog with T and starts an attended transfer to Bob that has reached `answered`. */
async function liveAttendedTransfer(): Promise<string> {
  connect();
  await user.keyboard("t");
  await user.keyboard("bob{Enter}{Shift>}A{/Shift}{Enter}");
  const id = app.store.getState().followedTransferId;
  if (id === null) throw new Error("no transfer started");
  act(() => void app.bridge.advance(id, "answered"));
  return id;
}

describe("default shortcuts", () => {
  it("A answers the ringing call", async () => {
    const id = ring();
    await user.keyboard("a");
    expect(app.phone.calledWith("answer")).toEqual([[id]]);
  });

  it("H hangs up the current call", async () => {
    const id = connect();
    await user.keyboard("h");
    expect(app.phone.calledWith("hangup")).toEqual([[id]]);
  });

  it("Shift+H holds, and again resumes", async () => {
    const id = connect();
    await user.keyboard("{Shift>}H{/Shift}");
    expect(app.phone.calledWith("hold")).toEqual([[id]]);
    expect(app.store.getState().calls[id]?.phase).toBe(CallPhase.Held);
    await user.keyboard("{Shift>}H{/Shift}");
    expect(app.phone.calledWith("unhold")).toEqual([[id]]);
    // Plain H (no Shift) is hang up, not hold.
    expect(app.phone.calledWith("hangup")).toHaveLength(0);
  });

  it("M mutes and unmutes", async () => {
    const id = connect();
    await user.keyboard("m");
    await user.keyboard("m");
    expect(app.phone.calledWith("setMuted")).toEqual([
      [id, true],
      [id, false],
    ]);
  });

  it("T opens the transfer dialog (only with a connected call) without typing the T", async () => {
    await user.keyboard("t");
    expect(transferDialog()).toBeNull();
    connect();
    await user.keyboard("t");
    expect(transferDialog()).not.toBeNull();
    const search = within(transferDialog()!).getByRole("searchbox", { name: "Search agents or type a number" });
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe("");
  });

  it("B and Shift+A choose the mode inside the dialog", async () => {
    connect();
    await user.keyboard("t{ArrowDown}");
    await user.keyboard("{Shift>}A{/Shift}");
    expect(within(transferDialog()!).getByRole("radio", { name: "Attended" })).toHaveProperty("checked", true);
    await user.keyboard("{Escape}");
    await user.keyboard("t{ArrowDown}b");
    expect(within(transferDialog()!).getByRole("radio", { name: "Blind" })).toHaveProperty("checked", true);
  });

  it("/ focuses the search from the list", async () => {
    connect();
    await user.keyboard("t{ArrowDown}");
    const search = within(transferDialog()!).getByRole("searchbox", { name: "Search agents or type a number" });
    expect(document.activeElement).not.toBe(search);
    await user.keyboard("/");
    expect(document.activeElement).toBe(search);
    expect((search as HTMLInputElement).value).toBe("");
  });

  it("Ctrl+Enter completes an attended transfer, even from the note field, and a second press sends nothing more", async () => {
    const id = await liveAttendedTransfer();
    within(transferDialog()!).getByRole("textbox", { name: "Note" }).focus();
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toEqual([[id]]);
    await user.keyboard("{Control>}{Enter}{/Control}{Control>}{Backspace}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toEqual([[id]]);
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([]);
  });

  it("Ctrl+Backspace cancels an attended transfer, even from the note field", async () => {
    const id = await liveAttendedTransfer();
    within(transferDialog()!).getByRole("textbox", { name: "Note" }).focus();
    await user.keyboard("{Control>}{Backspace}{/Control}");
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([[id]]);
  });

  it("Escape closes the dialog", async () => {
    connect();
    await user.keyboard("t");
    expect(transferDialog()).not.toBeNull();
    await user.keyboard("{Escape}");
    expect(app.store.getState().transferDialogOpen).toBe(false);
  });

  it("? opens the help overlay, and ? again closes it", async () => {
    await user.keyboard("?");
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeTruthy();
    await user.keyboard("?");
    expect(app.store.getState().helpOpen).toBe(false);
  });

  it("global shortcuts from the desktop bridge run the same actions", async () => {
    const id = ring();
    act(() => app.bridge.emitShortcut("answer"));
    expect(app.phone.calledWith("answer")).toEqual([[id]]);
  });

  it("follows rebinding from the settings", async () => {
    const id = ring();
    await act(async () => app.store.getState().updateSettings({ shortcuts: { ...DEFAULT_SHORTCUTS, answer: "CommandOrControl+Shift+Y" } }));
    await user.keyboard("a");
    expect(app.phone.calledWith("answer")).toHaveLength(0);
    await user.keyboard("{Control>}{Shift>}Y{/Shift}{/Control}");
    expect(app.phone.calledWith("answer")).toEqual([[id]]);
  });
});

describe("shortcuts stay out of the way", () => {
  it("do not fire while typing in a text field", async () => {
    const id = connect();
    ring();
    const filter = screen.getByRole("searchbox", { name: "Filter directory" });
    await user.click(filter);
    await user.keyboard("ahmt?");
    expect((filter as HTMLInputElement).value).toBe("ahmt?");
    expect(app.phone.requests.filter((r) => r.method !== "setAudioDevices")).toEqual([]);
    expect(transferDialog()).toBeNull();
    expect(app.store.getState().helpOpen).toBe(false);
    expect(app.store.getState().calls[id]?.phase).toBe(CallPhase.Active);
  });

  it("typing a note in the dialog types, and H there never hangs up the call behind it", async () => {
    connect();
    await user.keyboard("t");
    const note = within(transferDialog()!).getByRole("textbox", { name: "Note" });
    await user.click(note);
    await user.keyboard("bah");
    expect((note as HTMLInputElement).value).toBe("bah");
    expect(within(transferDialog()!).getByRole("radio", { name: "Blind" })).toHaveProperty("checked", true);
    // Out of the text field, but the dialog is still open: its layer shadows the app's shortcuts.
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("h");
    expect(app.phone.calledWith("hangup")).toHaveLength(0);
  });
});

describe("help overlay", () => {
  it("lists every shortcut with its keys", async () => {
    await user.keyboard("?");
    const help = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    const rows = within(help).getAllByRole("row").slice(1);
    const actions = new Set<ShortcutAction>(SHORTCUT_CATALOG.map((info) => info.action));
    expect(actions.size).toBe(Object.keys(DEFAULT_SHORTCUTS).length);
    expect(rows).toHaveLength(actions.size);
    for (const { action, label } of SHORTCUT_CATALOG) {
      const row = rows.find((r) => r.getAttribute("data-action") === action);
      expect(row?.textContent).toContain(label);
      expect(row?.textContent).toContain(formatAccelerator(DEFAULT_SHORTCUTS[action]));
    }
    expect(within(help).getByText("Ctrl+Enter")).toBeTruthy();
    expect(within(help).getByText("Shift+H")).toBeTruthy();
    expect(within(help).getByText("?")).toBeTruthy();
    expect(help.textContent).toContain("Enter sends the transfer, also from the note; Shift+Enter starts a new line in the note.");
  });
});
