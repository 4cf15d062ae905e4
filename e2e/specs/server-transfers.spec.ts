import { execFileSync } from "node:child_process";
import { expect, test, type Browser } from "@playwright/test";
import type { AgentSession } from "../support/agent-session";
import type { HarnessPage } from "../support/harness-page";
import { callAgentAsCustomer, contactOf, liveChannels } from "../support/pbx";
import { answer, ringing, useTransferRig } from "../support/transfer-rig";

// The transfer server against the real Asterisk, with agents' phones as real
// WebRTC endpoints in Chromium. Each test starts from idle phones.
const RING_SECONDS = 6;
const rig = useTransferRig(RING_SECONDS);

const agent = (browser: Browser, username: string, withPhone = true) => rig().agent(browser, username, withPhone);
const customerOn = (session: AgentSession, customer?: string) => rig().customerOn(session, customer);
const customerPartners = () => rig().customerPartners();
const audioFlows = (channelPrefix: string) => rig().audioFlows(channelPrefix);
const botCaller = (customer: string) => rig().botCaller(customer);
const partnersOf = (channel: string) => rig().partnersOf(channel);

test("presence follows the phone and the agent's choice, pushed to every app as it changes", async ({ browser }) => {
  const bob = await agent(browser, "bob", false);
  const alice = await agent(browser, "alice");
  const aliceSeen = () => bob.presence.filter((p) => p.extension === "1001").map((p) => p.presence);
  await expect.poll(aliceSeen).toContain("available");
  expect((await bob.request("GET", "/api/transfers/available-agents?search=ALI")).body).toMatchObject({ agents: [{ name: "Alice Martin", presence: "available" }] });

  await callAgentAsCustomer(rig().ami, "1001");
  await expect.poll(aliceSeen).toContain("ringing");
  await answer(alice.phone as HarnessPage);
  await expect.poll(() => aliceSeen().at(-1)).toBe("busy");
  expect((await bob.request("GET", "/api/transfers/available-agents")).body).toEqual({ agents: [] });
  const call = (await (alice.phone as HarnessPage).calls())[0];
  await (alice.phone as HarnessPage).hangup(call?.id ?? "");
  await expect.poll(() => aliceSeen().at(-1)).toBe("available");

  expect((await alice.request("PUT", "/api/agents/me/status", { status: "dnd" })).body).toEqual({ status: "dnd", presence: "away" });
  await expect.poll(() => aliceSeen().at(-1)).toBe("away");
  await alice.request("PUT", "/api/agents/me/status", { status: "available" });
  await expect.poll(() => aliceSeen().at(-1)).toBe("available");
});

test("blind transfer to an agent: the caller ends bridged with B, both agents follow it in order, B sees the note", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("blind-answered", async () => {
    const callId = await customerOn(alice);

    const response = await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind", undefined, "Wants a refund");
    expect(response.status).toBe(202);
    const id = response.body.transfer?.id ?? "";
    const offered = await ringing(bob.phone as HarnessPage);
    await expect.poll(() => bob.contexts.find((c) => c.transferId === id)).toMatchObject({ kind: "transfer", sipCallId: offered.sipCallId, note: "Wants a refund", from: { name: "Alice Martin", extension: "1001" } });
    await answer(bob.phone as HarnessPage);

    await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
    await expect.poll(() => bob.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
    await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    await audioFlows("PJSIP/1002-");
    expect((await alice.request("GET", `/api/transfers/${id}`)).body.transfer?.history.map((h) => h.status)).toEqual(["initiated", "ringing", "completed"]);

    // History: each agent sees its own part of the call with the transfer; a supervisor sees both.
    type History = { calls: Array<{ agentId: string; remote: { number: string }; transfers: Array<{ id: string }> }> };
    const history = async (session: AgentSession) => ((await session.request("GET", "/api/calls/history")).body as unknown as History).calls;
    await expect.poll(async () => (await history(alice)).filter((c) => c.transfers.some((t) => t.id === id)).map((c) => [c.agentId, c.remote.number])).toEqual([[alice.id, "5550100"]]);
    await expect.poll(async () => (await history(bob)).filter((c) => c.transfers.some((t) => t.id === id)).map((c) => c.agentId)).toEqual([bob.id]);
    const sam = await agent(browser, "sam", false);
    expect((await history(sam)).filter((c) => c.transfers.some((t) => t.id === id)).map((c) => c.agentId).sort()).toEqual([alice.id, bob.id].sort());
  });
});

