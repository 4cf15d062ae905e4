import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import type { ShortcutAction } from "@handoff/contract";
import type { AppStore } from "../store/types";
import { App } from "./App";
import { createStyleCache } from "./style-cache";

export interface MountOptions {
  store: AppStore;
  webMode: boolean;
  subscribeGlobalShortcuts: (listener: (action: ShortcutAction) => void) => () => void;
}

/** React, MUI and the first screen: a chunk loaded while the session is already being taken up. */
export function mount(container: HTMLElement, { store, webMode, subscribeGlobalShortcuts }: MountOptions): void {
  createRoot(container).render(
    <StrictMode>
      <App store={store} webMode={webMode} subscribeGlobalShortcuts={subscribeGlobalShortcuts} styleCache={createStyleCache()} />
    </StrictMode>,
  );
}
