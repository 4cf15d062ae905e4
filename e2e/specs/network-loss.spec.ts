import { expect, test, type Browser } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "../../playwright.config";
import type { AgentSession } from "../support/agent-session";
import { AppPage } from "../support/app-page";
import type { HarnessPage } from "../support/harness-page";
import { callAgentAsCustomer, liveChannels, pbx } from "../support/pbx";
import { TcpProxy } from "../support/tcp-proxy";
import { ringing, TransferRig } from "../support/transfer-rig";

// The agent's SIP WebSocket runs through a TCP proxy that cuts it (closed, refused) or
// blackholes it (open, silent) while a real call runs on the real Asterisk. Media does not
// cross the proxy: what is proven is that the phone notices, says so, reconnects, and moves
// each call's dialog onto the new connection (re-INVITE with an ICE restart), so the PBX's
// BYE and transfers reach it again, and a call that ended meanwhile is cleared.
test.describe.configure({ mode: "serial" });
// Autoplay without a gesture: the remote audio element plays, and an AudioContext runs for the tone check.
test.use({ launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, "--autoplay-policy=no-user-gesture-required"] } });

const CUSTOMER_TONE_HZ = 440;
const OUTSIDE_TONE_HZ = 660;
/** The phone's watchdog: a probe after 5 s without a SIP response, dead 3 s later; with slack for a loaded machine. */
const SILENCE_NOTICED_WITHIN_MS = 10_000;

let proxy: TcpProxy;
let rig: TransferRig;

test.beforeAll(async () => {
  proxy = await TcpProxy.forUrl(pbx().sipWsUrl);
  // The app (web mode) is handed the proxy's URL at login, as a real deployment hands the PBX's.
  rig = await TransferRig.start(6, { HANDOFF_SIP_WS_URL: proxy.url() });
});

test.afterAll(async () => {
  await rig.stop();
  await proxy.close();
});

test.afterEach(async () => {
  await proxy.heal();
  await rig.tidy();
});

/** Alice's phone behind the proxy, Bob's straight to the PBX; a customer on the line with Alice. */
async function aliceOnACall(browser: Browser): Promise<{ alice: AgentSession; bob: AgentSession; phone: HarnessPage; callId: string; sipCallId: string }> {
  const alice = await rig.agent(browser, "alice", true, proxy.url());
  const bob = await rig.agent(browser, "bob", true, pbx().sipWsUrl);
  return { alice, bob, ...(await rig.customerCallOn(alice)) };
}

const linkOf = async (phone: HarnessPage, id: string) => (await phone.calls()).find((c) => c.id === id)?.link;

/** Audio both ways: Asterisk's RTP counters on Alice's channel, the browser's own counters, and the customer's tone decoded in the browser. */
async function audioBothWays(phone: HarnessPage, id: string): Promise<void> {
  const before = await phone.audioStats(id);
  await rig.audioFlows("PJSIP/1001-");
  const after = await phone.audioStats(id);
  expect(after.packetsReceived - before.packetsReceived, "RTP arriving in the browser").toBeGreaterThan(30);
  expect(after.packetsSent - before.packetsSent, "RTP sent by the browser").toBeGreaterThan(30);
  const [customer = 0, outside = 0] = await phone.toneShares(id, [CUSTOMER_TONE_HZ, OUTSIDE_TONE_HZ], 1_000);
  expect(customer, `share of the received audio at the customer's ${CUSTOMER_TONE_HZ} Hz`).toBeGreaterThan(0.5);
  expect(outside, `share at ${OUTSIDE_TONE_HZ} Hz, a tone nobody plays here`).toBeLessThan(0.05);
}

async function cutInACall(browser: Browser, seconds: number): Promise<void> {
  const { alice, bob, phone, callId, sipCallId } = await aliceOnACall(browser);
  await audioBothWays(phone, callId);
  const ufragBefore = await phone.iceUfrag(callId);
  const connectionsBefore = proxy.connections;

  await proxy.cut();
  // A closed socket is noticed at once; the call says so.
  await expect.poll(() => phone.registration(), { timeout: 5_000 }).toBe("reconnecting");
  await expect.poll(() => linkOf(phone, callId)).toBe("lost");
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  // Refused all along, not reconnected and dropped: the phone kept trying with backoff.
  expect(proxy.connections).toBe(connectionsBefore);
  expect(await phone.registration()).toBe("reconnecting");
  await proxy.heal();

  await expect.poll(() => phone.registration(), { timeout: 20_000 }).toBe("registered");
  await expect.poll(() => linkOf(phone, callId), { timeout: 10_000 }).toBe("up");
  expect(await phone.iceUfrag(callId), "the refresh restarted ICE").not.toBe(ufragBefore);
  await audioBothWays(phone, callId);

  // A transfer after it: Asterisk moves the customer to Bob and hangs Alice's leg up with a
  // BYE that must now reach her phone over the new connection.
  await rig.blindTransferWorks(alice, sipCallId, bob);
}

