import { execFileSync } from "node:child_process";
import { expect, test, type Browser } from "@playwright/test";
import { TRANSFER_CODE_DIGITS } from "@handoff/dialplan";
import { startServerProcess } from "../../server/test/support/server-process";
import { AgentSession } from "../support/agent-session";
import { callAgentAsCustomer, liveChannels } from "../support/pbx";
import { answer, phoneOf, ringing, useTransferRig } from "../support/transfer-rig";

// The transfer core's promise on the paths beyond the happy ones: no caller is
// lost, and every status the apps see is what Asterisk did. Real Asterisk, real
// WebRTC phones in Chromium, the real server behind a recording AMI proxy.
const RING_SECONDS = 5;
const rig = useTransferRig(RING_SECONDS);

const agent = (browser: Browser, username: string, withPhone = true) => rig().agent(browser, username, withPhone);
const moves = (mark: number, action: string) => rig().server.proxy.actionsSince(mark).filter((a) => a.Action === action);
/** Completions written: each is the channel's atxfercomplete code, one received digit per digit. */
const completions = (mark: number) => moves(mark, "PlayDTMF").filter((a) => a.Receive === "yes").length / TRANSFER_CODE_DIGITS;

test("a recall nobody answers: the caller waits in the queue and the next free agent takes them; A is told all along", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const dave = await agent(browser, "dave");
  await rig().journey("blind-recall-missed-then-queue", async () => {
    const callId = await rig().customerOn(alice);
    const id = (await alice.transfer(callId, { kind: "extension", value: "1003" }, "blind")).body.transfer?.id ?? "";
    await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("recalling");
    // A does not answer the recall either: the caller goes to queue support instead of being hung up.
    await ringing(phoneOf(alice));
    await expect.poll(() => alice.transfers.find((t) => t.id === id && /waits in queue support/.test(t.reason ?? ""))?.status, { timeout: (RING_SECONDS + 10) * 1000 }).toBe("recalling");
    expect((await rig().customerChannel())?.application).toBe("Queue");
    const fromQueue = await ringing(phoneOf(dave)).catch(() => ringing(phoneOf(bob)));
    expect(fromQueue).toBeDefined();
    const taker = (await phoneOf(dave).calls()).some((c) => c.phase === "ringing") ? dave : bob;
    await answer(phoneOf(taker));
    await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${taker.extension}-`))]);
    await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "failed")?.reason).toMatch(/took the caller from queue support/);
    const statuses = alice.statusesOf(id);
    expect([statuses[0], statuses.at(-1)]).toEqual(["initiated", "failed"]);
    expect(statuses).toContain("recalling");
    expect(statuses).not.toContain("completed");
    await expect.poll(() => taker.statusesOf(id).at(-1)).toBe("failed");
  });
});

test("a bot's handoff to a busy agent with nobody free in the fallback queue: the caller is held, not dropped, until someone signs in", async ({ browser }) => {
  const bot = await agent(browser, "voicebot", false);
  const channel = await rig().botCaller("5550197");
  // Nobody registered at all: the target (1003) is unavailable and queue support has no member.
  const response = await bot.request("POST", "/api/handoffs", { channel, target: { kind: "extension", value: "1003" }, context: { reason: "Wants a human", summary: "Line one\nLine two: 数字 ✓" } });
  expect(response.status).toBe(202);
  const id = response.body.transfer?.id ?? "";
  await expect.poll(() => bot.transfers.find((t) => t.id === id && /on hold until someone signs in to queue support/.test(t.reason ?? ""))?.status, { timeout: 20_000 }).toBe("recalling");
  // Held through several retries of the queue (3 s each here), never hung up.
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  const held = (await liveChannels(rig().ami)).find((c) => c.get("Channel") === channel);
  expect(held?.get("Context")).toBe("handoff-fallback");
  expect(bot.statusesOf(id).at(-1)).toBe("recalling");
  // An agent signs in: the queue rings them and the caller reaches a human on the same call.
  const bob = await agent(browser, "bob");
  await answer(phoneOf(bob));
  await expect.poll(() => rig().partnersOf(channel)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await expect.poll(() => bot.transfers.find((t) => t.id === id && t.status === "failed")?.reason).toMatch(/Bob Nguyen took the caller from queue support/);
});

test("attended transfer completed while the target still rings: ringing until B answers, then completed", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("attended-complete-while-ringing-answered", async () => {
    const callId = await rig().customerOn(alice);
    const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
    await ringing(phoneOf(bob));
    await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("ringing");
    expect((await alice.request("POST", `/api/transfers/${id}/complete`)).status).toBe(200);
    await expect.poll(async () => (await phoneOf(alice).calls()).length).toBe(0);
    // A has left, B still rings: not completed yet.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(alice.statusesOf(id).at(-1)).toBe("ringing");
    expect(alice.transfers.filter((t) => t.id === id).at(-1)?.reason).toContain("You left before Bob Nguyen");
    await answer(phoneOf(bob));
    await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("completed");
    expect(alice.statusesOf(id)).toEqual(["initiated", "ringing", "ringing", "completed"]);
    await rig().audioFlows("PJSIP/1002-");
  });
});

test("attended transfer completed while ringing and never answered: the caller rings back at A, who takes them", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  await rig().journey("attended-complete-while-ringing-unanswered", async () => {
    const callId = await rig().customerOn(alice);
    const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
    await ringing(phoneOf(bob));
    expect((await alice.request("POST", `/api/transfers/${id}/complete`)).status).toBe(200);
    await expect.poll(() => alice.statusesOf(id).at(-1), { timeout: (RING_SECONDS + 10) * 1000 }).toBe("recalling");
    expect(alice.statusesOf(id)).not.toContain("completed");
    await answer(phoneOf(alice));
    await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
    await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "failed")?.reason).toContain("The caller is back with you.");
  });
});

test("double clicks: two completes, two cancels, a complete and a cancel — one AMI action each time, the loser a clean 409 in our words", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await rig().customerOn(alice);

  const first = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
  await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(first).at(-1)).toBe("answered");
  let mark = rig().server.proxy.actions.length;
  const cancels = await Promise.all([alice.request("POST", `/api/transfers/${first}/cancel`), alice.request("POST", `/api/transfers/${first}/cancel`)]);
  expect(cancels.map((r) => r.status).sort()).toEqual([200, 409]);
  expect(cancels.find((r) => r.status === 409)?.body.error?.message).toBe("Cancelling this transfer is already under way.");
  expect(moves(mark, "CancelAtxfer")).toHaveLength(1);
  await expect.poll(() => alice.statusesOf(first).at(-1)).toBe("cancelled");
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);

  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const again = await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended");
  expect(again.body.error).toBeUndefined();
  const second = again.body.transfer?.id ?? "";
  await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(second).at(-1)).toBe("answered");
  mark = rig().server.proxy.actions.length;
  const mixed = await Promise.all([alice.request("POST", `/api/transfers/${second}/complete`), alice.request("POST", `/api/transfers/${second}/cancel`), alice.request("POST", `/api/transfers/${second}/complete`)]);
  expect(mixed.map((r) => r.status)).toEqual([200, 409, 409]);
  expect(mixed[1]?.body.error?.message).toBe("This transfer is being completed; it can no longer be cancelled.");
  expect(mixed[2]?.body.error?.message).toBe("Completing this transfer is already under way.");
  expect(completions(mark)).toBe(1);
  expect(moves(mark, "CancelAtxfer")).toHaveLength(0);
  expect(moves(mark, "Hangup")).toHaveLength(0);
  await expect.poll(() => alice.statusesOf(second).at(-1)).toBe("completed");
  // After the end, a late click is refused in our words, never Asterisk's.
  const late = await alice.request("POST", `/api/transfers/${second}/complete`);
  expect(late).toMatchObject({ status: 409, body: { error: { message: "This transfer is already completed; there is nothing to complete." } } });
});

test("a complete that crosses the target hanging up leaves the caller with A, never drops them", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await rig().customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "attended")).body.transfer?.id ?? "";
  const consultation = await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("answered");
  // B hangs up, and A clicks complete before the server has heard of it: Asterisk has already handed A the caller back.
  rig().server.proxy.delayToServerMs = 3_000;
  await phoneOf(bob).hangup(consultation.id);
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  const mark = rig().server.proxy.actions.length;
  expect((await alice.request("POST", `/api/transfers/${id}/complete`)).status).toBe(200);
  rig().server.proxy.delayToServerMs = 0;
  expect(completions(mark)).toBe(1);
  await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "failed")?.reason, { timeout: 15_000 }).toBe("Bob Nguyen (1002) hung up during the consultation. The caller is back with you.");
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  await rig().audioFlows("PJSIP/1001-");
});

test("a transfer asked for the instant a call is answered, while the server's view still trails Asterisk, waits for the truth instead of refusing", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  await agent(browser, "bob");
  // The server hears of everything 400 ms late: the app knows the call is answered before the server does.
  rig().server.proxy.delayToServerMs = 400;
  await callAgentAsCustomer(rig().ami, "1001");
  const { sipCallId } = await answer(phoneOf(alice));
  const response = await alice.transfer(sipCallId, { kind: "agent", value: "bob" }, "blind");
  expect(response.body.error).toBeUndefined();
  expect(response.status).toBe(202);
});

test("a multi-line note with any printable Unicode reaches B intact; other control characters are refused", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await rig().customerOn(alice);
  const mark = rig().server.proxy.actions.length;
  const refused = await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind", undefined, "ok\u001b[31mred");
  expect(refused.status).toBe(400);
  expect(moves(mark, "BlindTransfer")).toHaveLength(0);
  const note = "Refund for order 42\nAlready verified:\tname, address\r\nSpeaks 日本語 — prefers email 📧";
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind", undefined, note)).body.transfer?.id ?? "";
  await ringing(phoneOf(bob));
  await expect.poll(() => bob.contexts.find((c) => c.transferId === id)?.note).toBe(note);
});

test("Asterisk restarted during a transfer: the dropped call says the PBX restarted, not that the caller hung up", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await rig().customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind")).body.transfer?.id ?? "";
  await ringing(phoneOf(bob));
  execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "down"], { stdio: "ignore" });
  execFileSync("npx", ["--no-install", "tsx", "pbx/src/cli.ts", "up"], { stdio: "ignore" });
  await rig().reconnectAmi();
  await expect.poll(() => alice.transfers.find((t) => t.id === id && t.status === "failed")?.reason, { timeout: 45_000 }).toMatch(/PBX (restarted|shut down)/);
  expect(alice.transfers.filter((t) => t.id === id).map((t) => t.reason).join(" ")).not.toContain("hung up");
  for (const phone of [alice.phone, bob.phone]) await expect.poll(() => phone?.registration(), { timeout: 45_000 }).toBe("registered");
});

test("the server stopped mid-transfer and started again: it follows on from its record, settles the transfer from Asterisk and tells the apps", async ({ browser }) => {
  const alice = await agent(browser, "alice");
  const bob = await agent(browser, "bob");
  const callId = await rig().customerOn(alice);
  const id = (await alice.transfer(callId, { kind: "agent", value: "bob" }, "blind")).body.transfer?.id ?? "";
  await ringing(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(id).at(-1)).toBe("ringing");
  const mark = rig().server.proxy.actions.length;
  await rig().server.stop();
  // B answers while no server runs.
  await answer(phoneOf(bob));
  await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  await rig().server.start();
  // The apps reconnect by themselves and hear the truth.
  await expect.poll(() => alice.statusesOf(id).at(-1), { timeout: 20_000 }).toBe("completed");
  await expect.poll(() => bob.statusesOf(id).at(-1)).toBe("completed");
  expect((await alice.request("GET", `/api/transfers/${id}`)).body.transfer).toMatchObject({ status: "completed", toAgentId: bob.id });
  expect(rig().server.proxy.actionsSince(mark).filter((a) => ["BlindTransfer", "Atxfer", "Redirect", "Hangup", "CancelAtxfer"].includes(a.Action ?? ""))).toEqual([]);
});

// A transfer is recorded before its first action is written, by a commit that survives the process dying the
// instant after (synchronous=NORMAL in WAL mode, server/src/store/sqlite-hot-path.ts). The server here runs in its
// own process and SIGKILLs itself (HANDOFF_TEST_KILL_AT) on either side of that action; started again on the same
// database, it must explain the transfer from its record and Asterisk's channels, and the caller is never lost.
for (const crash of [
  { at: "recorded", status: "failed", caller: /^PJSIP\/1001-/, what: "record is committed, its BlindTransfer not yet written: the caller stays with the agent, the transfer ends failed" },
  { at: "action-written", status: "completed", caller: /^Local\/0155501234@handoff-outside-/, what: "BlindTransfer is written, before Asterisk's reply: the caller is with the target, the transfer ends completed" },
] as const) {
  test(`the server SIGKILLed the instant a transfer's ${crash.what}`, async ({ browser }) => {
    const server = await startServerProcess({ HANDOFF_TEST_KILL_AT: crash.at });
    try {
      const alice = await AgentSession.signIn(server, "alice");
      rig().sessions.push(alice);
      const phone = await alice.openPhone(browser);
      await expect.poll(() => phone.registration()).toBe("registered");
      const callId = await rig().customerOn(alice);
      await expect(alice.transfer(callId, { kind: "external", value: "0155501234" }, "blind")).rejects.toThrow();
      expect(await server.exited()).toBe("SIGKILL");
      await expect.poll(() => rig().customerPartners()).toEqual([expect.stringMatching(crash.caller)]);
      await server.restart({ HANDOFF_TEST_KILL_AT: undefined });
      // The app's real-time link reconnects by itself and is sent what the restarted server settled.
      await expect.poll(() => alice.transfers.at(-1)?.status, { timeout: 30_000 }).toBe(crash.status);
      const id = alice.transfers.at(-1)?.id ?? "";
      const stored = (await alice.request("GET", `/api/transfers/${id}`)).body.transfer;
      expect(stored).toMatchObject({ status: crash.status, callId, target: { kind: "external", value: "0155501234" } });
      const steps = stored?.history.map((step) => step.status) ?? [];
      expect([steps[0], steps.at(-1)]).toEqual(["initiated", crash.status]);
      expect(await rig().customerPartners()).toEqual([expect.stringMatching(crash.caller)]);
    } finally {
      await server.stop();
    }
  });
}
