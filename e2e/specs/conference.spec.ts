import { expect, test } from "@playwright/test";
import type { Conference } from "@handoff/contract";
import type { AgentSession } from "../support/agent-session";
import type { HarnessPage } from "../support/harness-page";
import { liveChannels } from "../support/pbx";
import { launchToneChromium, type ToneChromium } from "../support/tone-chromium";
import { answer, phoneOf, ringing, useTransferRig } from "../support/transfer-rig";

// Three-way conference, proven by whose audio reaches whom: the caller, the agent and the consulted agent are
// each a real WebRTC phone in its own Chromium whose microphone plays its own tone, and each phone's received
// audio is analysed per frequency. Real Asterisk (ConfBridge), the real server, nothing faked.
const rig = useTransferRig(10);

const TONES = { caller: 700, alice: 1100, bob: 1500 } as const;
const ALL = [TONES.caller, TONES.alice, TONES.bob];
/** A tone "heard" is well above what a party that does not send it leaves in the mix. */
const HEARD = 0.08;
const SILENT = 0.02;

let browsers: Record<keyof typeof TONES, ToneChromium>;
test.beforeAll(async () => {
  const [caller, alice, bob] = await Promise.all([launchToneChromium(TONES.caller), launchToneChromium(TONES.alice), launchToneChromium(TONES.bob)]);
  browsers = { caller, alice, bob };
});
test.afterAll(async () => {
  await Promise.all(Object.values(browsers).map((b) => b.close()));
});

interface Parties {
  caller: AgentSession;
  alice: AgentSession;
  bob: AgentSession;
  callId: string;
  transferId: string;
}

/**
 * A caller reaches Alice: Carol's phone (1003) dials her, so the caller's leg is a plain PJSIP channel as a
 * customer's from a SIP trunk would be. Alice consults Bob.
 */
async function consultation(): Promise<Parties> {
  const caller = await rig().agent(browsers.caller.browser, "carol");
  const alice = await rig().agent(browsers.alice.browser, "alice");
  const bob = await rig().agent(browsers.bob.browser, "bob");
  await phoneOf(caller).dial("1001");
  const { sipCallId } = await answer(phoneOf(alice));
  await expect.poll(async () => rig().partnersOf(await channelOf("PJSIP/1003-"))).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  // The plain call first: caller and agent hear each other, so what follows is the conference's doing.
  await expectHearing(caller, ["alice"], ["bob"]);
  await expectHearing(alice, ["caller"], ["bob"]);
  const started = await alice.transfer(sipCallId, { kind: "agent", value: "bob" }, "attended");
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const transferId = started.body.transfer?.id ?? "";
  await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(transferId).at(-1)).toBe("answered");
  return { caller, alice, bob, callId: sipCallId, transferId };
}

async function channelOf(prefix: string): Promise<string> {
  return (await liveChannels(rig().ami)).find((c) => c.get("Channel")?.startsWith(prefix))?.get("Channel") ?? "";
}

async function onlyCall(phone: HarnessPage): Promise<string> {
  const calls = (await phone.calls()).filter((c) => c.phase === "active");
  expect(calls).toHaveLength(1);
  return calls[0]?.id ?? "";
}

/** The share of each party's tone in what this phone receives, over 1.5 s. */
async function hears(session: AgentSession): Promise<Record<keyof typeof TONES, number>> {
  const phone = phoneOf(session);
  const [caller = 0, alice = 0, bob = 0] = await phone.toneShares(await onlyCall(phone), ALL, 1_500);
  return { caller, alice, bob };
}

/** Waits until `who` hears exactly the parties named (each above HEARD) and not the others (below SILENT). */
async function expectHearing(who: AgentSession, heard: readonly (keyof typeof TONES)[], silent: readonly (keyof typeof TONES)[]): Promise<void> {
  let last: Record<keyof typeof TONES, number> = { caller: 0, alice: 0, bob: 0 };
  await expect
    .poll(
      async () => {
        last = await hears(who);
        return heard.every((p) => last[p] > HEARD) && silent.every((p) => last[p] < SILENT);
      },
      { timeout: 15_000, message: `${who.username} should hear ${heard.join(" and ")} only` },
    )
    .toBe(true)
    .catch((error: unknown) => {
      throw new Error(`${who.username} heard ${JSON.stringify(last)}: ${String(error)}`);
    });
}

function conferenceOf(body: unknown): Conference {
  const conference = (body as { conference?: Conference }).conference;
  if (conference === undefined) throw new Error(`no conference in ${JSON.stringify(body)}`);
  return conference;
}

const lastUpdate = (session: AgentSession, id: string) => session.conferences.filter((c) => c.id === id).at(-1);

