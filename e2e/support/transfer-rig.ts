import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import type { AmiClient } from "../../server/src/ami";
import { startTestServer, type TestServer } from "../../server/test/support/test-server";
import { AgentSession } from "./agent-session";
import type { AppPage } from "./app-page";
import type { HarnessPage } from "./harness-page";
import { callAgentAsCustomer, connectTestAmi, customerPartners, expectAudioFlows, liveChannels } from "./pbx";

/** Where recorded journeys go: the server's unit tests replay them (server/test/fixtures/journeys/README.md). */
const JOURNEYS = new URL("../../server/test/fixtures/journeys/", import.meta.url);

/**
 * The parts a transfer spec works with: the real server (behind a recording AMI proxy),
 * the test AMI user, and agents signed in with their phones in Chromium pages.
 */
export class TransferRig {
  sessions: AgentSession[] = [];

  private constructor(
    public server: TestServer,
    public ami: AmiClient,
    readonly ringSeconds: number,
  ) {}

  static async start(ringSeconds: number, env: Record<string, string> = {}): Promise<TransferRig> {
    const ami = await connectTestAmi();
    // Shorter ring times for no-answer cases; the dialplan reads these globals at dial time.
    await ami.send("Setvar", { Variable: "HANDOFF_TRANSFER_RING_SECONDS", Value: String(ringSeconds) });
    await ami.send("Setvar", { Variable: "HANDOFF_RECALL_RING_SECONDS", Value: String(ringSeconds) });
    await ami.send("Setvar", { Variable: "HANDOFF_HOLD_RETRY_SECONDS", Value: "3" });
    const server = await startTestServer({ HANDOFF_TRANSFER_RING_SECONDS: String(ringSeconds), ...env });
    return new TransferRig(server, ami, ringSeconds);
  }

  /** After an Asterisk restart: the globals are back to their defaults. */
  async reconnectAmi(): Promise<void> {
    await this.ami.close().catch(() => undefined);
    this.ami = await connectTestAmi();
    await this.ami.send("Setvar", { Variable: "HANDOFF_TRANSFER_RING_SECONDS", Value: String(this.ringSeconds) });
    await this.ami.send("Setvar", { Variable: "HANDOFF_RECALL_RING_SECONDS", Value: String(this.ringSeconds) });
    await this.ami.send("Setvar", { Variable: "HANDOFF_HOLD_RETRY_SECONDS", Value: "3" });
  }

  async stop(): Promise<void> {
    for (const [name, value] of [["HANDOFF_TRANSFER_RING_SECONDS", "20"], ["HANDOFF_RECALL_RING_SECONDS", "30"], ["HANDOFF_HOLD_RETRY_SECONDS", "10"]] as const) {
      await this.ami.send("Setvar", { Variable: name, Value: value }).catch(() => undefined);
    }
    await this.server.close();
    await this.ami.close();
  }

