import { expect, test, type Browser, type Page } from "@playwright/test";
import type { AmiMessage } from "../../server/src/ami";
import { appServerPerFile } from "../support/app-server";
import { AppPage } from "../support/app-page";
import { callAgentAsCustomer, expectAudioFlows, liveChannels } from "../support/pbx";
import { startReferenceBot, VisitorSite, type ReferenceBotProcess } from "../support/visitor-site";

// A website visitor calls from a shop's page through the call widget (its own origin, one <script> tag), talks to
// the reference voice bot (its own process), presses 0, and is handed to an agent in the real app, on the same
// call all along: real Chromium pages, real WebRTC, the real Asterisk and server.
test.describe.configure({ mode: "serial" });

let site: VisitorSite;
let bot: ReferenceBotProcess | undefined;
let pages: Page[] = [];
test.beforeAll(async () => {
  site = await VisitorSite.start();
});
const live = appServerPerFile(
  async () => {
    await Promise.all(pages.map((page) => page.close().catch(() => undefined)));
    pages = [];
  },
  () => ({ HANDOFF_WIDGET_ORIGINS: site.url }),
);
test.beforeAll(async () => {
  site.handoffUrl = live.server.url;
  bot = await startReferenceBot(live.server, "queue:support");
});
test.afterAll(async () => {
  bot?.child.kill("SIGTERM");
  await site?.close();
});

async function agent(browser: Browser, username: string): Promise<AppPage> {
  const app = new AppPage(await browser.newPage());
  pages.push(app.page);
  await app.signIn(live.server, username);
  return app;
}

/** The visitor on the shop's page, with the widget's controls (inside its shadow root; locators pierce it). */
async function visitor(browser: Browser) {
  const page = await browser.newPage();
  pages.push(page);
  await page.goto(site.url);
  const widget = page.getByRole("region", { name: "Call us" });
  return {
    page,
    status: widget.getByRole("status"),
    call: widget.getByRole("button", { name: "Call us" }),
    person: widget.getByRole("button", { name: /Talk to a person/ }),
    hangUp: widget.getByRole("button", { name: "Hang up" }),
  };
}

/** The visitor's channel with the bot; every Hangup Asterisk reports for it from now on, and the bot's ask for a person. */
async function visitorWithBot(): Promise<{ channel: string; uniqueId: string; hangups: string[]; askedForPerson: () => boolean; stop: () => void }> {
  let found: AmiMessage | undefined;
  await expect
    .poll(async () => {
      found = (await liveChannels(live.ami)).find((c) => c.get("Channel")?.startsWith("PJSIP/visitor-"));
      return found?.get("Context");
    })
    .toBe("handoff-visitor-bot");
  const channel = found?.get("Channel") ?? "";
  const uniqueId = found?.get("Uniqueid") ?? "";
  const hangups: string[] = [];
  let asked = false;
  const stop = live.ami.onEvent((event) => {
    if (event.get("Uniqueid") !== uniqueId) return;
    if (event.event === "Hangup") hangups.push(event.get("Cause-txt") ?? "hung up");
    if (event.event === "UserEvent" && event.get("UserEvent") === "HandoffVisitorAsksForHuman") asked = true;
  });
  return { channel, uniqueId, hangups, askedForPerson: () => asked, stop };
}

/** The channels sharing the visitor channel's bridge, as Asterisk lists them. */
async function partnersOf(channel: string): Promise<string[]> {
  const channels = await liveChannels(live.ami);
  const bridge = channels.find((c) => c.get("Channel") === channel)?.get("BridgeId");
  if (!bridge) return [];
  return channels.filter((c) => c.get("BridgeId") === bridge && c.get("Channel") !== channel).map((c) => c.get("Channel") ?? "");
}

test("a visitor talks to the bot, presses 0, and is handed to Bob with the bot's summary, on the same call: audio both ways", async ({ browser }) => {
  const bob = await agent(browser, "bob");
  const guest = await visitor(browser);
  await expect(guest.status).toHaveText("Talk to us from your browser.");
  await guest.call.click();
  await expect(guest.status).toContainText("Connected", { timeout: 20_000 });
  const call = await visitorWithBot();
  await expectAudioFlows(live.ami, call.channel);

  await guest.person.click();
  await expect.poll(call.askedForPerson, "the 0 reached the bot's dialplan").toBe(true);
  await expect(bob.currentCall, `the bot handed the visitor on:\n${bot?.output() ?? ""}`).toContainText("Website visitor");
  await expect(bob.transferNote).toContainText("pressed 0 to talk to a person");
  await bob.keys("a");
  await expect.poll(() => partnersOf(call.channel)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await expectAudioFlows(live.ami, call.channel);
  await expectAudioFlows(live.ami, "PJSIP/1002-");
  expect(call.hangups, "the visitor's call was never hung up between the bot and Bob").toEqual([]);

  await guest.hangUp.click();
  await expect(guest.status).toHaveText("You hung up.");
  await expect(bob.currentCall).not.toContainText("Website visitor");
  call.stop();
});

test("no agent free: the visitor waits in the queue with music on the same call, and reaches Bob once he is free", async ({ browser }) => {
  const bob = await agent(browser, "bob");
  await callAgentAsCustomer(live.ami, "1002", "5550177");
  await expect(bob.currentCall).toContainText("5550177");
  await bob.keys("a");
  await expect(bob.currentCall).toContainText(/active|connected|in call/i);

  const music: string[] = [];
  const offMusic = live.ami.onEvent((event) => {
    if (event.event === "MusicOnHoldStart") music.push(event.get("Channel") ?? "");
  });
  const guest = await visitor(browser);
  await guest.call.click();
  await expect(guest.status).toContainText("Connected", { timeout: 20_000 });
  const call = await visitorWithBot();
  await guest.person.click();
  await expect.poll(call.askedForPerson, "the 0 reached the bot's dialplan").toBe(true);
  // Bob is busy (ringinuse=no): the visitor is queued, hearing the queue's music, not rung through to him.
  await expect.poll(() => music).toContain(call.channel);
  await expect.poll(async () => (await liveChannels(live.ami)).find((c) => c.get("Channel") === call.channel)?.get("Application")).toBe("Queue");

  await bob.keys("h");
  await expect(bob.currentCall).toContainText("Website visitor", { timeout: 30_000 });
  await bob.keys("a");
  await expect.poll(() => partnersOf(call.channel)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await expectAudioFlows(live.ami, call.channel);
  expect(call.hangups).toEqual([]);
  offMusic();
  call.stop();
});

test("the widget shows why when the server refuses: a page of another origin gets a clear refusal and no call", async ({ browser }) => {
  const page = await browser.newPage();
  pages.push(page);
  // The Handoff server's own demo page is not among this server's widget origins.
  await page.goto(`${live.server.url}/widget/`);
  const widget = page.getByRole("region", { name: "Call us" });
  await widget.getByRole("button", { name: "Call us" }).click();
  await expect(widget.getByRole("status")).toContainText("may not start visitor calls");
  expect((await liveChannels(live.ami)).filter((c) => c.get("Channel")?.startsWith("PJSIP/visitor-"))).toEqual([]);
});