test("merge: caller, agent and consulted agent each hear the other two; after the agent leaves, caller and consulted agent still hear each other", async () => {
  const { caller, alice, bob, callId } = await consultation();
  // Before the merge: the consultation keeps the caller on hold, away from Bob.
  await expectHearing(bob, ["alice"], ["caller"]);

  const merged = await alice.request("POST", "/api/conferences", { callId });
  expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  const id = conferenceOf(merged.body).id;
  await expect.poll(() => lastUpdate(alice, id)?.status).toBe("active");
  // The caller first (named as Asterisk knows them: here Carol's phone stands behind the inbound line), then the two agents.
  expect(lastUpdate(alice, id)?.participants.map((p) => [p.agentId === null ? "caller" : p.name, p.state]).slice(1)).toEqual([
    ["Alice Martin", "in"],
    ["Bob Nguyen", "in"],
  ]);
  expect(lastUpdate(alice, id)?.participants[0]?.state).toBe("in");
  // Everyone in the room is told, the consulted agent too.
  await expect.poll(() => lastUpdate(bob, id)?.status).toBe("active");
  // All three legs run ConfBridge (a Local pair of the consultation may stand in for Bob's).
  const apps = (await liveChannels(rig().ami)).filter((c) => /^PJSIP\/100[13]-/.test(c.get("Channel") ?? "")).map((c) => c.get("Application"));
  expect(apps).toEqual(["ConfBridge", "ConfBridge"]);

  await expectHearing(caller, ["alice", "bob"], []);
  await expectHearing(alice, ["caller", "bob"], []);
  await expectHearing(bob, ["caller", "alice"], []);

  // Leave twice: the second is refused, nothing else changes.
  expect((await alice.request("POST", `/api/conferences/${id}/leave`)).status).toBe(200);
  await expect.poll(async () => (await phoneOf(alice).calls()).length, { timeout: 10_000 }).toBe(0);
  const again = await alice.request("POST", `/api/conferences/${id}/leave`);
  expect(again.status).toBe(409);
  await expect.poll(() => lastUpdate(bob, id)?.participants.find((p) => p.name === "Alice Martin")?.state).toBe("left");
  expect(lastUpdate(bob, id)?.status).toBe("active");
  // Bob, the last agent to join, now runs it: the host role passed on.
  expect(lastUpdate(bob, id)?.hostAgentId).toBe(bob.id);

  await expectHearing(caller, ["bob"], ["alice"]);
  await expectHearing(bob, ["caller"], ["alice"]);

  // Bob ends it for everyone: both calls are over, and the history says what happened.
  expect((await bob.request("POST", `/api/conferences/${id}/end`)).status).toBe(200);
  await expect.poll(() => lastUpdate(bob, id)?.status).toBe("ended");
  await expect.poll(async () => (await liveChannels(rig().ami)).length, { timeout: 10_000 }).toBe(0);
  const history = lastUpdate(bob, id)?.history.map((h) => h.status) ?? [];
  expect([history[0], history.at(-1)]).toEqual(["merging", "ended"]);
  expect(history).toContain("active");
});

test("drop one participant: the other two stay together; only the host may drop, and only someone who is there", async () => {
  const { caller, alice, bob, callId } = await consultation();
  const id = conferenceOf((await alice.request("POST", "/api/conferences", { callId })).body).id;
  await expect.poll(() => lastUpdate(alice, id)?.status).toBe("active");
  const bobId = lastUpdate(alice, id)?.participants.find((p) => p.name === "Bob Nguyen")?.id ?? "";

  // Bob is in it but is not its host: he cannot drop Alice or end it.
  const aliceId = lastUpdate(alice, id)?.participants.find((p) => p.name === "Alice Martin")?.id ?? "";
  expect((await bob.request("POST", `/api/conferences/${id}/participants/${aliceId}/drop`)).status).toBe(403);
  expect((await bob.request("POST", `/api/conferences/${id}/end`)).status).toBe(403);
  // Nobody by that id; an agent outside it.
  expect((await alice.request("POST", `/api/conferences/${id}/participants/1234.5678/drop`)).status).toBe(404);
  const erin = await rig().agent(browsers.caller.browser, "erin", false);
  expect((await erin.request("POST", `/api/conferences/${id}/leave`)).status).toBe(403);
  expect((await erin.request("POST", `/api/conferences/${id}/end`)).status).toBe(403);
  expect(lastUpdate(alice, id)?.participants.every((p) => p.state === "in")).toBe(true);

  expect((await alice.request("POST", `/api/conferences/${id}/participants/${bobId}/drop`)).status).toBe(200);
  await expect.poll(async () => (await phoneOf(bob).calls()).length, { timeout: 10_000 }).toBe(0);
  await expect.poll(() => lastUpdate(alice, id)?.participants.find((p) => p.id === bobId)?.state).toBe("left");
  expect((await alice.request("POST", `/api/conferences/${id}/participants/${bobId}/drop`)).status).toBe(409);
  await expectHearing(caller, ["alice"], ["bob"]);
  await expectHearing(alice, ["caller"], ["bob"]);
});

test("merge with no consultation is refused and the call is untouched", async () => {
  const alice = await rig().agent(browsers.alice.browser, "alice");
  const callId = await rig().customerOn(alice);
  const before = await rig().customerPartners();
  const mark = rig().server.proxy.actions.length;
  const refused = await alice.request("POST", "/api/conferences", { callId });
  expect(refused.status).toBe(409);
  expect(JSON.stringify(refused.body)).toMatch(/no consultation to merge/);
  expect((await alice.request("POST", "/api/conferences", { callId: "no-such-call" })).status).toBe(404);
  expect((await alice.request("POST", "/api/conferences", { callId, extra: 1 })).status).toBe(400);
  expect(await rig().customerPartners()).toEqual(before);
  expect(rig().server.proxy.actionsSince(mark).filter((a) => a.Action !== "Getvar")).toEqual([]);
});

test("the consulted agent may not merge someone else's consultation, and a merge while the target still rings waits", async () => {
  const alice = await rig().agent(browsers.alice.browser, "alice");
  const bob = await rig().agent(browsers.bob.browser, "bob");
  const callId = await rig().customerOn(alice);
  const transferId = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
  await ringing(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(transferId).at(-1)).toBe("ringing");
  const early = await alice.request("POST", "/api/conferences", { callId });
  expect(early.status).toBe(409);
  expect(JSON.stringify(early.body)).toMatch(/has answered/);
  const bobCall = await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(transferId).at(-1)).toBe("answered");
  // Bob's own call is the consultation's other end: no consultation of his to merge.
  expect((await bob.request("POST", "/api/conferences", { callId: bobCall.sipCallId })).status).toBe(409);
  // The caller is still on hold, waiting for Alice.
  expect((await rig().customerChannel())?.channel).toBeDefined();
});
