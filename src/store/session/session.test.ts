import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@handoff/client";
import type { Ringer } from "../../telephony/ringer";
import { FakePhone } from "../../test-support/fake-phone";
import { createAppStore } from "../create-app-store";
import { FakeBridge } from "../../test-support/fake-bridge";
import { signedInStore } from "../../test-support/signed-in-store";
import { SignInStatus, transitionSignIn } from "./sign-in-status";

describe("session", () => {
  it("a request that fails is shown, never read for a session end: that comes as the typed event, once", async () => {
    const bridge = new FakeBridge();
    const { store, phone } = await signedInStore(bridge);
    bridge.statusError = new ApiError("signed_out", "You are signed out. Sign in again.");
    await store.getState().setStatus("away");
    expect(store.getState().signInStatus).toBe(SignInStatus.SignedIn);
    bridge.endSession("expired");
    bridge.endSession("expired");
    await vi.waitFor(() => expect(store.getState().signInStatus).toBe(SignInStatus.SignedOut));
    expect(store.getState().sessionError).toBe("You were signed out because your session expired. Sign in again.");
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

  it("says why when the server refused the token without a reason", async () => {
    const bridge = new FakeBridge();
    const { store } = await signedInStore(bridge);
    bridge.endSession("refused");
    await vi.waitFor(() => expect(store.getState().sessionError).toBe("You were signed out because the server no longer accepts your sign-in. Sign in again."));
  });

  it("refuses an illegal move", () => {
    expect(() => transitionSignIn(SignInStatus.SignedOut, SignInStatus.SignedIn)).toThrow(/cannot go from "signedOut" to "signedIn"/);
  });
});
