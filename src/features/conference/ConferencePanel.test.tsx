// @vitest-environment jsdom
import { ApiError } from "@handoff/client";
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NoticeBar } from "../../app/NoticeBar";
import { conferenceOf, entry, FakeBridge, SELF } from "../../test-support/fake-bridge";
import { renderApp, type TestApp } from "../../test-support/render-app";
import { AppShortcuts } from "../shortcuts/AppShortcuts";
import { TransferDialog } from "../transfer/TransferDialog";
import { ConferencePanel } from "./ConferencePanel";

const BOB = entry("a-bob", "Bob Nguyen", "1002", "available");

let app: TestApp;
let callSipId: string;

beforeEach(async () => {
  const bridge = new FakeBridge();
  bridge.directoryEntries = [BOB];
  app = await renderApp(
    <>
      <AppShortcuts />
      <ConferencePanel />
      <TransferDialog />
      <NoticeBar />
    </>,
    bridge,
  );
  act(() => {
    callSipId = app.phone.connected({ name: "Carol Customer", number: "5550100" }).sipCallId;
  });
});

afterEach(cleanup);

const panel = () => screen.getByRole("region", { name: "Conference" });
const merge = () => within(panel()).getByRole("button", { name: "Merge" });
const participants = () => within(panel()).getByRole("list", { name: "Participants" });

/** An attended consultation of Bob, started as the dialog starts it, with the dialog closed again. */
async function consultBob(): Promise<string> {
  await act(async () => app.store.getState().startTransfer({ target: { kind: "agent", value: BOB.id }, mode: "attended", note: "" }));
  act(() => app.store.getState().closeTransferDialog());
  return app.store.getState().followedTransferId!;
}

