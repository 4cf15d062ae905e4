import { expect, test } from "@playwright/test";
import { startTestServer } from "../../server/test/support/test-server";
import { AgentSession } from "../support/agent-session";
import { HarnessPage } from "../support/harness-page";
import { callAgentAsCustomer, connectTestAmi, liveChannels, rtpCounters } from "../support/pbx";

test("a customer call reaches agent 1001 in Chromium over WebRTC, carries audio both ways, and leaves nothing behind", async ({ page }) => {
  const ami = await connectTestAmi();
  // The phone registers with the SIP credential of alice's sign-in (1001): there is no other.
  const server = await startTestServer();
  const alice = await AgentSession.signIn(server, "alice");
  const agentApp = new HarnessPage(page);
  try {
    if (alice.sip === null) throw new Error("alice's login gave no SIP credential");
    await agentApp.open(alice.sip);
    await expect.poll(() => agentApp.registration()).toBe("registered");

    await callAgentAsCustomer(ami, "1001", "5550100");
    await expect.poll(async () => (await agentApp.calls()).map((c) => c.phase)).toEqual(["ringing"]);
    const [ringing] = await agentApp.calls();
    if (ringing === undefined) throw new Error("the call vanished while ringing");
    expect(ringing.remote.number).toBe("5550100");
    expect(ringing.sipCallId).toMatch(/\S+/);
    await agentApp.answer(ringing.id);
    await expect.poll(async () => (await agentApp.calls()).map((c) => c.phase)).toEqual(["active"]);

    // Asterisk's view: the agent's channel is up and bridged with the customer.
    const agent = (await liveChannels(ami)).find((c) => c.get("Channel")?.startsWith("PJSIP/1001-"));
    expect(agent?.get("ChannelStateDesc")).toBe("Up");
    expect(agent?.get("BridgeId")).toMatch(/\S+/);
    const agentChannel = agent?.get("Channel") ?? "";

    // Media: packets must keep arriving at both ends, each end counting for itself.
    const pbxBefore = await rtpCounters(ami, agentChannel);
    const browserBefore = await agentApp.audioStats(ringing.id);
    await page.waitForTimeout(2_000);
    const pbxAfter = await rtpCounters(ami, agentChannel);
    const browserAfter = await agentApp.audioStats(ringing.id);
    // 20 ms packets: 2 s is ~100 each way; demand well over a third of that.
    expect(pbxAfter.received - pbxBefore.received, "RTP from the browser reaching Asterisk").toBeGreaterThan(40);
    expect(pbxAfter.sent - pbxBefore.sent, "RTP from Asterisk leaving for the browser").toBeGreaterThan(40);
    expect(browserAfter.packetsReceived - browserBefore.packetsReceived, "RTP arriving in the browser").toBeGreaterThan(40);
    expect(browserAfter.packetsSent - browserBefore.packetsSent, "RTP sent by the browser").toBeGreaterThan(40);

    await agentApp.hangup(ringing.id);
    await expect.poll(async () => (await agentApp.calls()).length).toBe(0);
    await expect
      .poll(async () => (await liveChannels(ami)).map((c) => c.get("Channel")).filter((name) => /^(PJSIP\/1001-|Local\/1001@handoff-inbound)/.test(name ?? "")))
      .toEqual([]);
  } finally {
    await agentApp.stop().catch(() => undefined);
    await alice.close();
    await server.close();
    await ami.close();
  }
});
