import type { ShortcutAction } from "@handoff/contract";
import { beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "./logger";
import { findDuplicates, GlobalShortcuts, isSafeGlobally, normalizeAccelerator, ShortcutConflictError, type GlobalShortcutLike } from "./shortcuts";
import { settings } from "./test-support/fixtures";

/** globalShortcut as the OS sees it: some keys are held by other applications. */
class FakeGlobalShortcut implements GlobalShortcutLike {
  readonly held = new Map<string, () => void>();
  readonly takenByOthers = new Set<string>();

  register(accelerator: string, callback: () => void): boolean {
    if (accelerator.includes("Nonsense")) throw new Error(`Error processing argument at index 0, conversion failure from ${accelerator}`);
    if (this.takenByOthers.has(accelerator) || this.held.has(accelerator)) return false;
    this.held.set(accelerator, callback);
    return true;
  }

  unregister(accelerator: string): void {
    this.held.delete(accelerator);
  }

  press(accelerator: string): void {
    this.held.get(accelerator)?.();
  }
}

let os: FakeGlobalShortcut;
let sent: ShortcutAction[];
let shortcuts: GlobalShortcuts;

beforeEach(() => {
  os = new FakeGlobalShortcut();
  sent = [];
  shortcuts = new GlobalShortcuts(os, (action) => sent.push(action), silentLogger);
});

const bindings = settings().shortcuts;

describe("GlobalShortcuts", () => {
  it("registers answer, hang up and transfer globally, and forwards presses as actions", () => {
    expect(shortcuts.registerAvailable(bindings)).toEqual([]);
    expect([...os.held.keys()].sort()).toEqual(["CommandOrControl+Alt+A", "CommandOrControl+Alt+E", "CommandOrControl+Alt+X"]);
    os.press("CommandOrControl+Alt+A");
    os.press("CommandOrControl+Alt+X");
    os.press("CommandOrControl+Alt+E");
    expect(sent).toEqual(["answer", "transfer", "hangup"]);
  });

  it("at start, registers what it can and reports what another app holds", () => {
    os.takenByOthers.add("CommandOrControl+Alt+E");
    const problems = shortcuts.registerAvailable(bindings);
    expect(problems).toEqual([{ action: "hangup", accelerator: "CommandOrControl+Alt+E", reason: "taken" }]);
    expect([...shortcuts.bindings().keys()].sort()).toEqual(["answer", "transfer"]);
  });

  it("rebinds: the old keys are released, the new ones fire", () => {
    shortcuts.registerAvailable(bindings);
    shortcuts.replace({ ...bindings, answer: "F9" });
    expect(os.held.has("CommandOrControl+Alt+A")).toBe(false);
    os.press("F9");
    expect(sent).toEqual(["answer"]);
  });

  it("on a conflict, keeps the previous bindings and says which key and why", () => {
    shortcuts.registerAvailable(bindings);
    os.takenByOthers.add("F10");
    const attempt = () => shortcuts.replace({ ...bindings, answer: "F9", hangup: "F10" });
    expect(attempt).toThrow(ShortcutConflictError);
    expect(attempt).toThrow("F10 (hangup) is already used by another application. Choose another shortcut in Settings.");
    expect([...os.held.keys()].sort()).toEqual(["CommandOrControl+Alt+A", "CommandOrControl+Alt+E", "CommandOrControl+Alt+X"]);
    os.press("CommandOrControl+Alt+A");
    expect(sent).toEqual(["answer"]);
  });

  it("refuses an invalid accelerator", () => {
    shortcuts.registerAvailable(bindings);
    expect(() => shortcuts.replace({ ...bindings, transfer: "CommandOrControl+Nonsense+Q" })).toThrow("CommandOrControl+Nonsense+Q (transfer) is not a valid shortcut");
    expect(os.held.has("CommandOrControl+Alt+X")).toBe(true);
  });

  it("refuses two actions on the same keys, however they are spelled", () => {
    expect(() => shortcuts.replace({ ...bindings, hangup: "alt+cmdorctrl+a" })).toThrow(/also bound to another action/);
    expect(findDuplicates({ ...bindings, help: "Escape" }).map((problem) => problem.action).sort()).toEqual(["closeDialog", "help"]);
    expect(normalizeAccelerator("Alt+CmdOrCtrl+A")).toBe(normalizeAccelerator("CommandOrControl+Alt+a"));
  });

  it("leaves an empty binding unregistered", () => {
    shortcuts.replace({ ...bindings, transfer: "" });
    expect(shortcuts.bindings().has("transfer")).toBe(false);
  });

  it("releases everything on unregisterAll", () => {
    shortcuts.registerAvailable(bindings);
    shortcuts.unregisterAll();
    expect(os.held.size).toBe(0);
  });
});

describe("keys that are unsafe system-wide", () => {
  it("are kept in-app only: never registered globally, and not reported as problems", () => {
    const problems = shortcuts.registerAvailable({ ...bindings, answer: "A", hangup: "Shift+H", transfer: "F8" });
    expect(problems).toEqual([]);
    expect([...os.held.keys()]).toEqual(["F8"]);
    shortcuts.replace({ ...bindings, answer: "Alt+Shift+A", hangup: "MediaPlayPause", transfer: "T" });
    expect([...os.held.keys()].sort()).toEqual(["Alt+Shift+A", "MediaPlayPause"]);
  });

  it("are told apart from safe ones", () => {
    for (const safe of ["CommandOrControl+Alt+A", "Ctrl+1", "Alt+B", "Super+K", "F9", "VolumeMute"]) expect(isSafeGlobally(safe), safe).toBe(true);
    for (const unsafe of ["A", "Shift+H", "Escape", "/", "?", "Enter", "Shift+F"]) expect(isSafeGlobally(unsafe), unsafe).toBe(false);
  });
});
