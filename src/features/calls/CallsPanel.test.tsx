// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { CallLink } from "../../telephony/call-link";
import { renderApp } from "../../test-support/render-app";
import { CallsPanel } from "./CallsPanel";

afterEach(cleanup);

const context = (sipCallId: string | null, note: string | null, kind: "transfer" | "handoff" = "transfer") => ({
  transferId: "t-1",
  sipCallId,
  kind,
  from: { name: kind === "handoff" ? "Voice Bot" : "Alice Archer", extension: kind === "handoff" ? null : "1002" },
  note,
  reason: kind === "handoff" ? "asked for a human" : null,
});

describe("connection loss", () => {
  it("marks every live call, held ones too, while the phone reconnects, and only those", async () => {
    const { phone, store } = await renderApp(<CallsPanel />);
    let first = "";
    let second = "";
    act(() => void (first = phone.connected({ name: "First Caller", number: "0300000001" }).id));
    await act(async () => store.getState().toggleHold(first));
    act(() => void (second = phone.connected({ name: "Second Caller", number: "0300000002" }).id));
    act(() => void phone.ring({ name: "Third Caller", number: "0300000003" }));
    act(() => [first, second].forEach((id) => phone.setLink(id, CallLink.Lost)));
    for (const name of ["Call from First Caller", "Call from Second Caller"]) {
      expect(within(screen.getByRole("listitem", { name })).getByRole("status", { name: "Call connection" }).textContent).toBe("connection lost · reconnecting");
    }
    expect(within(screen.getByRole("listitem", { name: "Call from Third Caller" })).queryByRole("status", { name: "Call connection" })).toBeNull();
    act(() => [first, second].forEach((id) => phone.setLink(id, CallLink.Refreshing)));
    act(() => phone.setLink(second, CallLink.Up));
    expect(within(screen.getByRole("listitem", { name: "Call from Second Caller" })).queryByRole("status", { name: "Call connection" })).toBeNull();
    expect(within(screen.getByRole("listitem", { name: "Call from First Caller" })).queryByRole("status", { name: "Call connection" })).not.toBeNull();
  });
});

describe("receiving side", () => {
  it("shows who sent the ringing call and their note, matched by SIP Call-ID", async () => {
    const { phone, bridge } = await renderApp(<CallsPanel />);
    act(() => void phone.ring({ name: "Customer Carla", number: "0301234567" }, "ringing-here@pbx"));
    act(() => bridge.emitContext(context("some-other-call@pbx", "not for this call")));
    expect(screen.queryByRole("note", { name: "Transfer note" })).toBeNull();
    act(() => bridge.emitContext(context("ringing-here@pbx", "Wants to change the delivery address")));
    const note = screen.getByRole("note", { name: "Transfer note" });
    expect(note.textContent).toContain("From Alice Archer");
    expect(note.textContent).toContain("Wants to change the delivery address");
  });

  it("keeps a note that arrived before the INVITE, and shows a bot's summary and reason", async () => {
    const { phone, bridge } = await renderApp(<CallsPanel />);
    act(() => bridge.emitContext(context("early@pbx", "Order 4711 arrived damaged", "handoff")));
    act(() => void phone.ring({ name: "Customer Carla", number: "0301234567" }, "early@pbx"));
    const note = screen.getByRole("note", { name: "Transfer note" });
    expect(note.textContent).toContain("From Voice Bot");
    expect(note.textContent).toContain("Order 4711 arrived damaged");
    expect(note.textContent).toContain("asked for a human");
  });

  it("offers to switch to a held call and to pick up a second ringing one", async () => {
    const user = userEvent.setup();
    const { phone, store } = await renderApp(<CallsPanel />);
    let first = "";
    act(() => void (first = phone.connected({ name: "First Caller", number: "0300000001" }).id));
    await act(async () => store.getState().toggleHold(first));
    act(() => void phone.connected({ name: "Second Caller", number: "0300000002" }));
    const held = screen.getByRole("listitem", { name: "Call from First Caller" });
    await user.click(within(held).getByRole("button", { name: "Switch to First Caller" }));
    expect(phone.calledWith("unhold")).toEqual([[first]]);
  });
});