test("an app that reconnects while a transfer rings at it gets the note again", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind", undefined, "Second try")).body.transfer?.id ?? "";
  await ringing(bob.phone as HarnessPage);
  await expect.poll(() => bob.contexts.filter((c) => c.transferId === id)).toHaveLength(1);
  await bob.reconnect();
  await expect.poll(() => bob.contexts.filter((c) => c.transferId === id).map((c) => c.note)).toEqual(["Second try", "Second try"]);
});

test("attended transfer completed: A consults B, then the caller is bridged with B and A is released", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("attended-completed", async () => {
    const callId = await customerOn(alice);

    const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
    await answer(bob.phone as HarnessPage);
    await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "answered"]);
    const completed = await alice.request("POST", `/api/transfers/${id}/complete`);
    expect(completed.status).toBe(200);
    await expect.poll(async () => (await alice.request("GET", `/api/transfers/${id}`)).body.transfer?.history.at(-1)?.by).toBe(alice.id);

    await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "answered", "completed"]);
    await expect.poll(customerPartners, { timeout: 20_000 }).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    await expect.poll(async () => (await (alice.phone as HarnessPage).calls()).length).toBe(0);
  });
});

test("attended transfer cancelled: the caller is back with A, and A hears the caller", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("attended-cancelled", async () => {
    const callId = await customerOn(alice);

    const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
    await answer(bob.phone as HarnessPage);
    await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("answered");
    expect((await alice.request("POST", `/api/transfers/${id}/cancel`)).status).toBe(200);

    await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("cancelled");
    await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
    await audioFlows("PJSIP/1001-");
  });
});

test("blind transfer nobody answers: failed with the reason, and the caller rings back at A", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("blind-no-answer-recall-answered", async () => {
    const callId = await customerOn(alice);

    const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind")).body.transfer?.id ?? "";
    await ringing(bob.phone as HarnessPage);
    await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "recalling")?.reason, { timeout: (RING_SECONDS + 10) * 1000 }).toMatch(new RegExp(`did not answer within ${RING_SECONDS} s.*ringing back at your phone`));
    expect(bob.statusesOf(id).at(-1)).toBe("recalling");
    await answer(alice.phone as HarnessPage);
    await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
    // Final only once the caller is really back with A.
    await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "failed")?.reason).toContain("The caller is back with you.");
    expect(alice.statusesOf(id)).toEqual(["initiated", "ringing", "recalling", "failed"]);
  });
});

test("unregistered targets: an offline agent is refused up front; an unregistered extension fails and the caller rings back at A", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const callId = await customerOn(alice);

  const mark = rig().server.proxy.actions.length;
  const refused = await alice.transfer(callId, { kind: "agent", value: "carol" }, "blind");
  expect(refused.status).toBe(422);
  expect(refused.body.error?.message).toContain("offline");
  expect(rig().server.proxy.actionsSince(mark).filter((a) => a.Action !== "Getvar")).toEqual([]);

  const id = (await alice.transfer(callId, { kind: "extension", value: "1003" }, "blind")).body.transfer?.id ?? "";
  await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "recalling")?.reason).toContain("not registered");
  await answer(alice.phone as HarnessPage);
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("failed");
});

test("queue target: the caller waits in support until a member answers", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await customerOn(alice);

  const id = (await alice.transfer(callId, { kind: "queue", value: "support" }, "blind")).body.transfer?.id ?? "";
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("ringing");
  await answer(bob.phone as HarnessPage);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  expect((await alice.request("GET", `/api/transfers/${id}`)).body.transfer?.toAgentId).toBe(bob.id);
});

