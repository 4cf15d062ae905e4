import { chromium, expect, test, type Browser } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "../../playwright.config";
import type { AgentSession } from "../support/agent-session";
import { AppPage } from "../support/app-page";
import type { HarnessPage } from "../support/harness-page";
import { MediaNamespace } from "../support/media-namespace";
import { liveChannels, rtpCounters } from "../support/pbx";
import { TransferRig } from "../support/transfer-rig";

// Alice's browser runs in its own network namespace (support/media-namespace.ts): her media
// crosses a veth pair where iptables drops a share of the UDP packets each way, then all of them, while a
// real call runs on the real Asterisk with the customer's known tone. Signalling (TCP) is left
// alone: network-loss.spec.ts faults that path.
test.describe.configure({ mode: "serial" });

// No loopback candidates: inside the namespace the browser is a machine on a LAN, whose one address is its candidate.
const BROWSER_ARGS = [...CHROMIUM_ARGS.filter((arg) => arg !== "--allow-loopback-in-peer-connection"), "--autoplay-policy=no-user-gesture-required"];
const CUSTOMER_TONE_HZ = 440;
const OUTSIDE_TONE_HZ = 660;
const BLACKOUT_MS = 10_000;
/** The phone's audio check: no RTP for 3 s, read once a second (src/telephony/audio-flow.ts); with slack for a loaded machine. */
const STALL_NOTICED_WITHIN_MS = 6_000;

let ns: MediaNamespace;
let nsBrowser: Browser;
let rig: TransferRig;

test.beforeAll(async () => {
  ns = MediaNamespace.create();
  nsBrowser = await chromium.launch({ executablePath: ns.chromium(CHROMIUM), args: BROWSER_ARGS });
  rig = await TransferRig.start(6);
});

test.afterAll(async () => {
  await rig?.stop();
  await nsBrowser?.close();
  ns?.destroy();
});

