import { expect, test, type Browser } from "@playwright/test";
import { appsPerFile } from "../support/app-server";
import type { AppPage } from "../support/app-page";
import { callAgentAsCustomer, liveChannels, customerPartners as sharedCustomerPartners, expectAudioFlows } from "../support/pbx";

// The real app (web mode, served by the real server) for two agents signed in
// through the UI, real WebRTC media, the real Asterisk.
test.describe.configure({ mode: "serial" });

const { live, signIn } = appsPerFile();

const customerPartners = () => sharedCustomerPartners(live.ami);

const audioFlows = (channelPrefix: string) => expectAudioFlows(live.ami, channelPrefix);

/** A customer call rings at the agent, who answers with the keyboard. */
async function answerCustomer(app: AppPage, extension: string, customer = "5550100"): Promise<void> {
  await callAgentAsCustomer(live.ami, extension, customer);
  await expect(app.currentCall).toContainText(customer);
  await app.keys("a");
  await expect(app.currentCall).toContainText(/active|connected|in call/i);
  await expect.poll(customerPartners).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${extension}-`))]);
}

test("blind transfer by keyboard only: A picks B from the live directory, B sees the note, the customer ends with B", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  const bob = await signIn(browser, "bob");
  await alice.screenshot("app-bar-idle");

  await callAgentAsCustomer(live.ami, "1001", "5550100");
  await expect(alice.currentCall).toContainText("5550100");
  await alice.screenshot("app-bar-ringing");
  await alice.keys("a");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await alice.screenshot("app-bar-in-call");

  await alice.keys("t");
  await expect(alice.transferDialog).toBeVisible();
  await alice.page.keyboard.type("bob");
  await expect(alice.transferDialog.getByRole("option", { name: /Bob Nguyen, 1002, available/ })).toBeVisible();
  await alice.keys("ArrowDown", "Enter", "b");
  await alice.page.keyboard.type("Wants a refund");
  await alice.screenshot("transfer-dialog");
  await alice.keys("Enter");
  await expect(alice.transferProgress).toContainText(/initiated|ringing/);
  await alice.screenshot("transfer-in-progress");

  await expect(bob.transferNote).toContainText("From Alice Martin");
  await expect(bob.transferNote).toContainText("Wants a refund");
  await bob.keys("a");
  await expect(alice.transferProgress).toContainText("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await audioFlows("PJSIP/1002-");
});

/** Opens the dialog and picks Bob from the live directory, by keyboard. */
function pickBob(app: AppPage): Promise<void> {
  return app.pickAgent("bob", /Bob Nguyen, 1002, available/);
}

/** A on a call consults B (attended, by keyboard) and B answers: the point where A completes or cancels. */
async function consultBob(browser: Browser): Promise<AppPage> {
  const alice = await signIn(browser, "alice");
  const bob = await signIn(browser, "bob");
  await answerCustomer(alice, "1001");
  await pickBob(alice);
  await alice.keys("Shift+A", "Enter");
  await expect(alice.transferProgress).toContainText(/ringing/);
  await expect(bob.page.getByRole("button", { name: "Answer" })).toBeEnabled();
  await bob.keys("a");
  await expect(alice.transferProgress).toContainText("answered");
  return alice;
}

test("attended transfer: A consults B, B answers, A completes; the customer ends with B", async ({ browser }) => {
  const alice = await consultBob(browser);
  await alice.page.getByRole("button", { name: "Complete transfer" }).click();
  await expect(alice.transferProgress).toContainText("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
});

test("attended transfer cancelled: the customer is back with A and can hear A", async ({ browser }) => {
  const alice = await consultBob(browser);
  await alice.page.getByRole("button", { name: "Cancel transfer" }).click();
  await expect(alice.transferProgress).toContainText("cancelled");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await audioFlows("PJSIP/1001-");
});

test("transfer to an agent who is not registered: A sees the failure and why, and the customer is still with A", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  await answerCustomer(alice, "1001");
  await alice.keys("t");
  await alice.page.keyboard.type("carol");
  await expect(alice.transferDialog.getByRole("option", { name: /Carol Diaz, 1003, offline/ })).toBeVisible();
  await alice.keys("ArrowDown", "Enter", "b", "Enter");
  await expect(alice.transferDialog.getByRole("alert")).toContainText("Carol Diaz is offline");
  await expect(alice.transferDialog.getByRole("alert")).toContainText("the call stays with you");
  await alice.screenshot("transfer-failed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await audioFlows("PJSIP/1001-");
});

test("transfer to the support queue: the customer waits there until B answers", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  const bob = await signIn(browser, "bob");
  await answerCustomer(alice, "1001");
  await alice.keys("t");
  await alice.transferDialog.getByRole("radio", { name: "Queue" }).check();
  await alice.page.getByLabel("Search agents or type a number").fill("support");
  await alice.transferDialog.getByRole("option", { name: /support/ }).click();
  await alice.transferDialog.getByRole("button", { name: "Transfer" }).click();
  await expect(alice.transferProgress).toContainText("ringing");
  await expect(bob.page.getByRole("button", { name: "Answer" })).toBeEnabled();
  await bob.keys("a");
  await expect(alice.transferProgress).toContainText("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
});

test("the server restarts mid-shift: the app shows it, reconnects by itself, and a transfer works after", async ({ browser }) => {
  // The in-process server's clean stop checkpoints and syncs SQLite's WAL on this worker's thread: seen taking
  // over a minute on a disk busy with other builds, which is no fault of the app under test.
  test.setTimeout(180_000);
  const alice = await signIn(browser, "alice");
  const bob = await signIn(browser, "bob");
  await live.server.stop();
  await expect(alice.page.getByText(/Live updates (reconnecting|offline)/)).toBeVisible();
  await alice.screenshot("server-restarting");
  await live.server.start();
  for (const app of [alice, bob]) await expect(app.page.getByText(/Live updates (reconnecting|offline)/)).toBeHidden({ timeout: 30_000 });
  await answerCustomer(alice, "1001");
  await pickBob(alice);
  await alice.keys("b", "Enter");
  await expect(bob.transferNote).toContainText("From Alice Martin");
  await bob.keys("a");
  await expect(alice.transferProgress).toContainText("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
});

test("hold and resume by keyboard, and a call dialled from the keypad reaches the outside line", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  const onHold: string[] = [];
  const off = live.ami.onEvent((event) => {
    if (event.event === "MusicOnHoldStart" || event.event === "MusicOnHoldStop") onHold.push(`${event.event}:${event.get("Channel") ?? ""}`);
  });
  try {
    await answerCustomer(alice, "1001");
    await alice.keys("Shift+H");
    await expect(alice.page.getByRole("button", { name: "Resume" })).toBeVisible();
    // The PBX plays music on hold to the customer while the agent holds.
    await expect.poll(() => onHold.filter((e) => e.startsWith("MusicOnHoldStart:Local/1001@handoff-inbound"))).toHaveLength(1);
    await alice.keys("Shift+H");
    await expect(alice.page.getByRole("button", { name: "Hold" })).toBeVisible();
    await expect.poll(() => onHold.filter((e) => e.startsWith("MusicOnHoldStop:Local/1001@handoff-inbound"))).toHaveLength(1);
    await audioFlows("PJSIP/1001-");
    await alice.keys("h");
    await expect.poll(async () => (await liveChannels(live.ami)).length).toBe(0);

    await alice.page.getByRole("button", { name: "Keypad" }).click();
    await alice.page.getByLabel("Number to dial").fill("0123456789");
    await alice.page.getByRole("button", { name: "Call", exact: true }).click();
    await expect(alice.currentCall).toContainText("0123456789");
    await expect
      .poll(async () => {
        const channels = await liveChannels(live.ami);
        const phone = channels.find((c) => c.get("Channel")?.startsWith("PJSIP/1001-"));
        return channels.filter((c) => phone?.get("BridgeId") && c.get("BridgeId") === phone.get("BridgeId") && c !== phone).map((c) => c.get("Channel"));
      })
      .toEqual([expect.stringMatching(/^Local\/0123456789@handoff-outside-/)]);
    await audioFlows("PJSIP/1001-");
  } finally {
    off();
  }
});

test("signing in again elsewhere ends the first sign-in, which says why; its phone is dropped and only the new one rings", async ({ browser }) => {
  const first = await signIn(browser, "alice");
  const second = await signIn(browser, "alice");
  // The first app is back at sign-in with the typed cause; its SIP credential no longer works.
  await expect(first.page.getByText("You were signed out because you signed in somewhere else.")).toBeVisible();
  await first.screenshot("sign-in-replaced");
  await callAgentAsCustomer(live.ami, "1001", "5550100");
  await expect(second.currentCall).toContainText("5550100");
  // The first app's workspace waits hidden behind its form (App.tsx): not shown, and the call is nowhere in it.
  await expect(first.currentCall).toBeHidden();
  await expect(first.page.getByText("5550100")).toHaveCount(0);
});
