import CssBaseline from "@mui/material/CssBaseline";
import { ThemeProvider } from "@mui/material/styles";
import { act, render, type RenderResult } from "@testing-library/react";
import type { ReactElement } from "react";
import { loadAllViews } from "../app/lazy-views";
import { theme } from "../app/theme";
import { ShortcutsProvider } from "../features/shortcuts/ShortcutsProvider";
import { StoreProvider } from "../store/react";
import type { AppStore } from "../store/types";
import { FakeBridge, SELF } from "./fake-bridge";
import type { FakePhone } from "./fake-phone";
import { signedInStore } from "./signed-in-store";

export interface TestApp extends RenderResult {
  store: AppStore;
  bridge: FakeBridge;
  phone: FakePhone;
}

/** Renders `ui` the way the app does: theme, store, shortcuts (with the bridge's global shortcuts). */
export async function renderApp(ui: ReactElement, bridge = new FakeBridge()): Promise<TestApp> {
  const { store, phone } = await signedInStore(bridge);
  // The app's chunks (dialogs, tabs, keypad) are loaded ahead, as the app prefetches them once its first screen is up.
  await loadAllViews();
  let result!: RenderResult;
  await act(async () => {
    result = render(
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <StoreProvider store={store}>
          <ShortcutsProvider subscribeGlobal={bridge.onShortcut}>{ui}</ShortcutsProvider>
        </StoreProvider>
      </ThemeProvider>,
    );
  });
  return { ...result, store, bridge, phone };
}

export { SELF };
