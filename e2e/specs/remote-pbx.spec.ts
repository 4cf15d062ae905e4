import { expect, test } from "@playwright/test";
import { REMOTE_EXTENSION, RemoteSite } from "../../pbx/src/remote-site";
import type { AgentSession } from "../support/agent-session";
import { HarnessPage } from "../support/harness-page";
import { liveChannels, rtpCounters } from "../support/pbx";
import { launchToneChromium, type ToneChromium } from "../support/tone-chromium";
import { answer, phoneOf, ringing, useTransferRig } from "../support/transfer-rig";

// A caller on the shared PBX handed to extension 2001 of a second, independent PBX over a SIP trunk: an Asterisk in a
// network namespace of its own (pbx/src/remote-site.ts), whose 2001 is a WebRTC phone in its own Chromium, registered
// to that PBX over the veth. The shared PBX knows it only as the trunk "lab" (HANDOFF_TRUNKS, dial prefix 8).
const RING_SECONDS = 6;
const CUSTOMER_TONE_HZ = 440;
const REMOTE_TONE_HZ = 880;
const LAB = { kind: "remote", trunk: "lab", value: REMOTE_EXTENSION } as const;
const rig = useTransferRig(RING_SECONDS);

let site: RemoteSite;
let remoteChromium: ToneChromium;
let remote: HarnessPage;

test.beforeAll(async () => {
  const missing = await RemoteSite.missing();
  if (missing !== null) throw new Error(`remote-pbx.spec.ts needs ${missing}`);
  site = await RemoteSite.start();
  remoteChromium = await launchToneChromium(REMOTE_TONE_HZ);
  remote = new HarnessPage(await remoteChromium.browser.newPage({ baseURL: test.info().project.use.baseURL }));
  await remote.open(site.phone);
  await expect.poll(() => remote.registration(), { timeout: 15_000 }).toBe("registered");
});

test.afterAll(async () => {
  await remote?.stop().catch(() => undefined);
  await remoteChromium?.close();
  await site?.stop();
});

test.afterEach(async () => {
  await site.link(true);
  for (const call of await remote.calls()) await remote.hangup(call.id).catch(() => undefined);
  await expect.poll(async () => (await remote.calls()).length, { timeout: 10_000 }).toBe(0);
});

const trunkChannel = async () => (await liveChannels(rig().ami)).find((c) => c.get("Channel")?.startsWith("PJSIP/lab-"))?.get("Channel") ?? "";

/** RTP over the trunk both ways (Asterisk's counters on the trunk's channel), and what the remote phone hears. */
async function audioBothWaysOverTheTrunk(callId: string): Promise<void> {
  const channel = await trunkChannel();
  const [pbxBefore, phoneBefore] = await Promise.all([rtpCounters(rig().ami, channel), remote.audioStats(callId)]);
  const [customer = 0, own = 0] = await remote.toneShares(callId, [CUSTOMER_TONE_HZ, REMOTE_TONE_HZ], 1_500);
  const [pbxAfter, phoneAfter] = await Promise.all([rtpCounters(rig().ami, channel), remote.audioStats(callId)]);
  const figures = { trunkIn: pbxAfter.received - pbxBefore.received, trunkOut: pbxAfter.sent - pbxBefore.sent, phoneIn: phoneAfter.packetsReceived - phoneBefore.packetsReceived, phoneOut: phoneAfter.packetsSent - phoneBefore.packetsSent, customer, own };
  console.log("remote-pbx audio over 1.5 s:", JSON.stringify(figures));
  expect(figures.trunkOut, "RTP the shared PBX sent over the trunk").toBeGreaterThan(30);
  expect(figures.trunkIn, "RTP the shared PBX received from the remote PBX (the remote phone's voice)").toBeGreaterThan(30);
  expect(figures.phoneOut, "RTP the remote phone sent").toBeGreaterThan(30);
  expect(figures.phoneIn, "RTP the remote phone received").toBeGreaterThan(30);
  expect(customer, `share of what 2001 hears at the customer's ${CUSTOMER_TONE_HZ} Hz`).toBeGreaterThan(0.5);
}

/** The caller's transfer failed at the remote PBX: it ends with the caller ringing back at Alice, who takes them again. */
async function recalledToAlice(alice: AgentSession, id: string, reason: RegExp, extension: string = REMOTE_EXTENSION): Promise<void> {
  await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "recalling")?.reason, { timeout: (RING_SECONDS + 15) * 1000 }).toMatch(reason);
  expect(await rig().customerChannel(), "the caller is never dropped").toBeDefined();
  await answer(phoneOf(alice));
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "failed")?.reason).toContain("The caller is back with you.");
  expect((await alice.request("GET", `/api/transfers/${id}`)).body.transfer).toMatchObject({ status: "failed", target: { kind: "remote", value: extension, label: `${extension} on Lab PBX` } });
  await rig().audioFlows("PJSIP/1001-");
}

