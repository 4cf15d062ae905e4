// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { entry, FakeBridge, SELF } from "../../test-support/fake-bridge";
import { renderApp } from "../../test-support/render-app";
import { AudioFlow } from "../../telephony/audio-flow";
import { CallLink } from "../../telephony/call-link";
import { AppBarView } from "./AppBarView";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const currentCall = () => screen.getByRole("region", { name: "Current call" });
const button = (name: string) => screen.getByRole("button", { name });

describe("app bar", () => {
  it("idle: shows the registration, no call, nothing waiting, and call buttons disabled", async () => {
    await renderApp(<AppBarView />);
    expect(screen.getByRole("status", { name: "Registration" }).textContent).toContain("registered");
    expect(currentCall().textContent).toContain("No call");
    expect(screen.getByRole("status", { name: "Calls waiting" }).textContent).toBe("0");
    for (const name of ["Answer", "Hang up", "Hold", "Mute", "Transfer"]) expect(button(name)).toHaveProperty("disabled", true);
    expect(button("Keypad")).toHaveProperty("disabled", false);
  });

  it("never says 'registered' while the phone is not registered", async () => {
    const { store } = await renderApp(<AppBarView />);
    act(() => store.getState().registrationChanged("unregistered"));
    expect(screen.getByRole("status", { name: "Registration" }).textContent).not.toContain("registered");
    act(() => store.getState().registrationChanged("reconnecting", "Lost the connection to the PBX"));
    expect(screen.getByRole("status", { name: "Registration" }).textContent).toContain("reconnecting");
  });

  it("says on the current call that the connection is lost until the phone has refreshed it", async () => {
    const { phone, store } = await renderApp(<AppBarView />);
    let id = "";
    act(() => void (id = phone.connected({ name: "Customer Carla", number: "0301234567" }).id));
    expect(currentCall().textContent).not.toContain("connection lost");
    act(() => {
      store.getState().registrationChanged("reconnecting", "No answer from the PBX for 8 s; reconnecting.");
      phone.setLink(id, CallLink.Lost);
    });
    expect(within(currentCall()).getByRole("status", { name: "Call connection" }).textContent).toBe("connection lost · reconnecting");
    expect(screen.getByRole("status", { name: "Registration" }).textContent).toContain("reconnecting");
    act(() => phone.setLink(id, CallLink.Refreshing));
    expect(currentCall().textContent).toContain("connection lost · reconnecting");
    act(() => phone.setLink(id, CallLink.Up));
    expect(currentCall().textContent).not.toContain("connection lost");
    expect(currentCall().textContent).toContain("active");
  });

  it("says on the current call that no audio arrives while the media path drops everything, the phone still registered", async () => {
    const { phone } = await renderApp(<AppBarView />);
    let id = "";
    act(() => void (id = phone.connected({ name: "Customer Carla", number: "0301234567" }).id));
    act(() => phone.setIncomingAudio(id, AudioFlow.Stalled));
    expect(within(currentCall()).getByRole("status", { name: "Call connection" }).textContent).toBe("no audio · poor connection");
    expect(screen.getByRole("status", { name: "Registration" }).textContent).toContain("registered");
    // A lost link says more (the phone is reconnecting): it is the one shown.
    act(() => phone.setLink(id, CallLink.Lost));
    expect(within(currentCall()).getByRole("status", { name: "Call connection" }).textContent).toBe("connection lost · reconnecting");
    act(() => phone.setLink(id, CallLink.Refreshing));
    act(() => phone.setLink(id, CallLink.Up));
    act(() => phone.setIncomingAudio(id, AudioFlow.Flowing));
    expect(within(currentCall()).queryByRole("status", { name: "Call connection" })).toBeNull();
  });

  it("a call that ended during the loss is cleared and the agent is told", async () => {
    const { phone, store } = await renderApp(<AppBarView />);
    let id = "";
    act(() => void (id = phone.connected({ name: "Customer Carla", number: "0301234567" }).id));
    act(() => phone.setLink(id, CallLink.Lost));
    act(() => phone.setLink(id, CallLink.Refreshing));
    act(() => phone.remoteHangup(id));
    expect(currentCall().textContent).toContain("No call");
    expect(store.getState().notice?.text).toBe("The call with Customer Carla ended while the phone was reconnecting.");
  });

  it("ringing: shows who calls and the phase, and Answer answers that call", async () => {
    const user = userEvent.setup();
    const { phone } = await renderApp(<AppBarView />);
    let call!: ReturnType<typeof phone.ring>;
    act(() => {
      call = phone.ring({ name: "Customer Carla", number: "0301234567" });
    });
    expect(currentCall().textContent).toContain("Customer Carla");
    expect(currentCall().textContent).toContain("0301234567");
    expect(currentCall().textContent).toContain("ringing");
    expect(button("Answer")).toHaveProperty("disabled", false);
    await user.click(button("Answer"));
    expect(phone.calledWith("answer")).toEqual([[call.id]]);
    expect(currentCall().textContent).toContain("connecting");
  });

  it("in a call: a running timer, Hold toggles to Resume, Mute toggles to Unmute", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setInterval", "clearInterval"] });
    vi.setSystemTime(new Date("2025-01-01T10:00:00Z"));
    const { phone } = await renderApp(<AppBarView />);
    act(() => {
      phone.connected({ name: "Customer Carla", number: "0301234567" });
    });
    expect(currentCall().textContent).toContain("active");
    expect(screen.getByRole("timer", { name: "Call duration" }).textContent).toBe("00:00");
    act(() => vi.advanceTimersByTime(65_000));
    expect(screen.getByRole("timer", { name: "Call duration" }).textContent).toBe("01:05");

    await act(async () => button("Hold").click());
    expect(phone.calledWith("hold")).toHaveLength(1);
    expect(currentCall().textContent).toContain("held");
    expect(screen.queryByRole("button", { name: "Hold" })).toBeNull();
    await act(async () => button("Resume").click());
    expect(phone.calledWith("unhold")).toHaveLength(1);

    await act(async () => button("Mute").click());
    expect(phone.calledWith("setMuted")).toEqual([[expect.any(String), true]]);
    expect(button("Unmute")).toBeTruthy();
    await act(async () => button("Unmute").click());
    expect(phone.calledWith("setMuted")[1]).toEqual([expect.any(String), false]);
    expect(button("Transfer")).toHaveProperty("disabled", false);
  });

  it("counts held and ringing calls besides the current one", async () => {
    const { phone, store } = await renderApp(<AppBarView />);
    const waiting = () => screen.getByRole("status", { name: "Calls waiting" }).textContent;
    let first!: ReturnType<typeof phone.connected>;
    act(() => {
      first = phone.connected({ name: "First", number: "0300000001" });
    });
    expect(waiting()).toBe("0");
    await act(async () => store.getState().toggleHold(first.id));
    act(() => {
      const second = phone.connected({ name: "Second", number: "0300000002" });
      expect(store.getState().activeCallId).toBe(second.id);
    });
    expect(currentCall().textContent).toContain("Second");
    expect(waiting()).toBe("1");
    act(() => {
      phone.ring({ name: "Third", number: "0300000003" });
    });
    expect(waiting()).toBe("2");
    // The held call comes back as the current one when the other ends.
    act(() => phone.remoteHangup(store.getState().activeCallId!));
    expect(currentCall().textContent).toContain("First");
    expect(currentCall().textContent).toContain("held");
    expect(waiting()).toBe("1");
  });

  it("keeps a live transfer in view after the agent's own leg ended, until the server says how it ended", async () => {
    const { phone, store, bridge } = await renderApp(<AppBarView />);
    let call!: ReturnType<typeof phone.connected>;
    act(() => void (call = phone.connected({ name: "Customer Carla", number: "0301234567" })));
    await act(async () => store.getState().startTransfer({ target: { kind: "agent", value: "a-bob" }, mode: "attended", note: "" }));
    const id = store.getState().followedTransferId!;
    act(() => void bridge.advance(id, "ringing"));
    await act(async () => store.getState().completeTransfer());
    // Completed while Bob still rings: the agent's phone hangs up, the transfer is not over.
    act(() => phone.remoteHangup(call.id));
    expect(currentCall().textContent).toContain("No call");
    expect(screen.getByText("attended to target a-bob: ringing")).toBeTruthy();
    act(() => void bridge.advance(id, "recalling", "Bob Baker did not answer within 20 s. The caller is ringing back at your phone."));
    expect(screen.getByText("attended to target a-bob: recalling")).toBeTruthy();
    act(() => void bridge.advance(id, "failed", "Bob Baker did not answer within 20 s. The caller is back with you."));
    expect(screen.queryByText(/attended to target a-bob/)).toBeNull();
  });

  it("warns when the PBX link is degraded and clears when it recovers", async () => {
    const { bridge } = await renderApp(<AppBarView />);
    act(() => bridge.emitRealtime("connected"));
    expect(screen.queryByRole("status", { name: "Connection" })).toBeNull();
    act(() => bridge.emitPbx({ status: "degraded", at: new Date().toISOString() }));
    expect(screen.getByRole("status", { name: "Connection" }).textContent).toMatch(/PBX/);
    act(() => bridge.emitPbx({ status: "recovered", at: new Date().toISOString() }));
    expect(screen.queryByRole("status", { name: "Connection" })).toBeNull();
  });

  it("changes presence through the bridge", async () => {
    const user = userEvent.setup();
    const bridge = new FakeBridge();
    bridge.directoryEntries = [entry(SELF.id, SELF.name, "1001", "available")];
    await renderApp(<AppBarView />, bridge);
    const presence = screen.getByRole("combobox", { name: "Presence" });
    await user.selectOptions(presence, "away");
    expect(bridge.calledWith("setStatus")).toEqual([["away"]]);
    expect(within(presence).getByRole("option", { name: "Away" })).toHaveProperty("selected", true);
  });
});