test.afterEach(async () => {
  ns.heal();
  await rig.tidy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Alice (browser in the namespace) on a call with the customer, Bob's phone in an ordinary browser. */
async function aliceOnACall(browser: Browser): Promise<{ alice: AgentSession; bob: AgentSession; phone: HarnessPage; callId: string; sipCallId: string }> {
  const alice = await rig.agent(nsBrowser, "alice");
  const bob = await rig.agent(browser, "bob");
  return { alice, bob, ...(await rig.customerCallOn(alice)) };
}

const callOf = async (phone: HarnessPage, id: string) => (await phone.calls()).find((c) => c.id === id);

async function aliceChannel(): Promise<string> {
  const channel = (await liveChannels(rig.ami)).find((c) => c.get("Channel")?.startsWith("PJSIP/1001-"))?.get("Channel");
  if (channel === undefined) throw new Error("Alice has no channel on the PBX");
  return channel;
}

/** Packets over `ms`, counted by the browser and by Asterisk at the same time, and the decoded audio's tone shares. */
async function measure(phone: HarnessPage, callId: string, ms: number) {
  const channel = await aliceChannel();
  const [browserBefore, pbxBefore] = await Promise.all([phone.audioStats(callId), rtpCounters(rig.ami, channel)]);
  const [customer = 0, outside = 0] = await phone.toneShares(callId, [CUSTOMER_TONE_HZ, OUTSIDE_TONE_HZ], ms);
  const [browserAfter, pbxAfter] = await Promise.all([phone.audioStats(callId), rtpCounters(rig.ami, channel)]);
  return {
    browserReceived: browserAfter.packetsReceived - browserBefore.packetsReceived,
    browserSent: browserAfter.packetsSent - browserBefore.packetsSent,
    browserLost: browserAfter.packetsLost - browserBefore.packetsLost,
    pbxReceived: pbxAfter.received - pbxBefore.received,
    pbxSent: pbxAfter.sent - pbxBefore.sent,
    customer,
    outside,
  };
}

test("20 % of the media lost both ways: the call goes on and the customer's tone still dominates what the agent hears", async ({ browser }) => {
  const { phone, callId } = await aliceOnACall(browser);
  // The media path crosses the veth: the browser's candidate is the namespace's address, and its UDP passes the loss chain.
  expect((await phone.selectedPair(callId))?.local).toMatch(new RegExp(`^${ns.address.replaceAll(".", "\\.")}:\\d+ `));
  const clean = await measure(phone, callId, 2_000);
  const through = ns.counters();
  expect(through.in.seen, "UDP packets into the namespace").toBeGreaterThan(50);
  expect(through.out.seen, "UDP packets out of it").toBeGreaterThan(50);

  ns.lose(0.2);
  const lossy = await measure(phone, callId, 4_000);
  const counters = ns.counters();
  console.log("media-loss figures, clean 2 s:", JSON.stringify(clean), "20 % loss 4 s:", JSON.stringify(lossy), JSON.stringify(counters));
  for (const direction of ["in", "out"] as const) {
    const { seen, dropped } = counters[direction];
    expect(dropped / seen, `share of the UDP packets ${direction} that the rule dropped`).toBeGreaterThan(0.1);
    expect(dropped / seen).toBeLessThan(0.3);
  }
  expect(lossy.browserLost, "RTP the browser found missing").toBeGreaterThan(10);
  expect(lossy.browserReceived, "RTP still arriving in the browser").toBeGreaterThan(100);
  expect(lossy.pbxReceived, "RTP still arriving at Asterisk").toBeGreaterThan(100);
  expect(lossy.pbxReceived, "RTP from the browser that reached Asterisk: the loss upstream is real").toBeLessThan(lossy.browserSent * 0.9);
  expect(lossy.customer, `share of the received audio at the customer's ${CUSTOMER_TONE_HZ} Hz`).toBeGreaterThan(0.5);
  expect(lossy.outside).toBeLessThan(0.05);
  // Lossy is not silent: the phone does not cry "no audio" over concealable loss.
  expect(await callOf(phone, callId)).toMatchObject({ phase: "active", link: "up", incomingAudio: "flowing" });
  expect(await rig.customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
});

test("all media lost for 10 s: the call is not torn down, audio runs both ways afterwards, and a transfer works", async ({ browser }) => {
  const { alice, bob, phone, callId, sipCallId } = await aliceOnACall(browser);
  ns.lose(1);
  const start = Date.now();
  await expect.poll(async () => (await callOf(phone, callId))?.incomingAudio, { timeout: STALL_NOTICED_WITHIN_MS + 5_000, intervals: [100] }).toBe("stalled");
  const stallNoticedMs = Date.now() - start;
  expect(stallNoticedMs, "ms from the blackout to the phone saying no audio arrives").toBeLessThan(STALL_NOTICED_WITHIN_MS);
  const dark = await measure(phone, callId, 2_000);
  // Only the media path is dark: the signalling says all is well, which is why the RTP counter is watched.
  expect(await phone.registration()).toBe("registered");
  expect(await callOf(phone, callId)).toMatchObject({ phase: "active", link: "up", incomingAudio: "stalled" });

  expect(dark.browserReceived, "RTP arriving in the browser during the blackout").toBe(0);
  expect(dark.pbxReceived, "RTP arriving at Asterisk during the blackout").toBe(0);
  await sleep(BLACKOUT_MS - (Date.now() - start));
  expect(await rig.customerPartners(), "the customer is still bridged with Alice").toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  expect((await callOf(phone, callId))?.phase).toBe("active");

  const darkCount = (await phone.audioStats(callId)).packetsReceived;
  ns.heal();
  const healedAt = Date.now();
  await expect.poll(async () => (await phone.audioStats(callId)).packetsReceived, { timeout: 15_000, intervals: [50], message: "RTP arriving again" }).toBeGreaterThan(darkCount);
  const recoveredMs = Date.now() - healedAt;
  await expect.poll(async () => (await callOf(phone, callId))?.incomingAudio, { timeout: 5_000 }).toBe("flowing");
  const after = await measure(phone, callId, 2_000);
  console.log("media-loss figures, stall noticed after", stallNoticedMs, "ms; blackout 2 s:", JSON.stringify(dark), "first RTP", recoveredMs, "ms after the heal; after 2 s:", JSON.stringify(after));
  expect(after.browserReceived).toBeGreaterThan(60);
  expect(after.browserSent).toBeGreaterThan(60);
  expect(after.pbxReceived).toBeGreaterThan(60);
  expect(after.pbxSent).toBeGreaterThan(60);
  expect(after.customer).toBeGreaterThan(0.5);
  expect(after.outside).toBeLessThan(0.05);

  await rig.blindTransferWorks(alice, sipCallId, bob);
});

test("in the app: the call says no audio arrives while the media is lost, the phone still registered, and recovers", async () => {
  const app = new AppPage(await nsBrowser.newPage());
  try {
    await app.signIn(rig.server, "alice");
    await rig.customerOnApp(app, "1001");
    await rig.audioFlows("PJSIP/1001-");
    const callStatus = app.currentCall.getByRole("status", { name: "Call connection" });
    await expect(callStatus).toHaveCount(0);

    ns.lose(1);
    await expect(callStatus).toHaveText("no audio · poor connection", { timeout: STALL_NOTICED_WITHIN_MS + 5_000 });
    await expect(app.page.getByRole("listitem", { name: "Call from Customer" })).toContainText("no audio · poor connection");
    await expect(app.registration).toContainText("Phone registered");
    await app.screenshot("no-audio");
    ns.heal();

    await expect(callStatus).toHaveCount(0, { timeout: 10_000 });
    await rig.audioFlows("PJSIP/1001-");
    await rig.hangUpInApp(app);
  } finally {
    await app.page.close().catch(() => undefined);
  }
});