test("blind transfer to 2001 on the remote PBX: the caller talks with the remote phone, audio both ways over the trunk", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  const callId = await rig().customerOn(alice);
  expect((await alice.request("GET", "/api/transfers/trunks")).body).toEqual({ trunks: [{ name: "lab", label: "Lab PBX" }] });

  const response = await alice.transfer(callId, LAB, "blind");
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const id = response.body.transfer?.id ?? "";
  expect(response.body.transfer?.target).toEqual({ kind: "remote", value: REMOTE_EXTENSION, label: "2001 on Lab PBX" });
  const call = await answer(remote);
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/lab-/)]);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(async () => (await phoneOf(alice).calls()).length, { timeout: 10_000 }).toBe(0);
  await audioBothWaysOverTheTrunk(call.id);
});

test("attended transfer to 2001: Alice hears the remote phone's tone while they consult, then hands the caller over", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  const { phone, callId: aliceCall, sipCallId } = await rig().customerCallOn(alice);
  const id = (await alice.transfer(sipCallId, LAB, "attended")).body.transfer?.id ?? "";
  const call = await answer(remote);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("answered");
  // The consultation: the remote phone's 880 Hz crossed the trunk and reached Alice's browser on the shared PBX.
  const [, heard = 0] = await phone.toneShares(aliceCall, [CUSTOMER_TONE_HZ, REMOTE_TONE_HZ], 1_500);
  console.log("remote-pbx: share of Alice's audio at the remote phone's tone during the consultation:", heard);
  expect(heard, `share of what Alice hears at the remote phone's ${REMOTE_TONE_HZ} Hz`).toBeGreaterThan(0.5);

  expect((await alice.request("POST", `/api/transfers/${id}/complete`)).status).toBe(200);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/lab-/)]);
  await audioBothWaysOverTheTrunk(call.id);
});

test("an extension the remote PBX does not have (404): failed with the reason, the caller rings back at Alice", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  const callId = await rig().customerOn(alice);
  const id = (await alice.transfer(callId, { ...LAB, value: "2999" }, "blind")).body.transfer?.id ?? "";
  await recalledToAlice(alice, id, /2999 on Lab PBX does not exist.*ringing back at your phone/, "2999");
});

test("the remote phone is busy (486): failed with the reason, the caller rings back at Alice", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  const callId = await rig().customerOn(alice);
  const id = (await alice.transfer(callId, LAB, "blind")).body.transfer?.id ?? "";
  await remote.reject((await ringing(remote)).id);
  await recalledToAlice(alice, id, /2001 on Lab PBX is busy.*ringing back at your phone/);
});

test("the remote PBX unreachable (its link down): failed with the reason, the caller rings back at Alice", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  const callId = await rig().customerOn(alice);
  await site.link(false);
  const id = (await alice.transfer(callId, LAB, "blind")).body.transfer?.id ?? "";
  await recalledToAlice(alice, id, /could not reach 2001 on Lab PBX.*ringing back at your phone/);
});

test("bad remote targets are refused before anything reaches AMI: an unknown trunk, a remote extension that is not digits", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  const callId = await rig().customerOn(alice);
  const mark = rig().server.proxy.actions.length;
  const unknown = await alice.transfer(callId, { ...LAB, trunk: "head-office" }, "blind");
  expect(unknown.status).toBe(422);
  expect(unknown.body.error?.message).toBe('There is no trunk "head-office". Pick one of "lab".');
  for (const value of ["20a1", "2001\r\nAction: Originate", "2001;x", ""]) {
    expect((await alice.transfer(callId, { ...LAB, value }, "blind")).status, JSON.stringify(value)).toBe(400);
  }
  expect((await alice.transfer(callId, { kind: "remote", trunk: "lab\r\n", value: "2001" }, "blind")).status).toBe(400);
  expect(rig().server.proxy.actionsSince(mark).filter((a) => ["BlindTransfer", "Atxfer", "Redirect"].includes(a.Action ?? ""))).toEqual([]);
  expect(await rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
});

test("bot handoff to 2001 on the remote PBX: the bot's caller reaches the remote phone on the same call", async ({ browser }) => {
  const bot = await rig().agent(browser, "voicebot", false);
  const channel = await rig().botCaller("5550197");
  const response = await bot.request("POST", "/api/handoffs", { channel, target: LAB, context: { reason: "Wants head office", summary: "Asked for the head office team." } });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const id = response.body.transfer?.id ?? "";
  await answer(remote);
  await expect.poll(() => rig().partnersOf(channel)).toEqual([expect.stringMatching(/^PJSIP\/lab-/)]);
  await expect.poll(() => bot.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
});

test("calls from the remote PBX reach nothing here: not an agent, not a queue, not an outside line", async ({ browser }) => {
  const alice = await rig().agent(browser, "alice");
  for (const number of ["1001", "2000", "0123456789"]) {
    const reply = await site.cli(`channel originate PJSIP/${number}@handoff application Wait 5`);
    expect(reply.code).toBe(0);
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await phoneOf(alice).calls(), "Alice's phone never rang").toEqual([]);
  expect((await liveChannels(rig().ami)).map((c) => c.get("Channel")), "nothing of those calls is left on the shared PBX").toEqual([]);
});
