import { AmiActionError, type AmiClient } from "../ami";

/**
 * Plays one of the channel's attended-transfer feature codes (random per channel, see dialplan/
 * handoff-transfer-codes) to Asterisk as DTMF received from the phone, as the agent's own keypad would.
 * Asterisk acts on it only inside a consultation: anywhere else the digits do nothing.
 */
export async function playFeatureCode(ami: AmiClient, channel: string, feature: "atxfercomplete" | "atxferthreeway"): Promise<void> {
  const code = (await ami.send("Getvar", { Channel: channel, Variable: `FEATURE(${feature})` })).response.get("Value") ?? "";
  if (!/^[0-9*#]+$/.test(code)) throw new AmiActionError("Getvar", `no ${feature} code on ${channel}`);
  // Sent together: the AMI link keeps their order, and Asterisk's digit timeout runs between them.
  await Promise.all([...code].map((digit) => ami.send("PlayDTMF", { Channel: channel, Digit: digit, Receive: "yes" })));
}
