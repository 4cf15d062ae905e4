import { DIAL_RULES, HANDOFF_CONTEXTS, TRANSFER_CODE_DIGITS, USER_EVENTS } from "@handoff/dialplan";
import { AmiClient } from "@handoff/server/ami";
import type { AmiMessage } from "@handoff/server/ami";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPbxConnection } from "./connection";
import { DEMO_CONTEXTS } from "./config/contexts";

// Phones cannot move calls by DTMF: the global featuremap has no transfer code, agents' channels carry random
// per-channel codes that only AMI Atxfer/CancelAtxfer use. Runs on the shared Asterisk: it only hangs up its own calls.
const connection = loadPbxConnection();
const generated = connection.provider !== "env";
const ACTIONS = new Set(["Originate", "Hangup", "CoreShowChannels", "Getvar", "PlayDTMF", "Atxfer", "CancelAtxfer", "BlindTransfer"]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!generated)("transfers only through AMI", () => {
  let ami: AmiClient;
  let seen: AmiMessage[] = [];
  let mine: string[] = [];

  beforeAll(async () => {
    if (!connection.amiTest) throw new Error("the generated PBX always has a test AMI user");
    ami = await AmiClient.connect({ ...connection.amiTest, allowedActions: ACTIONS, reconnect: false, keepaliveMs: false });
    ami.onEvent((event) => {
      if (["Newchannel", "Hangup", "AttendedTransfer", "BlindTransfer", "UserEvent", "DialBegin"].includes(event.event ?? "")) seen.push(event);
    });
  });

  afterEach(async () => {
    // Only this file's calls: every channel of their Linkedid (the shared Asterisk carries other runs' calls).
    for (const c of await channels()) if (mine.includes(c.get("Linkedid") ?? "")) await ami.send("Hangup", { Channel: c.get("Channel") ?? "" }).catch(() => undefined);
    mine = [];
    seen = [];
  });

  afterAll(async () => {
    await ami?.close();
  });

  async function channels(): Promise<AmiMessage[]> {
    return (await ami.send("CoreShowChannels")).events;
  }

  /** An agent-side channel (it dialled out from handoff-agents, like a softphone) talking to the outside line. */
  async function agentOnCall(number: string): Promise<{ agent: string; customer: string; linkedId: string }> {
    await ami.send("Originate", { Channel: `Local/${number}@${DEMO_CONTEXTS.agents}`, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550199>", Async: "true" });
    let agent: AmiMessage | undefined;
    await expect
      .poll(async () => {
        agent = (await channels()).find((c) => (c.get("Channel") ?? "").startsWith(`Local/${number}@${DEMO_CONTEXTS.agents}-`) && c.get("Channel")!.endsWith(";2") && c.get("BridgeId"));
        return agent !== undefined;
      })
      .toBe(true);
    const name = agent!.get("Channel")!;
    mine.push(agent!.get("Linkedid") ?? "");
    return { agent: name, customer: name.replace(/;2$/, ";1"), linkedId: agent!.get("Linkedid") ?? "" };
  }

  const newChannels = (linkedId: string) => seen.filter((e) => e.event === "Newchannel" && e.get("Linkedid") === linkedId).map((e) => e.get("Channel"));

  it("gives each agent channel its own random attended-transfer codes, and none for a blind transfer", async () => {
    const one = await agentOnCall("0612345601");
    const two = await agentOnCall("0612345602");
    const code = async (channel: string, variable: string) => (await ami.send("Getvar", { Channel: channel, Variable: variable })).response.get("Value") ?? "";
    const codes = [await code(one.agent, "FEATUREMAP(atxfer)"), await code(two.agent, "FEATUREMAP(atxfer)"), await code(one.agent, "FEATURE(atxferabort)")];
    for (const c of codes) expect(c).toMatch(new RegExp(`^[0-9]{${TRANSFER_CODE_DIGITS}}$`));
    expect(new Set(codes).size).toBe(3);
    expect(await code(one.agent, "FEATUREMAP(blindxfer)")).toBe("");
  });

  it("moves nothing when the phone sends the feature codes as in-call DTMF", async () => {
    const call = await agentOnCall("0612345603");
    const before = newChannels(call.linkedId).length;
    const bridge = (await channels()).find((c) => c.get("Channel") === call.agent)?.get("BridgeId");
    // PlayDTMF on the customer half of the Local pair: the agent half reads it, as from a phone's keypad.
    for (const digits of ["*2", "#1", "*1", "*3", "*4", "*8", "##", "*", "#", "*21001#", "#11001#"]) {
      for (const digit of digits) {
        await ami.send("PlayDTMF", { Channel: call.customer, Digit: digit, Duration: "80" });
        await sleep(120);
      }
      await sleep(400);
    }
    // Longer than transferdigittimeout (3 s): a started transfer would have dialled by now.
    await sleep(3500);
    expect(newChannels(call.linkedId).length, "no channel created").toBe(before);
    expect(seen.filter((e) => e.event === "AttendedTransfer" || e.event === "BlindTransfer")).toEqual([]);
    expect((await channels()).find((c) => c.get("Channel") === call.agent)?.get("BridgeId"), "still in the same bridge").toBe(bridge);
  });

  it("still starts and cancels an attended transfer through AMI Atxfer and CancelAtxfer", async () => {
    const call = await agentOnCall("0612345604");
    const consult = `Local/0612345605@${HANDOFF_CONTEXTS.transfer}-`;
    await ami.send("Atxfer", { Channel: call.agent, Context: HANDOFF_CONTEXTS.transfer, Exten: "0612345605#" });
    await expect.poll(() => newChannels(call.linkedId).some((c) => c?.startsWith(consult)), { timeout: 8000 }).toBe(true);
    await ami.send("CancelAtxfer", { Channel: call.agent });
    await expect.poll(() => seen.some((e) => e.event === "Hangup" && (e.get("Channel") ?? "").startsWith(consult)), { timeout: 8000 }).toBe(true);
    expect((await channels()).some((c) => c.get("Channel") === call.agent && c.get("BridgeId")), "the agent is back with the caller").toBe(true);
  });

  const userEvents = (linkedId: string, name: string) => seen.filter((e) => e.event === "UserEvent" && e.get("UserEvent") === name && e.get("Linkedid") === linkedId);

  it("refuses a number the dial policy blocks before any Dial, when an agent dials it", async () => {
    for (const [number, rule] of [["+8816123456", DIAL_RULES.blocked], ["0900123456", DIAL_RULES.blocked], ["+3361234567890123", DIAL_RULES.maxLength], ["+861012345678", DIAL_RULES.notAllowed]] as const) {
      await ami.send("Originate", { Channel: `Local/${number}@${DEMO_CONTEXTS.agents}`, Context: DEMO_CONTEXTS.customer, Exten: "s", Priority: 1, Async: "true" });
      await expect.poll(() => seen.some((e) => e.event === "UserEvent" && e.get("UserEvent") === USER_EVENTS.numberRefused && e.get("Number") === number), { timeout: 5000 }).toBe(true);
      const refused = seen.find((e) => e.event === "UserEvent" && e.get("Number") === number)!;
      expect(refused.get("Rule"), number).toBe(rule);
      await sleep(300);
      const linkedId = refused.get("Linkedid") ?? "";
      expect(seen.filter((e) => e.event === "DialBegin" && e.get("Linkedid") === linkedId), `${number}: no Dial`).toEqual([]);
      expect(newChannels(linkedId).filter((c) => !c?.startsWith(`Local/${number}@${DEMO_CONTEXTS.agents}-`)), `${number}: no channel beyond the Local pair`).toEqual([]);
    }
  });

  it("refuses a blocked number before any Dial when a call is transferred to it, and fails the transfer as INVALID", async () => {
    const call = await agentOnCall("0612345606");
    await ami.send("BlindTransfer", { Channel: call.agent, Context: HANDOFF_CONTEXTS.transfer, Exten: "+8816123456" });
    await expect.poll(() => userEvents(call.linkedId, USER_EVENTS.transferFailed).length, { timeout: 5000 }).toBe(1);
    expect(userEvents(call.linkedId, USER_EVENTS.numberRefused).map((e) => [e.get("Number"), e.get("Rule")])).toEqual([["+8816123456", DIAL_RULES.blocked]]);
    expect(userEvents(call.linkedId, USER_EVENTS.transferFailed)[0]?.get("DialStatus")).toBe("INVALID");
    expect(newChannels(call.linkedId).filter((c) => c?.includes("+8816123456@handoff-outside")), "never dialled out").toEqual([]);
  });
});