test("external target: the caller lands on the outside line", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const callId = await customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "external", value: "0123456789" }, "blind")).body.transfer?.id ?? "";
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^Local\/0123456789@handoff-outside-/)]);
});

test("attended transfer to an external number: consulted at once, then completed onto the outside line", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const callId = await customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "external", value: "0123456789" }, "attended")).body.transfer?.id ?? "";
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("answered");
  expect((await alice.request("POST", `/api/transfers/${id}/complete`)).status).toBe(200);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^Local\/0123456789@handoff-outside-/)]);
});

test("AMI link cut mid-transfer: unknown until the server resyncs, then completed from Asterisk's own events", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind")).body.transfer?.id ?? "";
  await ringing(bob.phone as HarnessPage);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("ringing");

  rig().server.proxy.cutAll();
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("unknown");
  await expect.poll(async () => (await fetch(`${rig().server.url}/api/health`)).status).toBe(200);
  await answer(bob.phone as HarnessPage);
  // Back in touch, the server says what Asterisk shows (still ringing, unless B was quicker), then follows it to the end.
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  expect(alice.statusesOf(id).join(",")).toMatch(/^initiated,ringing,unknown,(ringing,)?completed$/);
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
});

test("several calls on one phone: the Call-ID picks which caller moves, the other stays", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await customerOn(alice, "5550101");
  await callAgentAsCustomer(rig().ami, "1001", "5550102");
  const second = await answer(alice.phone as HarnessPage);
  await expect.poll(async () => (await liveChannels(rig().ami)).filter((c) => c.get("Channel")?.startsWith("PJSIP/1001-") && c.get("BridgeId")).length).toBe(2);

  const id = (await alice.transfer(second.sipCallId, { kind: "agent", value: "bob" }, "blind")).body.transfer?.id ?? "";
  await answer(bob.phone as HarnessPage);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  const channels = await liveChannels(rig().ami);
  const partnerOf = (number: string) => {
    const customer = channels.find((c) => /;2$/.test(c.get("Channel") ?? "") && c.get("ConnectedLineNum") !== undefined && c.get("CallerIDNum") === number);
    return channels.filter((c) => c.get("BridgeId") && c.get("BridgeId") === customer?.get("BridgeId") && c !== customer).map((c) => c.get("Channel"));
  };
  expect(partnerOf("5550102")).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  expect(partnerOf("5550101")).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
});

test("Asterisk restarted under a running server: apps see degraded then recovered, phones re-register, and a transfer works after", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "down"], { stdio: "ignore" });
  await expect.poll(() => alice.pbxStatus).toContain("degraded");
  execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "ignore" });
  await rig().reconnectAmi();
  await expect.poll(() => alice.pbxStatus.at(-1), { timeout: 45_000 }).toBe("recovered");
  for (const phone of [alice.phone, bob.phone]) await expect.poll(() => (phone as HarnessPage).registration(), { timeout: 45_000 }).toBe("registered");
  // Re-registered means Asterisk holds a contact again, and the directory shows B free to take a call.
  for (const extension of ["1001", "1002"]) await expect.poll(() => contactOf(rig().ami, extension), { timeout: 15_000 }).not.toBe("");
  await expect.poll(() => alice.presence.filter((p) => p.extension === "1002").at(-1)?.presence, { timeout: 15_000 }).toBe("available");

  const callId = await customerOn(alice);
  const response = await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind");
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  const id = response.body.transfer?.id ?? "";
  await answer(bob.phone as HarnessPage);
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
});

test("only the call's own agent may move it: B's token on A's call is 403 and nothing reaches AMI", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob", false);
  const callId = await customerOn(alice);
  const mark = rig().server.proxy.actions.length;
  const response = await bob.transfer(callId, { kind: "extension", value: "1004" }, "blind");
  expect(response.status).toBe(403);
  expect(rig().server.proxy.actionsSince(mark).filter((a) => a.Action !== "Getvar")).toEqual([]);
  await expect.poll(customerPartners).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
});

