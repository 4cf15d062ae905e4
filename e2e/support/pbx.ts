import { expect } from "@playwright/test";
import { AmiClient, type AmiMessage } from "../../server/src/ami";
import { loadPbxConnection, type PbxConnection } from "../../pbx/src/connection";

/** What the tests may do to the PBX: create and inspect calls. The server's AMI user can do neither. */
const TEST_ACTIONS = new Set(["Originate", "Hangup", "CoreShowChannels", "Getvar", "Setvar", "Status", "Command"]);

export function pbx(): PbxConnection {
  return loadPbxConnection();
}

export async function connectTestAmi(): Promise<AmiClient> {
  const { amiTest } = pbx();
  if (amiTest === null) throw new Error("This PBX has no test AMI user: set HANDOFF_AMI_TEST_USERNAME/SECRET or use the local PBX.");
  return AmiClient.connect({ ...amiTest, allowedActions: TEST_ACTIONS, keepaliveMs: false });
}

/** An inbound customer call to an agent, playing known audio (see pbx/README.md). */
export async function callAgentAsCustomer(ami: AmiClient, extension: string, customer = "5550100"): Promise<void> {
  await ami.send("Originate", {
    Channel: `Local/${extension}@handoff-inbound`,
    Context: "handoff-customer",
    Exten: "s",
    Priority: 1,
    CallerID: `Customer <${customer}>`,
    Async: "true",
    Timeout: 30_000,
  });
}

/** The contact Asterisk would dial for an extension ("" when no phone is registered there). */
export async function contactOf(ami: AmiClient, extension: string): Promise<string> {
  const reply = await ami.send("Getvar", { Variable: `PJSIP_DIAL_CONTACTS(${extension})` });
  return reply.response.get("Value") ?? "";
}

export async function liveChannels(ami: AmiClient): Promise<AmiMessage[]> {
  return (await ami.send("CoreShowChannels")).events;
}

export interface RtpCounters {
  received: number;
  sent: number;
}

/** Asterisk's own RTP packet counters for a channel, from CHANNEL(rtcp,all). */
export async function rtpCounters(ami: AmiClient, channel: string): Promise<RtpCounters> {
  const reply = await ami.send("Getvar", { Channel: channel, Variable: "CHANNEL(rtcp,all)" });
  const value = reply.response.get("Value") ?? "";
  const field = (name: string) => {
    const match = new RegExp(`(?:^|;)${name}=(\\d+)`).exec(value);
    if (match?.[1] === undefined) throw new Error(`No ${name} in CHANNEL(rtcp,all) of ${channel}: "${value}"`);
    return Number(match[1]);
  };
  return { received: field("rxcount"), sent: field("txcount") };
}

/** Who shares a bridge with the test customer's channel (Local/<ext>@handoff-inbound;2), as Asterisk lists it. */
export async function customerPartners(ami: AmiClient): Promise<string[]> {
  const channels = await liveChannels(ami);
  const customer = channels.find((c) => /^Local\/\d+@handoff-inbound-.*;2$/.test(c.get("Channel") ?? ""));
  if (!customer?.get("BridgeId")) return [];
  return channels.filter((c) => c.get("BridgeId") === customer.get("BridgeId") && c !== customer).map((c) => c.get("Channel") ?? "");
}

/** Asserts that RTP keeps flowing both ways on the first channel whose name starts with the prefix. */
export async function expectAudioFlows(ami: AmiClient, channelPrefix: string): Promise<void> {
  const channel = (await liveChannels(ami)).find((c) => c.get("Channel")?.startsWith(channelPrefix))?.get("Channel") ?? "";
  const before = await rtpCounters(ami, channel);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const after = await rtpCounters(ami, channel);
  // 20 ms packets: 1.5 s is ~75 each way; demand well over a third of that.
  expect(after.received - before.received, `RTP from ${channel}`).toBeGreaterThan(30);
  expect(after.sent - before.sent, `RTP to ${channel}`).toBeGreaterThan(30);
}
