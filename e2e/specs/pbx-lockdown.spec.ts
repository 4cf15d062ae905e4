import { expect, test, type Browser } from "@playwright/test";
import type { HarnessPage } from "../support/harness-page";
import { HOSTILE_TARGETS } from "../../pbx/src/hostile-targets";
import { liveChannels } from "../support/pbx";
import { answer, phoneOf, TransferRig } from "../support/transfer-rig";

// Agents' phones cannot move calls themselves: a REFER is refused and keypad feature codes do nothing.
// Transfers go through the server (AMI), and those still work. Real Asterisk, real WebRTC phones.
test.describe.configure({ mode: "serial" });

const RING_SECONDS = 6;
let rig: TransferRig;

test.beforeAll(async () => {
  rig = await TransferRig.start(RING_SECONDS);
});

test.afterAll(async () => {
  await rig.stop();
});

test.afterEach(async () => {
  await rig.tidy();
});

const agent = (browser: Browser, username: string, withPhone = true) => rig.agent(browser, username, withPhone);
const channelNames = async () => (await liveChannels(rig.ami)).map((c) => c.get("Channel") ?? "").sort();

test("a REFER from the agent's phone is refused, whatever its Refer-To holds, and the call stays bridged as it was", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig.customerOn(alice);
  const before = await channelNames();
  const [call] = await phoneOf(alice).calls();
  // What a phone may dial, and what an attacker would try to reach by naming it in Refer-To (a raw "#" makes
  // no SIP URI at all; its encoded form is in the list).
  for (const target of ["1002", "0612345678", "2000", ...HOSTILE_TARGETS.filter((t) => !t.includes("#"))]) {
    expect(await phoneOf(alice).refer(call!.id, target), `REFER to ${target}`).toMatch(/^603 /);
  }
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(await channelNames()).toEqual(before);
  expect(await rig.customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  expect((await phoneOf(bob).calls()).length, "B's phone never rang").toBe(0);
  expect((await phoneOf(alice).calls()).find((c) => c.id === call!.id)?.phase).toBe("active");
});

test("feature codes sent as in-call DTMF move nothing", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig.customerOn(alice);
  const before = await channelNames();
  const [call] = await phoneOf(alice).calls();
  // Today's codes would be none; these are the old ones and Asterisk's defaults, alone and followed by a target.
  for (const digits of ["*2", "#1", "*1", "*3", "*4", "#", "*", "*21002#", "#11002#", "##1002"]) {
    await phoneOf(alice).sendDtmf(call!.id, digits);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  // Longer than transferdigittimeout (3 s): a transfer started by the digits would have dialled by now.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect(await channelNames()).toEqual(before);
  expect(await rig.customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  expect((await phoneOf(bob).calls()).length, "B's phone never rang").toBe(0);
});

test("an attended transfer through the server still works: consulted, then completed", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await rig.customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
  await answer(bob.phone as HarnessPage);
  await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "answered"]);
  expect((await alice.request("POST", `/api/transfers/${id}/complete`)).status).toBe(200);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(() => rig.customerPartners(), { timeout: 20_000 }).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
});
