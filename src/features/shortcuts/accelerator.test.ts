import { describe, expect, it } from "vitest";
import { acceleratorFromEvent, ariaKeyShortcuts, formatAccelerator, matchesBinding, parseAccelerator, worksWhileTyping } from "./accelerator";

const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "altKey" | "shiftKey", boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });
const matches = (accelerator: string, event: ReturnType<typeof key>) => matchesBinding(parseAccelerator(accelerator)!, event);

describe("accelerators", () => {
  it("matches letters with Shift exactly", () => {
    expect(matches("H", key("h"))).toBe(true);
    expect(matches("H", key("H", { shiftKey: true }))).toBe(false);
    expect(matches("Shift+H", key("H", { shiftKey: true }))).toBe(true);
    expect(matches("Shift+H", key("h"))).toBe(false);
    expect(matches("A", key("a", { ctrlKey: true }))).toBe(false);
  });

  it("treats Shift as part of punctuation ('?' is Shift+/)", () => {
    expect(matches("?", key("?", { shiftKey: true }))).toBe(true);
    expect(matches("/", key("/"))).toBe(true);
    expect(matches("/", key("?", { shiftKey: true }))).toBe(false);
  });

  it("CommandOrControl accepts either key", () => {
    expect(matches("CommandOrControl+Enter", key("Enter", { ctrlKey: true }))).toBe(true);
    expect(matches("CommandOrControl+Enter", key("Enter", { metaKey: true }))).toBe(true);
    expect(matches("CommandOrControl+Enter", key("Enter"))).toBe(false);
    expect(matches("CmdOrCtrl+Backspace", key("Backspace", { ctrlKey: true }))).toBe(true);
  });

  it("refuses what it cannot read", () => {
    expect(parseAccelerator("Hyper+A")).toBeNull();
    expect(parseAccelerator("Ctrl+")).toBeNull();
    expect(parseAccelerator("Ctrl++")?.key).toBe("+");
  });

  it("knows which bindings may fire while typing", () => {
    expect(worksWhileTyping(parseAccelerator("A")!)).toBe(false);
    expect(worksWhileTyping(parseAccelerator("Escape")!)).toBe(true);
    expect(worksWhileTyping(parseAccelerator("CommandOrControl+Enter")!)).toBe(true);
  });

  it("formats for people and for aria-keyshortcuts", () => {
    expect(formatAccelerator("Shift+H")).toBe("Shift+H");
    expect(formatAccelerator("CommandOrControl+Backspace")).toMatch(/^(Ctrl|⌘)\+Backspace$/);
    expect(formatAccelerator("?")).toBe("?");
    expect(ariaKeyShortcuts("CommandOrControl+Enter")).toBe("Control+Enter");
  });

  it("records a key press as an accelerator that matches the same press", () => {
    const press = key("Y", { ctrlKey: true, shiftKey: true });
    const accelerator = acceleratorFromEvent(press)!;
    expect(accelerator).toBe("CommandOrControl+Shift+Y");
    expect(matches(accelerator, press)).toBe(true);
    expect(acceleratorFromEvent(key("Shift", { shiftKey: true }))).toBeNull();
    expect(acceleratorFromEvent(key(" "))).toBe("Space");
  });
});
