/**
 * Electron's accelerator syntax ("CommandOrControl+Shift+A"), parsed and
 * matched against DOM key events, so in-app and global shortcuts share one
 * format in the settings.
 */
export interface Binding {
  /** `KeyboardEvent.key` for named keys ("Enter"), the character otherwise ("a", "?"). */
  key: string;
  ctrl: boolean;
  meta: boolean;
  /** CommandOrControl: either key counts, so one binding works on every platform. */
  ctrlOrMeta: boolean;
  alt: boolean;
  shift: boolean;
}

type KeyEventLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "shiftKey">;

const NAMED_KEYS: Record<string, string> = {
  enter: "Enter",
  return: "Enter",
  esc: "Escape",
  escape: "Escape",
  backspace: "Backspace",
  delete: "Delete",
  tab: "Tab",
  space: " ",
  up: "ArrowUp",
  down: "ArrowDown",
  left: "ArrowLeft",
  right: "ArrowRight",
  home: "Home",
  end: "End",
  pageup: "PageUp",
  pagedown: "PageDown",
  plus: "+",
};

const ACCELERATOR_NAMES: Record<string, string> = { Enter: "Enter", Escape: "Escape", Backspace: "Backspace", Delete: "Delete", Tab: "Tab", " ": "Space", ArrowUp: "Up", ArrowDown: "Down", ArrowLeft: "Left", ArrowRight: "Right", Home: "Home", End: "End", PageUp: "PageUp", PageDown: "PageDown", "+": "Plus" };

const MODIFIER_KEYS = new Set(["Shift", "Control", "Alt", "Meta", "AltGraph", "CapsLock", "OS"]);

function isMac(): boolean {
  return typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

export function parseAccelerator(text: string): Binding | null {
  const parts = text.split("+").map((part) => part.trim());
  // "Ctrl++" spells the plus key as an empty last part.
  if (parts.length >= 2 && parts[parts.length - 1] === "" && parts[parts.length - 2] === "") parts.splice(-2, 2, "+");
  const keyPart = parts.pop();
  if (keyPart === undefined || keyPart === "") return null;
  const binding: Binding = { key: "", ctrl: false, meta: false, ctrlOrMeta: false, alt: false, shift: false };
  for (const modifier of parts.map((part) => part.toLowerCase())) {
    if (modifier === "commandorcontrol" || modifier === "cmdorctrl") binding.ctrlOrMeta = true;
    else if (modifier === "control" || modifier === "ctrl") binding.ctrl = true;
    else if (modifier === "command" || modifier === "cmd" || modifier === "super" || modifier === "meta") binding.meta = true;
    else if (modifier === "alt" || modifier === "option" || modifier === "altgr") binding.alt = true;
    else if (modifier === "shift") binding.shift = true;
    else return null;
  }
  const named = NAMED_KEYS[keyPart.toLowerCase()];
  if (named !== undefined) binding.key = named;
  else if (/^f([1-9]|1\d|2[0-4])$/i.test(keyPart)) binding.key = keyPart.toUpperCase();
  else if ([...keyPart].length === 1) binding.key = keyPart.toLowerCase();
  else return null;
  return binding;
}

/** Letters, digits and named keys compare Shift exactly; for punctuation Shift is part of the character ("?" is Shift+/). */
function shiftMatters(key: string): boolean {
  return key.length > 1 || /^[a-z0-9]$/i.test(key);
}

export function matchesBinding(binding: Binding, event: KeyEventLike): boolean {
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key !== binding.key) return false;
  if (binding.ctrlOrMeta) {
    if (!(event.ctrlKey || event.metaKey)) return false;
  } else if (event.ctrlKey !== binding.ctrl || event.metaKey !== binding.meta) {
    return false;
  }
  if (event.altKey !== binding.alt) return false;
  if (shiftMatters(binding.key) ? event.shiftKey !== binding.shift : binding.shift && !event.shiftKey) return false;
  return true;
}

/** True for bindings that may fire while the agent types: they cannot produce text. */
export function worksWhileTyping(binding: Binding): boolean {
  return binding.ctrl || binding.meta || binding.ctrlOrMeta || binding.alt || binding.key === "Escape";
}

/** "Ctrl+Enter", "Shift+H", "?" — how the help and the settings show a binding. */
export function formatAccelerator(text: string): string {
  const binding = parseAccelerator(text);
  if (binding === null) return text;
  const mac = isMac();
  const parts: string[] = [];
  if (binding.ctrlOrMeta) parts.push(mac ? "⌘" : "Ctrl");
  if (binding.ctrl) parts.push("Ctrl");
  if (binding.meta) parts.push(mac ? "⌘" : "Meta");
  if (binding.alt) parts.push(mac ? "Option" : "Alt");
  if (binding.shift) parts.push("Shift");
  parts.push(binding.key.length === 1 ? (binding.key === " " ? "Space" : binding.key.toUpperCase()) : binding.key);
  return parts.join("+");
}

/** The accelerator a key press spells, for recording a new binding; null while only modifiers are down. */
export function acceleratorFromEvent(event: KeyEventLike): string | null {
  if (MODIFIER_KEYS.has(event.key)) return null;
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push("CommandOrControl");
  if (event.altKey) parts.push("Alt");
  const named = ACCELERATOR_NAMES[event.key];
  const key = named ?? (event.key.length === 1 ? event.key.toUpperCase() : event.key);
  if (event.shiftKey && shiftMatters(event.key.length === 1 ? event.key.toLowerCase() : event.key)) parts.push("Shift");
  parts.push(key);
  return parts.join("+");
}

/** The same binding in `aria-keyshortcuts` syntax ("Control+Enter", "Shift+H"). */
export function ariaKeyShortcuts(text: string): string | undefined {
  const binding = parseAccelerator(text);
  if (binding === null) return undefined;
  const parts: string[] = [];
  if (binding.ctrlOrMeta || binding.ctrl) parts.push("Control");
  if (binding.meta) parts.push("Meta");
  if (binding.alt) parts.push("Alt");
  if (binding.shift) parts.push("Shift");
  parts.push(binding.key === " " ? "Space" : binding.key.length === 1 ? binding.key.toUpperCase() : binding.key);
  return parts.join("+");
}
