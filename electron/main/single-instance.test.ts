import { describe, expect, it } from "vitest";
import { claimSingleInstance, type SingleInstanceApp } from "./single-instance";

function fakeApp(lock: boolean) {
  const state = { quit: 0, secondInstance: null as (() => void) | null };
  const app: SingleInstanceApp = {
    requestSingleInstanceLock: () => lock,
    on: (_event, listener) => (state.secondInstance = listener),
    quit: () => (state.quit += 1),
  };
  return { app, state };
}

describe("claimSingleInstance", () => {
  it("the first instance keeps running and focuses itself when launched again", () => {
    const { app, state } = fakeApp(true);
    let focused = 0;
    expect(claimSingleInstance(app, () => (focused += 1))).toBe(true);
    state.secondInstance?.();
    expect(focused).toBe(1);
    expect(state.quit).toBe(0);
  });

  it("a second instance quits at once", () => {
    const { app, state } = fakeApp(false);
    expect(claimSingleInstance(app, () => undefined)).toBe(false);
    expect(state.quit).toBe(1);
    expect(state.secondInstance).toBeNull();
  });
});
