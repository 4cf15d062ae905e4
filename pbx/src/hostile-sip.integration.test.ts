import { createHash, randomBytes } from "node:crypto";
import { AmiClient } from "@handoff/server/ami";
import { SipAuthTable, SipCredentials, WsRegistrar } from "@handoff/server/sip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { loadPbxConnection, sipAuthDbOf } from "./connection";
import { HOSTILE_TARGETS } from "./hostile-targets";

// A hostile phone: authenticates as an agent over the WebSocket transport (as a softphone does) and sends INVITEs
// whose number carries separators, context names, overlong digits, unicode and feature codes. Each must be refused
// without any channel beyond the agent's own, checked in Asterisk's channel list after each attempt.
const connection = loadPbxConnection();
const generated = connection.provider !== "env";
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

class HostilePhone {
  private constructor(private readonly ws: WebSocket, readonly extension: string, private readonly password: string) {}

  static async open(extension: string, password: string): Promise<HostilePhone> {
    const ws = new WebSocket(connection.sipWsUrl, "sip");
    await new Promise<void>((resolve, reject) => { ws.once("open", () => resolve()); ws.once("error", reject); });
    return new HostilePhone(ws, extension, password);
  }

  private next(match: (text: string) => boolean, timeoutMs = 3000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.ws.off("message", on); reject(new Error("no SIP answer")); }, timeoutMs);
      const on = (data: WebSocket.RawData) => {
        const text = data.toString();
        if (!match(text)) return;
        clearTimeout(timer);
        this.ws.off("message", on);
        resolve(text);
      };
      this.ws.on("message", on);
    });
  }

  /** INVITE (no SDP) to `user`, answering the digest challenge; resolves with the final status line. */
  async invite(user: string): Promise<string> {
    const uri = `sip:${user}@${connection.sipDomain}`;
    const callId = randomBytes(8).toString("hex");
    const tag = randomBytes(4).toString("hex");
    const request = (cseq: number, auth?: string) =>
      [`INVITE ${uri} SIP/2.0`, `Via: SIP/2.0/WS hostile.invalid;branch=z9hG4bK${randomBytes(6).toString("hex")};rport`, "Max-Forwards: 70",
        `To: <${uri}>`, `From: <sip:${this.extension}@${connection.sipDomain}>;tag=${tag}`, `Call-ID: ${callId}`, `CSeq: ${cseq} INVITE`,
        `Contact: <sip:${this.extension}@hostile.invalid;transport=ws>`, ...(auth ? [`Authorization: ${auth}`] : []), "Content-Length: 0", "", ""].join("\r\n");
    const final = (text: string) => text.includes(`Call-ID: ${callId}`) && /^SIP\/2\.0 [2-6]\d\d/.test(text);
    let answer = this.next(final);
    this.ws.send(request(1));
    let text = await answer;
    if (/^SIP\/2\.0 401/.test(text)) {
      this.ws.send(`ACK ${uri} SIP/2.0\r\nVia: SIP/2.0/WS hostile.invalid;branch=z9hG4bKack${tag}\r\nTo: <${uri}>\r\nFrom: <sip:${this.extension}@${connection.sipDomain}>;tag=${tag}\r\nCall-ID: ${callId}\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n`);
      const realm = /realm="([^"]+)"/.exec(text)?.[1] ?? "";
      const nonce = /nonce="([^"]+)"/.exec(text)?.[1] ?? "";
      const cnonce = randomBytes(4).toString("hex");
      const response = md5(`${md5(`${this.extension}:${realm}:${this.password}`)}:${nonce}:00000001:${cnonce}:auth:${md5(`INVITE:${uri}`)}`);
      answer = this.next(final);
      this.ws.send(request(2, `Digest username="${this.extension}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"`));
      text = await answer;
    }
    return text.split("\r\n")[0] ?? "";
  }

  close(): void {
    this.ws.close();
  }
}

describe.skipIf(!generated)("a hostile phone dialling through the agents' context", () => {
  let ami: AmiClient;
  let phone: HostilePhone;
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
    phone = await HostilePhone.open(endpoint.extension, sip.authorizationPassword);
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