test("one Idempotency-Key gives one AMI action; a second transfer in flight gets 409", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await customerOn(alice);
  const mark = rig().server.proxy.actions.length;

  const [first, second] = await Promise.all([
    alice.transfer(callId, { kind: "agent", value: "bob" }, "attended", "same-key-twice"),
    alice.transfer(callId, { kind: "agent", value: "bob" }, "attended", "same-key-twice"),
  ]);
  expect(first.status).toBe(202);
  expect(second).toEqual(first);
  const other = await alice.transfer(callId, { kind: "queue", value: "support" }, "blind", "a-different-key");
  expect(other.status).toBe(409);
  expect(rig().server.proxy.actionsSince(mark).filter((a) => a.Action === "Atxfer" || a.Action === "BlindTransfer")).toHaveLength(1);
  await ringing(bob.phone as HarnessPage);
});

test("two transfers of one call at the same moment, with different keys: one goes ahead, the other gets 409", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  await agent(browser, "bob");
  const callId = await customerOn(alice);
  const mark = rig().server.proxy.actions.length;
  const results = await Promise.all([
    alice.transfer(callId, { kind: "agent", value: "bob" }, "blind", "racing-key-one"),
    alice.transfer(callId, { kind: "queue", value: "support" }, "blind", "racing-key-two"),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([202, 409]);
  expect(rig().server.proxy.actionsSince(mark).filter((a) => a.Action === "BlindTransfer")).toHaveLength(1);
});

test("bot handoff: the bot's caller reaches B with the bot's summary; only bots may hand off, and only their own callers", async ({ browser }) => {
  const bot = await agent(browser, "voicebot", false);
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("handoff-answered", async () => {
    const channel = await botCaller("5550199");

    expect((await alice.request("POST", "/api/handoffs", { channel, target: { kind: "agent", value: "bob" }, context: { reason: "x", summary: "y" } })).status).toBe(403);
    await customerOn(alice);
    const alicePhoneChannel = (await liveChannels(rig().ami)).find((c) => c.get("Channel")?.startsWith("PJSIP/1001-"))?.get("Channel") ?? "";
    const stolen = await bot.request("POST", "/api/handoffs", { channel: alicePhoneChannel, target: { kind: "agent", value: "bob" }, context: { reason: "x", summary: "y" } });
    expect(stolen.status).toBe(403);

    const response = await bot.request("POST", "/api/handoffs", {
      channel,
      target: { kind: "agent", value: "bob" },
      context: { reason: "Billing dispute", summary: "Disputes invoice 42; already verified identity." },
    });
    expect(response.status).toBe(202);
    const id = response.body.transfer?.id ?? "";
    const offered = await ringing(bob.phone as HarnessPage);
    await expect.poll(() => bob.contexts.find((c) => c.transferId === id)).toMatchObject({
      kind: "handoff",
      sipCallId: offered.sipCallId,
      reason: "Billing dispute",
      note: "Disputes invoice 42; already verified identity.",
      from: { name: "Voice Bot" },
    });
    await answer(bob.phone as HarnessPage);
    await expect.poll(() => bob.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
    await expect.poll(() => partnersOf(channel)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  });
});

test("bot handoff to a target that fails: the caller is not dropped but waits in the support queue", async ({ browser }) => {
  const bot = await agent(browser, "voicebot", false);
  const bob = await agent(browser, "bob");
  await rig().journey("handoff-fallback-queue", async () => {
    const channel = await botCaller("5550198");
    const response = await bot.request("POST", "/api/handoffs", { channel, target: { kind: "extension", value: "1003" }, context: { reason: "x", summary: "y" } });
    expect(response.status).toBe(202);
    const id = response.body.transfer?.id ?? "";
    await expect.poll(() => bot.transfers.find((t) => t.id === id && t.status === "recalling")?.reason).toMatch(/not registered.*waits in queue support/);
    expect((await bot.request("GET", `/api/transfers/${id}`)).body.transfer?.status).toBe("recalling");
    await answer(bob.phone as HarnessPage);
    await expect.poll(() => partnersOf(channel)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    await expect.poll(() => bot.transfers.find((t) => t.id === id && t.status === "failed")?.reason).toContain("Bob Nguyen took the caller from queue support.");
  });
});