  /** Every test starts from idle phones and no channels. */
  async tidy(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.close()));
    this.sessions = [];
    this.server.proxy.delayToServerMs = 0;
    await this.ami.send("Hangup", { Channel: "/^(PJSIP|Local)\\//" }).catch(() => undefined);
    await expect.poll(async () => (await liveChannels(this.ami)).length).toBe(0);
  }

  async agent(browser: Browser, username: string, withPhone = true, wsServer?: string): Promise<AgentSession> {
    const session = await AgentSession.signIn(this.server, username);
    this.sessions.push(session);
    if (withPhone) {
      const phone = await session.openPhone(browser, wsServer);
      await expect.poll(() => phone.registration()).toBe("registered");
    }
    return session;
  }

  /** A customer call to the agent, answered and bridged: returns the SIP Call-ID the agent's phone sees. */
  async customerOn(session: AgentSession, customer = "5550100"): Promise<string> {
    await callAgentAsCustomer(this.ami, session.extension ?? "", customer);
    const { sipCallId } = await answer(phoneOf(session));
    // The phone shows "active" at 200 OK; Asterisk bridges the two legs a moment later.
    await expect.poll(() => this.customerPartners()).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${session.extension}-`))]);
    return sipCallId;
  }

  /** The same, with the call as the agent's phone lists it. */
  async customerCallOn(session: AgentSession): Promise<{ phone: HarnessPage; callId: string; sipCallId: string }> {
    const sipCallId = await this.customerOn(session);
    const phone = phoneOf(session);
    const call = (await phone.calls()).find((c) => c.sipCallId === sipCallId);
    if (call === undefined) throw new Error(`the answered call is not on ${session.username}'s phone`);
    return { phone, callId: call.id, sipCallId };
  }

  /**
   * A blind transfer of the customer from `from` to `to` that must work: Asterisk bridges the
   * customer with `to`, audio flows there, and `from`'s phone gets the BYE and clears the call.
   */
  async blindTransferWorks(from: AgentSession, sipCallId: string, to: AgentSession): Promise<void> {
    const response = await from.transfer(sipCallId, { kind: "agent", value: to.username }, "blind");
    expect(response.status, JSON.stringify(response.body)).toBe(202);
    await answer(phoneOf(to));
    await expect.poll(() => this.customerPartners()).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${to.extension}-`))]);
    await this.audioFlows(`PJSIP/${to.extension}-`);
    await expect.poll(async () => (await phoneOf(from).calls()).length, { timeout: 10_000 }).toBe(0);
  }

  /** A customer call to the agent signed in on `app`, answered there by keyboard (A) and bridged. */
  async customerOnApp(app: AppPage, extension: string, customer = "5550100"): Promise<void> {
    await callAgentAsCustomer(this.ami, extension, customer);
    await expect(app.currentCall).toContainText(customer);
    await app.keys("a");
    await expect(app.currentCall).toContainText("active");
    await expect.poll(() => this.customerPartners()).toEqual([expect.stringMatching(new RegExp(`^PJSIP/${extension}-`))]);
  }

  /** The agent hangs up in the app (H): Asterisk has no channel left, and the app no call. */
  async hangUpInApp(app: AppPage): Promise<void> {
    await app.keys("h");
    await expect.poll(async () => (await liveChannels(this.ami)).length).toBe(0);
    await expect(app.currentCall).toContainText("No call");
  }

  /** Who shares a bridge with the test customer, as Asterisk lists it. */
  customerPartners(): Promise<string[]> {
    return customerPartners(this.ami);
  }

  audioFlows(channelPrefix: string): Promise<void> {
    return expectAudioFlows(this.ami, channelPrefix);
  }

  /** The customer's channel: gone means the caller was dropped (or hung up). */
  async customerChannel(): Promise<{ channel: string; application: string; context: string } | undefined> {
    const customer = (await liveChannels(this.ami)).find((c) => /^Local\/\d+@handoff-inbound-.*;2$/.test(c.get("Channel") ?? ""));
    if (customer === undefined) return undefined;
    return { channel: customer.get("Channel") ?? "", application: customer.get("Application") ?? "", context: customer.get("Context") ?? "" };
  }

  /** A caller talking to the stand-in voice bot; returns the bot-side channel the bot hands off. */
  async botCaller(customer: string): Promise<string> {
    await this.ami.send("Originate", { Channel: "Local/s@handoff-bot", Context: "handoff-customer", Exten: "s", Priority: 1, CallerID: `Customer <${customer}>`, Async: "true" });
    let channel = "";
    await expect.poll(async () => (channel = (await liveChannels(this.ami)).find((c) => /^Local\/s@handoff-bot-.*;2$/.test(c.get("Channel") ?? ""))?.get("Channel") ?? "")).not.toBe("");
    return channel;
  }

  async partnersOf(channel: string): Promise<string[]> {
    const channels = await liveChannels(this.ami);
    const bridge = channels.find((c) => c.get("Channel") === channel)?.get("BridgeId");
    return bridge ? channels.filter((c) => c.get("BridgeId") === bridge && c.get("Channel") !== channel).map((c) => c.get("Channel") ?? "") : [];
  }

  /**
   * Runs a journey; with HANDOFF_RECORD_JOURNEYS=1 its AMI traffic is kept as a fixture named `name`
   * (a journey that fails is kept in e2e/results/journeys/ instead, to look at).
   */
  async journey(name: string, run: () => Promise<void>): Promise<void> {
    const recording = process.env.HANDOFF_RECORD_JOURNEYS === "1";
    if (recording) this.server.proxy.startRecording();
    let passed = false;
    try {
      await run();
      passed = true;
    } finally {
      if (recording) {
        const dir = passed ? JOURNEYS : new URL("../results/journeys/", import.meta.url);
        mkdirSync(dir, { recursive: true });
        writeFileSync(new URL(`${name}.jsonl`, dir), this.server.proxy.stopRecording().map((m) => JSON.stringify(m)).join("\n") + "\n");
      }
    }
  }
}

/**
 * One rig for a whole spec file: started before its tests, tidied after each, stopped at the end.
 * Specs using it run serially (one PBX, one set of demo extensions).
 */
export function useTransferRig(ringSeconds: number, env: () => Record<string, string> = () => ({})): () => TransferRig {
  let rig: TransferRig | undefined;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    rig = await TransferRig.start(ringSeconds, env());
  });
  test.afterAll(async () => {
    await rig?.stop();
  });
  test.afterEach(async () => {
    await rig?.tidy();
  });
  return () => {
    if (rig === undefined) throw new Error("the transfer rig is used outside a test");
    return rig;
  };
}

export function phoneOf(session: AgentSession): HarnessPage {
  if (session.phone === null) throw new Error(`${session.username} has no phone open`);
  return session.phone;
}

export async function ringing(phone: HarnessPage) {
  await expect.poll(async () => (await phone.calls()).filter((c) => c.phase === "ringing").length, { timeout: 20_000 }).toBeGreaterThan(0);
  const call = (await phone.calls()).find((c) => c.phase === "ringing");
  if (call === undefined) throw new Error("the ringing call vanished");
  return call;
}

export async function answer(phone: HarnessPage) {
  const call = await ringing(phone);
  await phone.answer(call.id);
  await expect.poll(async () => (await phone.calls()).find((c) => c.id === call.id)?.phase).toBe("active");
  return call;
}
