import type { BrowserWindowConstructorOptions } from "electron";

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/app/preload.cjs). */
  preloadPath: string;
  /** DevTools only in development: a packaged app should not offer a console to paste into. */
  devTools: boolean;
}

/**
 * The main window. The renderer is an ordinary web page with one typed bridge:
 * no Node, its own JavaScript world, Chromium's sandbox, same-origin policy on.
 * It loads only the app's page (navigation-policy.ts) and no remote content.
 */
export function windowOptions({ preloadPath, devTools }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    title: "Handoff",
    // Shown on ready-to-show, so the agent never sees a blank frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools,
      // A softphone must ring and count call time even when hidden behind other windows.
      backgroundThrottling: false,
    },
  };
}
