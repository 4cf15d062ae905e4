import { GLOBALS, HANDOFF_CONTEXTS, NEXT_STEPS, USER_EVENT_FIELDS, USER_EVENTS } from "@handoff/dialplan";
import { AmiClient } from "@handoff/server/ami";
import type { AmiMessage } from "@handoff/server/ami";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPbxConnection } from "./connection";
import { DEMO_CONTEXTS } from "./config/contexts";
import { loadDemoData, phoneUsers, queueMembers } from "./demo-data";

// The failure paths of the product dialplan on the real Asterisk, with no phone registered: every Dial to an
// agent is CHANUNAVAIL and the fallback queue has no member (JOINEMPTY). Whatever fails, the caller must
// still be there after several hold-and-retry rounds, and the server must have been told each step once.
const connection = loadPbxConnection();
const demo = loadDemoData();
const generated = connection.provider !== "env";

const ACTIONS = new Set(["Originate", "Hangup", "CoreShowChannels", "DeviceStateList", "Getvar", "Setvar", "Redirect", "BlindTransfer"]);
const RETRY_SECONDS = 1;
/** Long enough for the hold-and-retry loop to go round at least twice. */
const ROUNDS_MS = (RETRY_SECONDS * 2 + 1.5) * 1000;
const ALL_CALLS = "/^(PJSIP|Local)\\//";
const HANDOFF_EVENT_NAMES = new Set<string>(Object.values(USER_EVENTS));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!generated)("the dialplan never drops a caller", () => {
  let ami: AmiClient;
  let retryBefore = "";
  /** Everything of interest since the test started, in Asterisk's order. */
  let seen: AmiMessage[] = [];

  beforeAll(async () => {
    if (!connection.amiTest) throw new Error("the generated PBX always has a test AMI user");
    ami = await AmiClient.connect({ ...connection.amiTest, allowedActions: ACTIONS, reconnect: false, keepaliveMs: false });
    ami.onEvent((event) => {
      if (event.event === "UserEvent" ? HANDOFF_EVENT_NAMES.has(event.get("UserEvent") ?? "") : ["Hangup", "MusicOnHoldStart", "Newchannel", "BridgeEnter"].includes(event.event ?? "")) seen.push(event);
    });
    retryBefore = (await ami.send("Getvar", { Variable: GLOBALS.holdRetry })).response.get("Value") ?? "";
    await ami.send("Setvar", { Variable: GLOBALS.holdRetry, Value: String(RETRY_SECONDS) });
  });

  afterEach(async () => {
    await ami.send("Hangup", { Channel: ALL_CALLS }).catch(() => undefined);
    await expect.poll(liveChannels, { timeout: 5000 }).toEqual([]);
    seen = [];
  });

  afterAll(async () => {
    if (!ami) return;
    if (retryBefore) await ami.send("Setvar", { Variable: GLOBALS.holdRetry, Value: retryBefore });
    await ami.close();
  });

  async function liveChannels(): Promise<string[]> {
    return (await ami.send("CoreShowChannels")).events.map((event) => event.get("Channel") ?? "").filter((name) => /^(PJSIP|Local)\//.test(name));
  }

  async function channelsNow(): Promise<Map<string, string>> {
    return new Map((await ami.send("CoreShowChannels")).events.map((event) => [event.get("Channel") ?? "", event.get("Application") ?? ""]));
  }

  async function unavailable(): Promise<Set<string>> {
    const events = (await ami.send("DeviceStateList")).events;
    return new Set(events.filter((event) => event.get("State") === "UNAVAILABLE").map((event) => event.get("Device") ?? ""));
  }

  /** Skips unless no phone that could take the caller is registered (another run's softphones may be). */
  async function requireNobodyRegistered(skip: () => void): Promise<{ recallTo: string; target: string }> {
    const down = await unavailable();
    const [fallback] = demo.queues;
    const users = phoneUsers(demo).filter((user) => down.has(`PJSIP/${user.extension}`));
    if (!fallback || users.length < 2 || !queueMembers(demo, fallback).every((user) => down.has(`PJSIP/${user.extension}`))) skip();
    return { recallTo: users[0]!.extension, target: users[1]!.extension };
  }

  /** The first channel whose name starts with `prefix` and ends with `half` (";1"/";2"), once Asterisk created it. */
  async function channelNamed(prefix: string, half: string): Promise<AmiMessage> {
    await expect.poll(() => seen.some((e) => e.event === "Newchannel" && (e.get("Channel") ?? "").startsWith(prefix) && e.get("Channel")!.endsWith(half)), { timeout: 5000 }).toBe(true);
    return seen.find((e) => e.event === "Newchannel" && (e.get("Channel") ?? "").startsWith(prefix) && e.get("Channel")!.endsWith(half))!;
  }

  /** The Handoff UserEvents of one call (one Linkedid), as [name, fields]. */
  function handoffEvents(linkedId: string): Array<[string, Record<string, string>]> {
    return seen.filter((e) => e.event === "UserEvent" && e.get("Linkedid") === linkedId).map((e) => [e.get("UserEvent") ?? "", e.fields()]);
  }

  /** Waits until `name` was seen for the call, then `ROUNDS_MS` more, and checks the caller is still there. */
  async function expectStillWaiting(linkedId: string, caller: string): Promise<void> {
    await expect.poll(() => handoffEvents(linkedId).some(([name]) => name === USER_EVENTS.callerHeld), { timeout: 10_000 }).toBe(true);
    await sleep(ROUNDS_MS);
    const channels = await channelsNow();
    expect(["MusicOnHold", "Queue"], `${caller} is waiting, not gone`).toContain(channels.get(caller));
    expect(seen.filter((e) => e.event === "MusicOnHoldStart" && e.get("Channel") === caller).length, "hold-and-retry rounds").toBeGreaterThanOrEqual(2);
    expect(seen.filter((e) => e.event === "Hangup" && e.get("Channel") === caller)).toEqual([]);
  }

  const held = { [USER_EVENT_FIELDS.callerHeld.queue]: demo.queues[0]?.name, [USER_EVENT_FIELDS.callerHeld.queueStatus]: "JOINEMPTY" };

  it("a blind transfer nobody answers: recall, then the fallback queue, then hold and retry, forever", async (ctx) => {
    const { recallTo, target } = await requireNobodyRegistered(() => ctx.skip());
    // What Asterisk sets on a blind transfer's transferee (the caller): the transferer's channel name.
    const prefix = `Local/${target}@${HANDOFF_CONTEXTS.transfer}`;
    await ami.send("Originate", { Channel: prefix, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550101>", Variable: `BLINDTRANSFER=PJSIP/${recallTo}-00000001`, Async: "true" });
    const caller = await channelNamed(`${prefix}-`, ";2");
    const linkedId = caller.get("Linkedid") ?? "";
    await expectStillWaiting(linkedId, caller.get("Channel")!);

    const events = handoffEvents(linkedId);
    expect(events.map(([name]) => name)).toEqual([USER_EVENTS.transferFailed, USER_EVENTS.recallFailed, USER_EVENTS.callerHeld]);
    expect(events[0]![1]).toMatchObject({ Target: target, DialStatus: "CHANUNAVAIL", Next: NEXT_STEPS.recall, RecallTo: `PJSIP/${recallTo}` });
    expect(events[1]![1]).toMatchObject({ RecallTo: `PJSIP/${recallTo}`, DialStatus: "CHANUNAVAIL" });
    expect(events[2]![1]).toMatchObject(held);
    // The customer's own half plays on: the call is alive at both ends.
    expect((await channelsNow()).get(caller.get("Channel")!.replace(/;2$/, ";1"))).toBe("Wait");
  });

  it("a bot handoff to an agent who cannot answer: the fallback queue, never a recall, even with a stale BLINDTRANSFER", async (ctx) => {
    const { recallTo, target } = await requireNobodyRegistered(() => ctx.skip());
    const prefix = `Local/s@${DEMO_CONTEXTS.bot}`;
    await ami.send("Originate", { Channel: prefix, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550102>", Async: "true" });
    const caller = await channelNamed(`${prefix}-`, ";2");
    const name = caller.get("Channel")!;
    await expect.poll(async () => (await channelsNow()).get(name), { timeout: 5000 }).toBe("Wait");
    // As if an agent had once blind-transferred this caller to the bot: the handoff must not ring that agent.
    await ami.send("Setvar", { Channel: name, Variable: "BLINDTRANSFER", Value: `PJSIP/${recallTo}-00000001` });
    // Exactly what the server does: Redirect into handoff-handoff with the target's extension.
    await ami.send("Redirect", { Channel: name, Context: HANDOFF_CONTEXTS.handoff, Exten: target, Priority: 1 });
    const linkedId = caller.get("Linkedid") ?? "";
    await expectStillWaiting(linkedId, name);

    const events = handoffEvents(linkedId);
    expect(events.map(([event]) => event)).toEqual([USER_EVENTS.transferFailed, USER_EVENTS.callerHeld]);
    expect(events[0]![1]).toMatchObject({ Target: target, DialStatus: "CHANUNAVAIL", Next: NEXT_STEPS.fallback, RecallTo: "" });
    expect(events[1]![1]).toMatchObject(held);
  });

  it("a bot handoff to something that is not a number fails at once into the fallback queue", async () => {
    const prefix = `Local/s@${DEMO_CONTEXTS.bot}`;
    await ami.send("Originate", { Channel: prefix, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550103>", Async: "true" });
    const caller = await channelNamed(`${prefix}-`, ";2");
    const name = caller.get("Channel")!;
    await expect.poll(async () => (await channelsNow()).get(name), { timeout: 5000 }).toBe("Wait");
    await ami.send("Redirect", { Channel: name, Context: HANDOFF_CONTEXTS.handoff, Exten: "12a", Priority: 1 });
    const linkedId = caller.get("Linkedid") ?? "";
    await expectStillWaiting(linkedId, name);
    const events = handoffEvents(linkedId);
    expect(events.map(([event]) => event)).toEqual([USER_EVENTS.transferFailed, USER_EVENTS.callerHeld]);
    expect(events[0]![1]).toMatchObject({ Target: "12", DialStatus: "INVALID", Next: NEXT_STEPS.fallback });
  });

  /** A customer talking to the outside line; returns the channel a BlindTransfer moves the customer away from. */
  async function customerOnOutsideLine(): Promise<{ transferer: string; caller: string; linkedId: string }> {
    const prefix = `Local/0612345678@${DEMO_CONTEXTS.agents}`;
    await ami.send("Originate", { Channel: prefix, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550104>", Async: "true" });
    await expect.poll(() => seen.some((e) => e.event === "BridgeEnter" && (e.get("Channel") ?? "").startsWith(`${prefix}-`)), { timeout: 5000 }).toBe(true);
    const transferer = seen.find((e) => e.event === "BridgeEnter" && (e.get("Channel") ?? "").startsWith(`${prefix}-`))!;
    const caller = seen.find((e) => e.event === "BridgeEnter" && (e.get("Channel") ?? "").startsWith(`Local/0612345678@${DEMO_CONTEXTS.outside}-`))!;
    return { transferer: transferer.get("Channel")!, caller: caller.get("Channel")!, linkedId: transferer.get("Linkedid") ?? "" };
  }

  it("a real blind transfer to an unknown number goes through the catch-all to the fallback queue", async () => {
    const { transferer, caller, linkedId } = await customerOnOutsideLine();
    await ami.send("BlindTransfer", { Channel: transferer, Exten: "123", Context: HANDOFF_CONTEXTS.transfer });
    await expectStillWaiting(linkedId, caller);
    const events = handoffEvents(linkedId);
    expect(events.map(([event]) => event)).toEqual([USER_EVENTS.transferFailed, USER_EVENTS.callerHeld]);
    // The transferer is a Local channel here, not an agent's phone: nobody to ring back.
    expect(events[0]![1]).toMatchObject({ Target: "123", DialStatus: "INVALID", Next: NEXT_STEPS.fallback, RecallTo: "" });
  });

  it("an unknown number cannot smuggle fields into the server's event", async () => {
    const { transferer, caller, linkedId } = await customerOnOutsideLine();
    await ami.send("BlindTransfer", { Channel: transferer, Exten: "9,Next: back", Context: HANDOFF_CONTEXTS.transfer });
    await expectStillWaiting(linkedId, caller);
    const [failed] = handoffEvents(linkedId);
    expect(failed?.[1]).toMatchObject({ UserEvent: USER_EVENTS.transferFailed, Target: "9", DialStatus: "INVALID", Next: NEXT_STEPS.fallback });
  });

  it("an unknown number after a blind transfer by an agent: recall, then the fallback queue", async (ctx) => {
    const { recallTo } = await requireNobodyRegistered(() => ctx.skip());
    const prefix = `Local/555@${HANDOFF_CONTEXTS.transfer}`;
    await ami.send("Originate", { Channel: prefix, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550105>", Variable: `BLINDTRANSFER=PJSIP/${recallTo}-0000000a`, Async: "true" });
    const caller = await channelNamed(`${prefix}-`, ";2");
    const linkedId = caller.get("Linkedid") ?? "";
    await expectStillWaiting(linkedId, caller.get("Channel")!);
    const events = handoffEvents(linkedId);
    expect(events.map(([event]) => event)).toEqual([USER_EVENTS.transferFailed, USER_EVENTS.recallFailed, USER_EVENTS.callerHeld]);
    expect(events[0]![1]).toMatchObject({ Target: "555", DialStatus: "INVALID", Next: NEXT_STEPS.recall, RecallTo: `PJSIP/${recallTo}` });
  });
});
