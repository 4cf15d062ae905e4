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

export function sipCredentials(extension: string) {
  const connection = pbx();
  const endpoint = connection.endpoints.find((e) => e.extension === extension);
  if (endpoint === undefined) throw new Error(`No SIP password known for ${extension}: is the local PBX up?`);
  return {
    wsServer: connection.sipWsUrl,
    aor: `sip:${extension}@${connection.sipDomain}`,
    authorizationUsername: extension,
    authorizationPassword: endpoint.password,
    displayName: `Agent ${extension}`,
  };
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
  const value = reply.response.Value ?? "";
  const field = (name: string) => {
    const match = new RegExp(`(?:^|;)${name}=(\\d+)`).exec(value);
    if (match?.[1] === undefined) throw new Error(`No ${name} in CHANNEL(rtcp,all) of ${channel}: "${value}"`);
    return Number(match[1]);
  };
  return { received: field("rxcount"), sent: field("txcount") };
}
