import { createHash, randomBytes } from "node:crypto";
import WebSocket from "ws";
import type { PbxConnection } from "./connection";

/**
 * Tests only: a SIP client of a few lines over Asterisk's WebSocket transport, as a softphone connects, that
 * sends what a real phone never would (hostile numbers; a spent credential). It answers the digest challenge
 * and never sends SDP, so a call it places reaches the dialplan but carries no media.
 */
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

export class RawSipPhone {
  private constructor(private readonly connection: PbxConnection, private readonly ws: WebSocket, readonly extension: string, private readonly password: string) {}

  static async open(connection: PbxConnection, extension: string, password: string): Promise<RawSipPhone> {
    const ws = new WebSocket(connection.sipWsUrl, "sip");
    await new Promise<void>((resolve, reject) => { ws.once("open", () => resolve()); ws.once("error", reject); });
    return new RawSipPhone(connection, ws, extension, password);
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
    const connection = this.connection;
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
