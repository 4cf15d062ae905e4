import { describe, expect, it } from "vitest";
import { windowOptions } from "./window-options";

describe("windowOptions", () => {
  const options = windowOptions({ preloadPath: "/app/dist/app/preload.cjs", devTools: false });
  const web = options.webPreferences ?? {};

  it("isolates and sandboxes the renderer, with no Node anywhere", () => {
    expect(web.contextIsolation).toBe(true);
    expect(web.sandbox).toBe(true);
    expect(web.nodeIntegration).toBe(false);
    expect(web.nodeIntegrationInWorker).toBe(false);
    expect(web.nodeIntegrationInSubFrames).toBe(false);
  });

  it("keeps the web's own protections on and no way to embed remote content", () => {
    expect(web.webSecurity).toBe(true);
    expect(web.allowRunningInsecureContent).toBe(false);
    expect(web.webviewTag).toBe(false);
    expect(web.experimentalFeatures).toBe(false);
    expect(web.navigateOnDragDrop).toBe(false);
  });

  it("uses the given preload and DevTools setting", () => {
    expect(web.preload).toBe("/app/dist/app/preload.cjs");
    expect(web.devTools).toBe(false);
    expect(windowOptions({ preloadPath: "/p.cjs", devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it("turns nothing on that would weaken the renderer", () => {
    const risky = ["enableBlinkFeatures", "additionalArguments", "enableRemoteModule", "disableBlinkFeatures"];
    for (const key of risky) expect(web).not.toHaveProperty(key);
  });
});
