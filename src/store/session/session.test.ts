import { describe, expect, it } from "vitest";
import { BridgeError } from "../../bridge/bridge-error";
import { FakeBridge } from "../../test-support/fake-bridge";
import { signedInStore } from "../../test-support/signed-in-store";
import { SignInStatus, transitionSignIn } from "./sign-in-status";

describe("session", () => {
  it("signs out once when several requests find the token refused, and says why", async () => {
    const bridge = new FakeBridge();
    const { store, phone } = await signedInStore(bridge);
    const refused = new BridgeError("unauthenticated", "Your session expired; sign in again.", 401);
    expect(store.getState().handleSignedOut(refused)).toBe(true);
    expect(store.getState().handleSignedOut(refused)).toBe(true);
    await store.getState().signOut();
    expect(store.getState().signInStatus).toBe(SignInStatus.SignedOut);
    expect(store.getState().sessionError).toBe("Your session expired; sign in again.");
    expect(phone.calledWith("stop")).toHaveLength(1);
    expect(bridge.calledWith("signOut")).toHaveLength(1);
  });

  it("refuses an illegal move", () => {
    expect(() => transitionSignIn(SignInStatus.SignedOut, SignInStatus.SignedIn)).toThrow(/cannot go from "signedOut" to "signedIn"/);
  });
});