describe("the conference in the call controls", () => {
  it("Merge waits for the consulted person to answer, then Shift+M merges the agent's call with the caller", async () => {
    expect(screen.queryByRole("region", { name: "Conference" })).toBeNull();
    const id = await consultBob();
    expect(merge()).toHaveProperty("disabled", true);
    const user = userEvent.setup();
    await user.keyboard("{Shift>}M{/Shift}");
    expect(app.bridge.calledWith("mergeConference")).toEqual([]);

    act(() => void app.bridge.advance(id, "ringing"));
    expect(merge()).toHaveProperty("disabled", true);
    act(() => void app.bridge.advance(id, "answered"));
    expect(merge()).toHaveProperty("disabled", false);
    await user.keyboard("{Shift>}M{/Shift}");
    expect(app.bridge.calledWith("mergeConference")).toEqual([[{ callId: callSipId }]]);
    expect(panel().getAttribute("data-status")).toBe("active");
    expect(within(participants()).getAllByRole("listitem").map((item) => item.getAttribute("aria-label"))).toEqual(["Carol Customer", `${SELF.name} (you)`, "Bob Nguyen"]);
    expect(within(participants()).getByRole("listitem", { name: "Carol Customer" }).textContent).toContain("5550100");
  });

  it("Merge in the consultation's own panel, while the transfer dialog is open, merges too and closes it", async () => {
    const id = await consultBob();
    act(() => void app.bridge.advance(id, "answered"));
    act(() => void app.store.getState().openTransferDialog());
    const dialog = screen.getByRole("dialog", { name: "Transfer call" });
    const user = userEvent.setup();
    await user.click(within(within(dialog).getByRole("region", { name: "Consultation" })).getByRole("button", { name: "Merge" }));
    expect(app.bridge.calledWith("mergeConference")).toEqual([[{ callId: callSipId }]]);
    expect(app.store.getState().transferDialogOpen).toBe(false);
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Transfer call" })).toBeNull());
    expect(participants()).toBeTruthy();
  });

  it("the host sees who talks live, drops a participant, and ends it for everyone with Shift+E", async () => {
    act(() => app.bridge.emitConferenceUpdated(conferenceOf({})));
    const bob = () => within(participants()).getByRole("listitem", { name: "Bob Nguyen" });
    expect(bob().getAttribute("data-talking")).toBe("false");
    const talking = conferenceOf({});
    talking.participants[2] = { ...talking.participants[2]!, talking: true };
    act(() => app.bridge.emitConferenceUpdated(talking));
    expect(bob().getAttribute("data-talking")).toBe("true");
    expect(bob().textContent).toContain("talking");
    // No Drop on the agent's own row.
    expect(within(participants()).queryByRole("button", { name: `Drop ${SELF.name}` })).toBeNull();

    const user = userEvent.setup();
    const dropped = conferenceOf({});
    dropped.participants[2] = { ...dropped.participants[2]!, state: "left" };
    app.bridge.conferenceAnswer = dropped;
    await user.click(within(bob()).getByRole("button", { name: "Drop Bob Nguyen" }));
    expect(app.bridge.calledWith("dropFromConference")).toEqual([[{ conferenceId: dropped.id, participantId: "1735725600.3" }]]);
    expect(within(participants()).queryByRole("listitem", { name: "Bob Nguyen" })).toBeNull();

    app.bridge.conferenceAnswer = conferenceOf({ status: "ended" });
    await user.keyboard("{Shift>}E{/Shift}");
    expect(app.bridge.calledWith("endConference")).toEqual([[dropped.id]]);
    expect(screen.queryByRole("region", { name: "Conference" })).toBeNull();
  });

  it("a participant who is not the host has Leave only; Shift+E is not theirs; leaving takes the panel away", async () => {
    act(() => app.bridge.emitConferenceUpdated(conferenceOf({ hostAgentId: "a-bob" })));
    expect(within(panel()).queryByRole("button", { name: "End for everyone" })).toBeNull();
    expect(within(panel()).queryByRole("button", { name: /^Drop / })).toBeNull();
    const user = userEvent.setup();
    await user.keyboard("{Shift>}E{/Shift}");
    expect(app.bridge.calledWith("endConference")).toEqual([]);

    const left = conferenceOf({ hostAgentId: "a-bob" });
    left.participants[1] = { ...left.participants[1]!, state: "left" };
    app.bridge.conferenceAnswer = left;
    await user.keyboard("{Shift>}O{/Shift}");
    expect(app.bridge.calledWith("leaveConference")).toEqual([[left.id]]);
    expect(screen.queryByRole("region", { name: "Conference" })).toBeNull();
  });

  it("a refusal from the server is said in words and the conference stays as it was", async () => {
    act(() => app.bridge.emitConferenceUpdated(conferenceOf({})));
    app.bridge.conferenceError = new ApiError("conflict", "You already left this conference.", 409);
    await userEvent.setup().click(within(panel()).getByRole("button", { name: "Leave conference" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Could not leave the conference: You already left this conference.");
    expect(within(participants()).getAllByRole("listitem")).toHaveLength(3);
    expect(within(panel()).getByRole("button", { name: "Leave conference" })).toHaveProperty("disabled", false);
  });

  it("a conference that failed on the server goes away with its reason; another agent's conference is never shown", async () => {
    act(() => app.bridge.emitConferenceUpdated(conferenceOf({ hostAgentId: "a-bob", participants: [{ id: "x.1", agentId: "a-bob", name: "Bob Nguyen", number: "1002", state: "in", talking: false }] })));
    expect(screen.queryByRole("region", { name: "Conference" })).toBeNull();
    act(() => app.bridge.emitConferenceUpdated(conferenceOf({ status: "merging" })));
    expect(within(panel()).getByRole("status").textContent).toContain("Merging into a conference");
    act(() => app.bridge.emitConferenceUpdated(conferenceOf({ status: "failed", reason: "the consulted party hung up; the caller is back with you" })));
    expect(screen.queryByRole("region", { name: "Conference" })).toBeNull();
    expect((await screen.findByRole("alert")).textContent).toContain("The conference failed: the consulted party hung up; the caller is back with you");
  });
});
