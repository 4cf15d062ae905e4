// @vitest-environment jsdom
import { ExecuteTransferRequest } from "@handoff/contract";
import { act, cleanup, fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "@handoff/client";
import { entry, FakeBridge } from "../../test-support/fake-bridge";
import { renderApp, type TestApp } from "../../test-support/render-app";
import { CallsPanel } from "../calls/CallsPanel";
import { AppShortcuts } from "../shortcuts/AppShortcuts";
import { TransferDialog } from "./TransferDialog";

const ALICE = entry("a-alice", "Alice Archer", "1002", "away");
const BOB = entry("a-bob", "Bob Baker", "1003", "available");
const CAROL = entry("a-carol", "Carol Cole", "1004", "busy");
const DAVE = entry("a-dave", "Dave Dunn", "1005", "offline");
const ZOE = entry("a-zoe", "Zoe Zed", "1006", "available");

let app: TestApp;
let callSipId: string;

beforeEach(async () => {
  const bridge = new FakeBridge();
  bridge.directoryEntries = [DAVE, CAROL, ALICE, ZOE, BOB];
  app = await renderApp(
    <>
      <TransferDialog />
      <AppShortcuts />
    </>,
    bridge,
  );
  act(() => {
    callSipId = app.phone.connected({ name: "Customer Carla", number: "0301234567" }).sipCallId;
  });
  act(() => {
    app.store.getState().openTransferDialog();
  });
});

afterEach(cleanup);

const dialog = () => screen.getByRole("dialog", { name: "Transfer call" });
const search = () => within(dialog()).getByRole("searchbox", { name: "Search agents or type a number" });
const options = () => within(dialog()).getAllByRole("option");
const option = (name: RegExp) => within(dialog()).getByRole("option", { name });
const progress = () => within(dialog()).getByRole("status", { name: "Transfer progress" });
const noteField = () => within(dialog()).getByRole("textbox", { name: "Note" }) as HTMLTextAreaElement;
/** The note's description: its counter and any problem. */
const counter = () => document.getElementById(noteField().getAttribute("aria-describedby") ?? "")?.textContent ?? "";
const MULTI_LINE_NOTE = "Caller: Jürgen 🙂\n顧客は返金を希望しています\nOrder 4711 — 👍🏽 <b>not bold</b>";
const executed = () => app.bridge.calledWith("execute" + "Transfer") as [ExecuteTransferRequest][];
const complete = () => within(dialog()).getByRole("button", { name: "Complete transfer" });
const cancel = () => within(dialog()).getByRole("button", { name: "Cancel transfer" });
/** The step line is decoration (aria-hidden); each step as "status:state". */
const stepBoxes = () => [...screen.getByTestId("transfer-steps").children] as HTMLElement[];
const steps = () => stepBoxes().map((box) => `${box.textContent}:${box.dataset.state}`);
const stepColours = () => stepBoxes().map((box) => getComputedStyle(box).backgroundColor);
const WARNING = "rgb(237, 108, 2)";
const ERROR_LIGHT = "rgb(239, 83, 80)";
const ERROR = "rgb(211, 47, 47)";

/** An attended transfer to Bob, started the way the dialog starts it (the clicks are tested above). */
async function startAttended(): Promise<string> {
  await act(async () => app.store.getState().startTransfer({ target: { kind: "agent", value: BOB.id }, mode: "attended", note: "" }));
  return app.store.getState().followedTransferId!;
}

describe("transfer dialog", () => {
  it("opens with the search focused and lists colleagues available first, offline last", () => {
    expect(document.activeElement).toBe(search());
    const names = options().map((o) => o.textContent ?? "");
    expect(names.map((text) => text.split(/\d/)[0])).toEqual(["Bob Baker", "Zoe Zed", "Carol Cole", "Alice Archer", "Dave Dunn"]);
    expect(names[0]).toContain("1003");
    expect(names[0]).toContain("available");
    expect(names[2]).toContain("busy");
    expect(names[4]).toContain("offline");
  });

  it("filters by name and by extension as the agent types", async () => {
    const user = userEvent.setup();
    await user.type(search(), "bo");
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("Bob Baker")]);
    await user.clear(search());
    await user.type(search(), "1004");
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("Carol Cole")]);
    await user.clear(search());
    await user.type(search(), "nobody");
    expect(within(dialog()).queryAllByRole("option")).toHaveLength(0);
    expect(dialog().textContent).toContain('No agent matches "nobody"');
  });

  it("marks offline agents and still lets one be submitted: the server decides and says why", async () => {
    const user = userEvent.setup();
    const dave = option(/Dave Dunn/);
    expect(dave.textContent).toContain("offline");
    await user.click(dave);
    expect(dave.getAttribute("aria-selected")).toBe("true");
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    expect(executed()).toEqual([[expect.objectContaining({ target: { kind: "agent", value: "a-dave" } })]]);
  });

  it("follows live presence: the picked agent's mark changes when they go offline", async () => {
    const user = userEvent.setup();
    await user.click(option(/Zoe Zed/));
    expect(option(/Zoe Zed/).textContent).not.toContain("offline");
    act(() => app.bridge.emitPresence({ ...ZOE, presence: "offline" }));
    expect(option(/Zoe Zed/).textContent).toContain("offline");
    expect(option(/Zoe Zed/).getAttribute("aria-selected")).toBe("true");
  });

  it("keyboard only: T-style flow — type, ArrowDown, Enter, B, note, Enter starts a blind transfer", async () => {
    const user = userEvent.setup();
    await user.keyboard("bob");
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(option(/Bob Baker/));
    await user.keyboard("{Enter}");
    expect(option(/Bob Baker/).getAttribute("aria-selected")).toBe("true");
    await user.keyboard("b");
    expect(within(dialog()).getByRole("radio", { name: "Blind" })).toHaveProperty("checked", true);
    expect(document.activeElement).toBe(within(dialog()).getByRole("textbox", { name: "Note" }));
    await user.keyboard("VIP, wants a refund{Enter}");
    expect(executed()).toEqual([[{ callId: callSipId, target: { kind: "agent", value: BOB.id }, mode: "blind", note: "VIP, wants a refund" }]]);
  });

  it("Enter in the search picks the first available match, and a second Enter submits", async () => {
    const user = userEvent.setup();
    await user.keyboard("a{Enter}");
    // "a" matches Bob, Carol, Alice and Dave; the list's first (available first) is Bob.
    const picked = within(dialog()).getAllByRole("option", { selected: true });
    expect(picked.map((o) => o.textContent)).toEqual([expect.stringContaining("Bob Baker")]);
    expect(document.activeElement).toBe(picked[0]);
    await user.keyboard("{Enter}");
    expect(executed()[0]?.[0].target).toEqual({ kind: "agent", value: BOB.id });
  });

  it("arrow keys walk the list and ArrowUp from the top returns to the search", async () => {
    const user = userEvent.setup();
    await user.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(option(/Bob Baker/));
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(document.activeElement).toBe(option(/Carol Cole/));
    await user.keyboard("{Enter}");
    expect(option(/Carol Cole/).getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{ArrowUp}{ArrowUp}{ArrowUp}");
    expect(document.activeElement).toBe(search());
  });

  it("Shift+A chooses attended and the request says so", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    await user.keyboard("{Shift>}A{/Shift}");
    expect(within(dialog()).getByRole("radio", { name: "Attended" })).toHaveProperty("checked", true);
    expect(within(dialog()).getByRole("radio", { name: "Blind" })).toHaveProperty("checked", false);
    await user.keyboard("{Enter}");
    expect(executed()[0]?.[0].mode).toBe("attended");
    expect(executed()[0]?.[0]).not.toHaveProperty("note");
  });

  it("queue and external targets", async () => {
    const user = userEvent.setup();
    await user.click(within(dialog()).getByRole("radio", { name: "Queue" }));
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("support")]);
    await user.click(option(/support/));
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    expect(executed()[0]?.[0].target).toEqual({ kind: "queue", value: "support" });

    act(() => app.store.getState().transferUpdated({ ...app.store.getState().transfers[app.store.getState().followedTransferId!]!, status: "failed" }));
    await user.click(within(dialog()).getByRole("radio", { name: "External" }));
    await user.clear(search());
    await user.type(search(), "12");
    expect(within(dialog()).queryAllByRole("option")).toHaveLength(0);
    await user.clear(search());
    await user.type(search(), "+49 30 1234567{Enter}{Enter}");
    expect(executed()[1]?.[0].target).toEqual({ kind: "external", value: "+49301234567" });
  });

  it("an extension on another PBX: offered only when the server has trunks, picked by PBX, sent as a remote target", async () => {
    const user = userEvent.setup();
    expect(within(dialog()).queryByRole("radio", { name: "Other PBX" })).toBeNull();
    act(() => app.store.setState({ trunks: [{ name: "lab", label: "Lab PBX" }, { name: "fusion", label: "Head office" }] }));
    await user.click(within(dialog()).getByRole("radio", { name: "Other PBX" }));
    await user.type(search(), "2001");
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining("2001 on Lab PBX"), expect.stringContaining("2001 on Head office")]);
    await user.click(option(/2001 on Head office/));
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    expect(executed()[0]?.[0].target).toEqual({ kind: "remote", trunk: "fusion", value: "2001" });
  });

  it("a multi-line note with emoji and CJK is sent intact (Shift+Enter for a new line, Enter sends) and shown with its line breaks on the receiving side", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    const note = noteField();
    expect(note.tagName).toBe("TEXTAREA");
    await user.click(note);
    await user.paste("Caller: Jürgen 🙂");
    await user.keyboard("{Shift>}{Enter}{/Shift}");
    await user.paste("顧客は返金を希望しています");
    await user.keyboard("{Shift>}{Enter}{/Shift}");
    await user.paste("Order 4711 — 👍🏽 <b>not bold</b>");
    // Characters are code points, as the contract counts them (👍🏽 is two).
    expect(counter()).toBe("62 / 2000");
    await user.keyboard("{Enter}");
    const sent = executed()[0]?.[0];
    expect(sent?.note).toBe(MULTI_LINE_NOTE);
    // The contract takes it as it is: nothing trimmed, replaced or refused on the way.
    expect(ExecuteTransferRequest.parse(sent).note).toBe(MULTI_LINE_NOTE);

    cleanup();
    const receiver = await renderApp(<CallsPanel />);
    act(() => void receiver.phone.ring({ name: "Customer Carla", number: "0301234567" }, "to-bob@pbx"));
    act(() => receiver.bridge.emitContext({ transferId: "t-1", sipCallId: "to-bob@pbx", kind: "transfer", from: { name: "Sam Self", extension: "1001" }, note: sent!.note!, reason: null }));
    const shown = screen.getByRole("note", { name: "Transfer note" });
    const text = within(shown).getByText((_content, element) => element?.textContent === MULTI_LINE_NOTE);
    expect(getComputedStyle(text).whiteSpace).toBe("pre-wrap");
    // Text, never HTML.
    expect(shown.querySelector("b")).toBeNull();
  });

  it("Enter that ends an input method's composition (CJK) does not send the transfer", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    await user.click(noteField());
    await user.paste("返金");
    fireEvent.keyDown(noteField(), { key: "Enter", code: "Enter", isComposing: true });
    expect(executed()).toEqual([]);
    fireEvent.keyDown(noteField(), { key: "Enter", code: "Enter" });
    expect(executed()).toHaveLength(1);
  });

  it("a note over the limit cannot be sent, and says why", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    await user.click(noteField());
    await user.paste("盛".repeat(1999) + "🙂🙂");
    expect(counter()).toContain("2001 / 2000");
    expect(counter()).toContain("The note is 1 character too long (at most 2000). Shorten it to send the transfer.");
    expect(noteField().getAttribute("aria-invalid")).toBe("true");
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    await user.keyboard("{Enter}");
    expect(executed()).toEqual([]);
    expect(document.activeElement).toBe(noteField());

    // At the limit exactly (2,002 UTF-16 units, but 2,000 characters) it goes.
    await user.clear(noteField());
    await user.paste("a".repeat(1998) + "🙂🙂");
    expect(counter()).toBe("2000 / 2000");
    expect(noteField().getAttribute("aria-invalid")).toBe("false");
    await user.keyboard("{Enter}");
    expect(executed()).toHaveLength(1);
  });

  it("renders progress from transfer.updated, and on failure the server's reason, which says who has the caller", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    expect(progress().textContent).toContain("initiated");
    const id = app.store.getState().followedTransferId!;

    act(() => void app.bridge.advance(id, "ringing"));
    expect(progress().textContent).toContain("ringing");
    expect(progress().textContent).not.toContain("initiated");

    act(() => void app.bridge.advance(id, "failed", "Bob Baker (1003) did not answer within 20 s. The caller is back with you."));
    expect(progress().textContent).toBe("failed — Bob Baker (1003) did not answer within 20 s. The caller is back with you.");
    // The call is still the agent's, and the form is back for another try.
    expect(app.store.getState().activeCallId).not.toBeNull();
    expect(within(dialog()).getByRole("button", { name: "Transfer" })).toHaveProperty("disabled", false);
  });

  it("keeps the newest state when an older event arrives late", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    const id = app.store.getState().followedTransferId!;
    const initiated = app.store.getState().transfers[id]!;
    act(() => void app.bridge.advance(id, "completed"));
    act(() => app.store.getState().transferUpdated(initiated));
    expect(progress().textContent).toContain("completed");
  });

  it("shows the server's refusal and starts nothing", async () => {
    const user = userEvent.setup();
    app.bridge.executeError = new ApiError("conflict", "A transfer is already in progress on this call. Wait for it to finish or cancel it.", 409);
    await user.click(option(/Bob Baker/));
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    expect(within(dialog()).getByRole("alert").textContent).toContain("A transfer is already in progress on this call");
    expect(within(dialog()).queryByRole("status", { name: "Transfer progress" })).toBeNull();
  });

  it("attended: Cancel transfer acts on the live transfer, and the consultation ends with it", async () => {
    const id = await startAttended();
    // While it is live, the submit button gives way to the consultation's own.
    expect(within(dialog()).queryByRole("button", { name: "Transfer" })).toBeNull();
    expect(complete()).toHaveProperty("disabled", true);

    act(() => void app.bridge.advance(id, "answered"));
    expect(progress().textContent).toContain("answered");
    expect(complete()).toHaveProperty("disabled", false);
    await userEvent.setup().click(cancel());
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([[id]]);
    // Accepted: neither button sends again while the server finishes it.
    expect(complete()).toHaveProperty("disabled", true);
    expect(cancel()).toHaveProperty("disabled", true);

    act(() => void app.bridge.advance(id, "cancelled"));
    expect(progress().textContent).toContain("cancelled");
    expect(within(dialog()).queryByRole("button", { name: "Complete transfer" })).toBeNull();
  });

  it("attended: Complete while the target still rings keeps showing ringing until completed arrives", async () => {
    const user = userEvent.setup();
    const id = await startAttended();
    act(() => void app.bridge.advance(id, "ringing"));
    await user.click(complete());
    expect(app.bridge.calledWith("completeTransfer")).toEqual([[id]]);
    // The server hangs up the agent's leg; the caller waits for Bob, and the card stays live.
    act(() => app.phone.remoteHangup(app.store.getState().activeCallId!));
    expect(progress().textContent).toMatch(/^ringing — target a-bob is ringing; you have left the call/);
    expect(steps()).toEqual(["initiated:done", "ringing:current", "completed:todo"]);
    expect(within(dialog()).getByRole("region", { name: "Consultation" }).textContent).toContain("You handed the caller to target a-bob and left the call");
    expect(complete()).toHaveProperty("disabled", true);
    expect(cancel()).toHaveProperty("disabled", true);
    await user.keyboard("{Control>}{Enter}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toHaveLength(1);
    // The server re-words the step; its words win.
    const leftEarly = "You left before target a-bob answered: the caller now rings them, and comes back to you if they do not answer.";
    act(() => void app.bridge.advance(id, "ringing", leftEarly));
    expect(progress().textContent).toBe(`ringing — ${leftEarly}`);
    expect(steps()).toEqual(["initiated:done", "ringing:current", "completed:todo"]);

    act(() => void app.bridge.advance(id, "completed"));
    expect(progress().textContent).toBe("completed — the caller is now with target a-bob");
    expect(steps()).toEqual(["initiated:done", "ringing:done", "completed:current"]);
    expect(within(dialog()).queryByRole("region", { name: "Consultation" })).toBeNull();
  });

  it("attended: an agent who hangs up their own phone mid-consultation has left; nothing more is sent", async () => {
    const id = await startAttended();
    act(() => void app.bridge.advance(id, "ringing"));
    expect(complete()).toHaveProperty("disabled", false);
    act(() => app.phone.remoteHangup(app.store.getState().activeCallId!));
    expect(complete()).toHaveProperty("disabled", true);
    expect(cancel()).toHaveProperty("disabled", true);
    expect(progress().textContent).toContain("you have left the call");
    await userEvent.setup().keyboard("{Control>}{Enter}{/Control}{Control>}{Backspace}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toEqual([]);
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([]);
  });

  it("a double click on Complete transfer sends one request, and so does a double key press, in flight or accepted", async () => {
    const user = userEvent.setup();
    const id = await startAttended();
    act(() => void app.bridge.advance(id, "answered"));
    const release = app.bridge.holdReplies();
    await user.dblClick(complete());
    expect(app.bridge.calledWith("completeTransfer")).toEqual([[id]]);
    await user.keyboard("{Control>}{Enter}{Enter}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toEqual([[id]]);
    // Accepted, and the transfer still says "answered" until Asterisk bridges them: still one.
    await act(async () => release());
    await user.keyboard("{Control>}{Enter}{Enter}{/Control}{Control>}{Backspace}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toEqual([[id]]);
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([]);
  });

  it("a double click on Cancel transfer sends one request", async () => {
    const user = userEvent.setup();
    const id = await startAttended();
    act(() => void app.bridge.advance(id, "ringing"));
    const release = app.bridge.holdReplies();
    await user.dblClick(cancel());
    await act(async () => release());
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([[id]]);
  });

  it("shows a 409 for a second request as the server wrote it, and lets the agent try again", async () => {
    const user = userEvent.setup();
    const id = await startAttended();
    act(() => void app.bridge.advance(id, "answered"));
    const message = "This transfer is already being completed (by your other window). Wait for its outcome.";
    app.bridge.actionError = new ApiError("conflict", message, 409);
    await user.click(complete());
    expect(within(dialog()).getByRole("alert").textContent).toBe(message);
    // Refused, not accepted: the buttons are back.
    expect(complete()).toHaveProperty("disabled", false);
  });

  it("ringing → recalling → failed: each step shows, coming back as a warning, and the final reason says who has the caller", async () => {
    const user = userEvent.setup();
    await user.click(option(/Bob Baker/));
    await user.click(within(dialog()).getByRole("button", { name: "Transfer" }));
    const id = app.store.getState().followedTransferId!;
    expect(steps()).toEqual(["initiated:current", "ringing:todo", "completed:todo"]);

    act(() => void app.bridge.advance(id, "ringing"));
    expect(steps()).toEqual(["initiated:done", "ringing:current", "completed:todo"]);

    act(() => void app.bridge.advance(id, "recalling", "Bob Baker did not answer within 20 s. The caller waits in queue support."));
    expect(progress().textContent).toBe("recalling — Coming back: Bob Baker did not answer within 20 s. The caller waits in queue support.");
    expect(steps()).toEqual(["initiated:done", "ringing:done", "recalling:current"]);
    expect(stepColours().at(-1)).toBe(WARNING);
    expect(getComputedStyle(progress()).color).not.toBe(ERROR);
    // Still live: no new transfer may start while the caller is on the way back.
    expect(within(dialog()).queryByRole("button", { name: "Transfer" })).toBeNull();
    expect(app.store.getState().openTransferDialog()).toBe(true);

    act(() => void app.bridge.advance(id, "failed", "Bob Baker did not answer within 20 s. Carol Diaz took the caller from queue support."));
    expect(progress().textContent).toBe("failed — Bob Baker did not answer within 20 s. Carol Diaz took the caller from queue support.");
    expect(steps()).toEqual(["initiated:done", "ringing:done", "recalling:done", "failed:current"]);
    expect(stepColours().slice(-2)).toEqual([WARNING, ERROR_LIGHT]);
    expect(within(dialog()).getByRole("button", { name: "Transfer" })).toHaveProperty("disabled", false);
  });

  it("attended: while the caller comes back there is nothing to complete or cancel", async () => {
    const id = await startAttended();
    act(() => void app.bridge.advance(id, "ringing"));
    act(() => void app.bridge.advance(id, "recalling", "Bob Baker did not answer within 20 s. The caller is ringing back at your phone."));
    expect(within(dialog()).queryByRole("region", { name: "Consultation" })).toBeNull();
    await userEvent.setup().keyboard("{Control>}{Enter}{/Control}{Control>}{Backspace}{/Control}");
    expect(app.bridge.calledWith("completeTransfer")).toEqual([]);
    expect(app.bridge.calledWith("cancelTransfer")).toEqual([]);
  });
});
