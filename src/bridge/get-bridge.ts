import type { HandoffBridge } from "@handoff/contract";
import { WebBridge } from "./web-bridge";

type WindowWithBridge = Window & { handoff?: HandoffBridge };

/** The desktop preload's `window.handoff` when there is one; otherwise the page talks to the server itself. */
export function getBridge(win: Window = window): HandoffBridge {
  const desktop = (win as WindowWithBridge).handoff;
  if (desktop !== undefined) return desktop;
  let storage: Storage | null = null;
  try {
    storage = win.localStorage;
  } catch {
    // Storage can be switched off; settings then last for this page only.
  }
  return new WebBridge({ storage });
}
