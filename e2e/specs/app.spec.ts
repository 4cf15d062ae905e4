import { expect, test, type Browser } from "@playwright/test";
import type { AmiClient } from "../../server/src/ami";
import { startTestServer, type TestServer } from "../../server/test/support/test-server";
import { AppPage } from "../support/app-page";
import { callAgentAsCustomer, connectTestAmi, liveChannels, rtpCounters } from "../support/pbx";

// The real app (web mode, served by the real server) for two agents signed in
// through the UI, real WebRTC media, the real Asterisk.
test.describe.configure({ mode: "serial" });

let server: TestServer;
let ami: AmiClient;
let pages: AppPage[] = [];

test.beforeAll(async () => {
  ami = await connectTestAmi();
  server = await startTestServer();
});

test.afterAll(async () => {
  await server.close();
  await ami.close();
});

test.afterEach(async () => {
  await Promise.all(pages.map((p) => p.page.close().catch(() => undefined)));
  pages = [];
  await ami.send("Hangup", { Channel: "/^(PJSIP|Local)\\//" }).catch(() => undefined);
  await expect.poll(async () => (await liveChannels(ami)).length).toBe(0);
});

async function signIn(browser: Browser, username: string): Promise<AppPage> {
  const app = new AppPage(await browser.newPage());
  pages.push(app);
  await app.signIn(server, username);
  return app;
}

async function customerPartners(): Promise<string[]> {
  const channels = await liveChannels(ami);
  const customer = channels.find((c) => /^Local\/\d+@handoff-inbound-.*;2$/.test(c.Channel ?? ""));
  if (!customer?.BridgeId) return [];
  return channels.filter((c) => c.BridgeId === customer.BridgeId && c !== customer).map((c) => c.Channel ?? "");
}

async function audioFlows(channelPrefix: string): Promise<void> {
  const channel = (await liveChannels(ami)).find((c) => c.Channel?.startsWith(channelPrefix))?.Channel ?? "";
  const before = await rtpCounters(ami, channel);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const after = await rtpCounters(ami, channel);
  expect(after.received - before.received, `RTP from ${channel}`).toBeGreaterThan(30);
  expect(after.sent - before.sent, `RTP to ${channel}`).toBeGreaterThan(30);
}

/** A customer call rings at the agent, who answers with the keyboard. */
async function answerCustomer(app: AppPage, extension: string, customer = "5550100"): Promise<void> {
  await callAgentAsCustomer(ami, extension, customer);
  await expect(app.currentCall).toContainText(customer);
  await app.keys("a");
  await expect(app.currentCall).toContainText(/active|connected|in call/i);
  await expect.poll(customerPartners).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${extension}-`))]);
}

test("blind transfer by keyboard only: A picks B from the live directory, B sees the note, the customer ends with B", async ({ browser }) => {
  const alice = await signIn(browser, "alice");
  const bob = await signIn(browser, "bob");
  await alice.screenshot("app-bar-idle");

  await callAgentAsCustomer(ami, "1001", "5550100");
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
