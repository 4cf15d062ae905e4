import type { HandoffBridge } from "@handoff/contract";
import type { EarlyRequest } from "./early-resume";
import { WebBridge } from "./web-bridge";

type WindowWithBridge = Window & { handoff?: HandoffBridge };

/**
 * The desktop preload's `window.handoff` when there is one; otherwise the page talks to the server itself
 * (taking up the resume `early` the page sent as it started, if it did).
 */
export function getBridge(win: Window = window, early: EarlyRequest | null = null): HandoffBridge {
  const desktop = (win as WindowWithBridge).handoff;
  if (desktop !== undefined) return desktop;
  let storage: Storage | null = null;
  try {
    storage = win.localStorage;
  } catch {
    // Storage can be switched off; settings then last for this page only.
  }
  return new WebBridge({ storage, early });
}
