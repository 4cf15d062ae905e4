import type { VisitorCallResponse } from "@handoff/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPbxConnection, sipAuthDbOf } from "../../pbx/src/connection";
import { RawSipPhone } from "../../pbx/src/raw-sip-phone";
import { AmiClient } from "../src/ami";
import { SipAuthTable } from "../src/sip/auth-table";
import { startTestServer, type TestServer } from "./support/test-server";

/**
 * Website visitors' lines on the real Asterisk, credentials issued by the real server: a credential reaches the
 * bot once; nothing else is reachable from a visitor line; a spent or expired credential starts nothing.
 */
const SITE = "https://shop.example.com";
const connection = loadPbxConnection();
let server: TestServer;
let ami: AmiClient;
/** Read only: what Asterisk checks a visitor's digest against. */
let authTable: SipAuthTable;
const phones: RawSipPhone[] = [];

const channels = async () => (await ami.send("CoreShowChannels")).events.map((e) => ({ name: e.get("Channel") ?? "", context: e.get("Context") ?? "" }));
const visitorChannels = async () => (await channels()).filter((c) => c.name.startsWith("PJSIP/visitor-"));

async function credential(): Promise<VisitorCallResponse> {
  const response = await fetch(`${server.url}/api/visitor-calls`, { method: "POST", headers: { origin: SITE } });
  expect(response.status).toBe(200);
  return (await response.json()) as VisitorCallResponse;
}

async function phoneWith(call: VisitorCallResponse): Promise<RawSipPhone> {
  const phone = await RawSipPhone.open(connection, call.sip.authorizationUsername, call.sip.authorizationPassword);
  phones.push(phone);
  return phone;
}

beforeAll(async () => {
  server = await startTestServer({ HANDOFF_WIDGET_ORIGINS: SITE, HANDOFF_VISITOR_CREDENTIAL_SECONDS: "2", HANDOFF_VISITOR_CALLS_PER_ADDRESS_PER_MINUTE: "50" });
  if (connection.amiTest === null) throw new Error("these tests need the test AMI user (the local PBX has one)");
  ami = await AmiClient.connect({ ...connection.amiTest, allowedActions: new Set(["CoreShowChannels", "Hangup"]), reconnect: false, keepaliveMs: false });
  authTable = new SipAuthTable(sipAuthDbOf(connection));
});

afterEach(async () => {
  for (const phone of phones.splice(0)) phone.close();
  await ami.send("Hangup", { Channel: "/^PJSIP\\/visitor-/" }).catch(() => undefined);
  await expect.poll(visitorChannels).toEqual([]);
});

afterAll(async () => {
  authTable?.close();
  await ami?.close();
  await server?.close();
});

describe("a website visitor's line", () => {
  it("reaches the bot with its credential, once: the same credential cannot start a second call", async () => {
    const call = await credential();
    const phone = await phoneWith(call);
    // No SDP, so no media: the dialplan is reached all the same, and the line's channel exists.
    await phone.invite("bot");
    await expect.poll(visitorChannels).toEqual([expect.objectContaining({ name: expect.stringMatching(new RegExp(`^PJSIP/${call.sip.authorizationUsername}-`)) })]);
    // Once the server has seen the call, the credential itself is spent: Asterisk's auth table no longer has it.
    await expect.poll(() => authTable.passwordOf(call.sip.authorizationUsername)).not.toBe(call.sip.authorizationPassword);
    expect(await (await phoneWith(call)).invite("bot")).toMatch(/^SIP\/2\.0 (401|403)/);
    expect(await visitorChannels()).toHaveLength(1);
  });

  it("two calls at once with one credential: one reaches the bot, the other is refused (the line's one-call guard, or the spent password)", async () => {
    const call = await credential();
    const [first, second] = await Promise.all([phoneWith(call), phoneWith(call)]);
    const statuses = await Promise.all([first.invite("bot"), second.invite("bot")]);
    expect(statuses.filter((status) => /^SIP\/2\.0 (486|401|403)/.test(status)), statuses.join(" / ")).toHaveLength(1);
    await expect.poll(async () => (await visitorChannels()).length).toBe(1);
  });

  it("dials nothing but the bot: agents, queues, outside numbers, feature codes, context names are refused with no channel", async () => {
    const created: string[] = [];
    const off = ami.onEvent((event) => {
      if (event.event === "Newchannel" && (event.get("Channel") ?? "").startsWith("PJSIP/visitor-")) created.push(event.get("Channel") ?? "");
    });
    // One credential for all: a refused INVITE creates no channel, so it does not spend it (nor the line).
    const phone = await phoneWith(await credential());
    try {
      for (const user of ["1001", "2000", "0612345678", "+33612345678", "*77", "*8", "handoff-agents", "s", "0", "bot%40handoff-agents", "bot%2Chandoff-agents"]) {
        const status = await phone.invite(user).catch((error: unknown) => `no answer (${String(error)})`);
        expect(status, user).toMatch(/^SIP\/2\.0 (403|404|484)/);
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(created).toEqual([]);
    } finally {
      off();
    }
  });

  it("a credential nobody called with is void once its time is up", async () => {
    const phone = await phoneWith(await credential());
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await phone.invite("bot")).toMatch(/^SIP\/2\.0 (401|403)/);
    expect(await visitorChannels()).toEqual([]);
  });

  it("refuses a page of another origin, and issues nothing", async () => {
    const response = await fetch(`${server.url}/api/visitor-calls`, { method: "POST", headers: { origin: "https://evil.example" } });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("forbidden");
  });
});
