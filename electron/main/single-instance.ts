/**
 * One Handoff per desktop: two softphones registered as the same agent would
 * fight over calls and shortcuts. A second launch only brings the first
 * forward, then quits.
 */

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  on(event: "second-instance", listener: () => void): unknown;
  quit(): void;
}

/** Returns true when this process is the one instance; false means it is quitting. */
export function claimSingleInstance(app: SingleInstanceApp, focusExisting: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on("second-instance", focusExisting);
  return true;
}