test("a 5 s cut in a call: the phone shows the loss, reconnects, refreshes the call, audio runs both ways, and a transfer works after", async ({ browser }) => {
  await cutInACall(browser, 5);
});

test("a 30 s cut in a call: the same, after backing off while the PBX was unreachable", async ({ browser }) => {
  test.setTimeout(180_000);
  await cutInACall(browser, 30);
});

test("the customer hangs up during a cut: the phone clears the call (no ghost) and answers the next one", async ({ browser }) => {
  const { phone, callId } = await aliceOnACall(browser);
  await proxy.cut();
  await expect.poll(() => linkOf(phone, callId)).toBe("lost");
  await rig.ami.send("Hangup", { Channel: "/^Local\\/1001@handoff-inbound-/" });
  // Asterisk ends Alice's leg too; its BYE went nowhere.
  await expect.poll(async () => (await liveChannels(rig.ami)).length).toBe(0);
  expect((await phone.calls()).map((c) => c.id)).toEqual([callId]);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await proxy.heal();

  await expect.poll(() => phone.registration(), { timeout: 20_000 }).toBe("registered");
  // The refresh is answered 481: the call is gone here too.
  await expect.poll(async () => (await phone.calls()).length, { timeout: 10_000 }).toBe(0);

  await callAgentAsCustomer(rig.ami, "1001", "5550101");
  const next = await ringing(phone);
  expect(next.remote.number).toBe("5550101");
  await phone.answer(next.id);
  await expect.poll(async () => (await phone.calls()).find((c) => c.id === next.id)?.phase).toBe("active");
  await expect.poll(() => rig.customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await audioBothWays(phone, next.id);
});

test("a silent blackhole is noticed within seconds, and the call is refreshed once the network is back", async ({ browser }) => {
  const { phone, callId } = await aliceOnACall(browser);
  const ufragBefore = await phone.iceUfrag(callId);
  const start = Date.now();
  proxy.blackhole();
  await expect.poll(() => phone.registration(), { timeout: SILENCE_NOTICED_WITHIN_MS + 5_000, intervals: [200] }).toBe("reconnecting");
  const noticedAt = (await phone.registrationLog()).find((entry) => entry.state === "reconnecting" && entry.at >= start)?.at ?? Infinity;
  expect(noticedAt - start, "ms from the blackhole to the phone saying so").toBeLessThan(SILENCE_NOTICED_WITHIN_MS);
  // The proxy closed nothing: only the phone's own probe could tell.
  expect(await linkOf(phone, callId)).toBe("lost");

  await new Promise((resolve) => setTimeout(resolve, 5_000));
  await proxy.heal();
  await expect.poll(() => phone.registration(), { timeout: 25_000 }).toBe("registered");
  await expect.poll(() => linkOf(phone, callId), { timeout: 10_000 }).toBe("up");
  expect(await phone.iceUfrag(callId)).not.toBe(ufragBefore);
  await audioBothWays(phone, callId);
  await phone.hangup(callId);
  await expect.poll(async () => (await liveChannels(rig.ami)).length).toBe(0);
});

test("in the app: the registration chip and the call say the connection is lost, and both recover", async ({ browser }) => {
  const app = new AppPage(await browser.newPage());
  try {
    await app.signIn(rig.server, "alice");
    await rig.customerOnApp(app, "1001");

    await proxy.cut();
    await expect(app.registration).toContainText("Phone reconnecting");
    await expect(app.currentCall).toContainText("connection lost · reconnecting");
    await expect(app.page.getByRole("listitem", { name: "Call from Customer" })).toContainText("connection lost · reconnecting");
    await app.screenshot("connection-lost");
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await proxy.heal();

    await expect(app.registration).toContainText("Phone registered", { timeout: 20_000 });
    await expect(app.currentCall).not.toContainText("connection lost", { timeout: 10_000 });
    await rig.audioFlows("PJSIP/1001-");
    await rig.hangUpInApp(app);
  } finally {
    await app.page.close().catch(() => undefined);
  }
});
