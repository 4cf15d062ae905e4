import { AmiClient } from "@handoff/server/ami";
import { SipAuthTable, SipCredentials, WsRegistrar } from "@handoff/server/sip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPbxConnection, sipAuthDbOf } from "./connection";
import { HOSTILE_TARGETS } from "./hostile-targets";
import { RawSipPhone } from "./raw-sip-phone";

// A hostile phone: authenticates as an agent over the WebSocket transport (as a softphone does) and sends INVITEs
// whose number carries separators, context names, overlong digits, unicode and feature codes. Each must be refused
// without any channel beyond the agent's own, checked in Asterisk's channel list after each attempt.
const connection = loadPbxConnection();
const generated = connection.provider !== "env";
describe.skipIf(!generated)("a hostile phone dialling through the agents' context", () => {
  let ami: AmiClient;
  let phone: RawSipPhone;
  let table: SipAuthTable;
  let credentials: SipCredentials;
  const SESSION = `test:hostile-sip:${process.pid}`;
  const channelNames = async () => (await ami.send("CoreShowChannels")).events.map((e) => e.get("Channel") ?? "");

  beforeAll(async () => {
    ami = await AmiClient.connect({ ...connection.amiTest!, allowedActions: new Set(["CoreShowChannels"]), reconnect: false, keepaliveMs: false });
    // Any agent will do: it never REGISTERs. Its password is a sign-in's, issued the way the server does.
    const endpoint = connection.endpoints.at(-1)!;
    table = new SipAuthTable(sipAuthDbOf(connection));
    credentials = new SipCredentials({ table, registrar: new WsRegistrar({ wsUrl: connection.sipWsUrl, domain: connection.sipDomain }), wsServer: connection.sipWsUrl, domain: connection.sipDomain, log: console });
    const sip = await credentials.issue(SESSION, { extension: endpoint.extension, name: "Hostile" });
    phone = await RawSipPhone.open(connection, endpoint.extension, sip.authorizationPassword);
  });

  afterAll(async () => {
    phone?.close();
    await credentials?.revoke(SESSION);
    table?.close();
    await ami?.close();
  });


  it("gets past authentication: a plain number it may dial is not refused as unauthorised", async () => {
    // Without SDP the WebRTC endpoint cannot set up media, but the dialplan is reached (the call is answered or fails
    // later, not with 401/403/404): proof that the refusals below come from the dialplan, not from a failed login.
    const status = await phone.invite("0612345678");
    expect(status).not.toMatch(/^SIP\/2\.0 (401|403|404|407)/);
  });

  it.each(HOSTILE_TARGETS)("INVITE to %s is refused, with no channel beyond the agent's own", async (user) => {
    const before = new Set(await channelNames());
    const status = await phone.invite(user);
    expect(status, user).toMatch(/^SIP\/2\.0 [4-6]\d\d/);
    expect(status, `${user}: refused after the login (a failed login is challenged again), 403 being the dialplan's Hangup(21)`).not.toMatch(/^SIP\/2\.0 (401|407)/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = (await channelNames()).filter((c) => !before.has(c) && !c.startsWith(`PJSIP/${phone.extension}-`));
    expect(created, user).toEqual([]);
  });
});
