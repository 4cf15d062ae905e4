import { describe, expect, it, vi } from "vitest";
import { BridgeError } from "../../bridge/bridge-error";
import type { Ringer } from "../../telephony/ringer";
import { FakePhone } from "../../test-support/fake-phone";
import { createAppStore } from "../create-app-store";
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

  it("opens the ringtone's audio output within the sign-in click, before anything is awaited", async () => {
    const bridge = new FakeBridge();
    const prepared: string[] = [];
    const ringer: Ringer = { prepare: () => prepared.push("prepare"), ring: () => undefined, silence: () => undefined, setSpeaker: () => undefined };
    const store = createAppStore({ bridge, ringer, createPhone: (reporter) => new FakePhone(reporter) });
    await store.getState().restoreSession("http://server.test");
    const signingIn = store.getState().signIn({ serverUrl: "http://server.test", username: "sam", password: "pw", remember: false });
    // Synchronously, as the click handler returns: autoplay rules count only that moment as the agent's gesture.
    expect(prepared).toEqual(["prepare"]);
    await signingIn;
    expect(prepared).toEqual(["prepare"]);
  });

  it("returns to sign-in when the server ends the session, and says why", async () => {
    const bridge = new FakeBridge();
    const { store, phone } = await signedInStore(bridge);
    bridge.endSession("revoked");
    await vi.waitFor(() => expect(store.getState().signInStatus).toBe(SignInStatus.SignedOut));
    expect(store.getState().sessionError).toBe("You were signed out because your session was ended for safety (its token was used twice). Sign in again.");
    expect(phone.calledWith("stop")).toHaveLength(1);
  });

  it("refuses an illegal move", () => {
    expect(() => transitionSignIn(SignInStatus.SignedOut, SignInStatus.SignedIn)).toThrow(/cannot go from "signedOut" to "signedIn"/);
  });
});
