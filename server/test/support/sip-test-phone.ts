import { randomBytes } from "node:crypto";
import type { SipConfig } from "@handoff/contract";
import WebSocket from "ws";
import { digestAuthorization, parseDigestChallenge } from "../../src/sip/digest";
import { cseqOf, parseSipResponse } from "../../src/sip/sip-message";

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/**
 * An SDP answer to a WebRTC offer: the offer's first codec, ICE and DTLS attributes of a peer that will never
 * send media. Asterisk bridges the call on the 200 OK all the same: the call is up for queue and call events.
 */
function answerSdp(invite: string): string {
  const offer = invite.slice(invite.indexOf("\r\n\r\n") + 4);
  const payload = /^m=audio \d+ \S+ (\d+)/m.exec(offer)?.[1] ?? "0";
  const rtpmap = new RegExp(`^a=rtpmap:${payload} .*$`, "m").exec(offer)?.[0] ?? "a=rtpmap:0 PCMU/8000";
  const mid = /^a=mid:(.*)$/m.exec(offer)?.[1];
  const fingerprint = Array.from({ length: 32 }, () => hex(1).toUpperCase()).join(":");
  return [
    "v=0",
    `o=- ${Date.now()} 1 IN IP4 127.0.0.1`,
    "s=-",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `a=fingerprint:sha-256 ${fingerprint}`,
    `a=ice-ufrag:${hex(4)}`,
    `a=ice-pwd:${hex(12)}`,
    `m=audio 9 UDP/TLS/RTP/SAVPF ${payload}`,
    rtpmap,
    ...(mid === undefined ? [] : [`a=mid:${mid}`]),
    "a=setup:active",
    "a=rtcp-mux",
    "a=sendrecv",
    "a=candidate:1 1 UDP 2130706431 127.0.0.1 9 typ host",
    "",
  ].join("\r\n");
}

/**
 * A bare SIP phone over Asterisk's WebSocket, for tests: REGISTERs its own contact with a login answer's
 * credential (answering the digest challenge) and answers OPTIONS, as SIP.js does, so Asterisk's qualify
 * keeps its contact available. Each instance is one connection: another instance is another device.
 */
export class SipTestPhone {
  private cseq = 0;
  private readonly callId = hex(10);
  private readonly tag = hex(4);
  private readonly host = `${hex(5)}.invalid`;
  /** A hung device: connected, but answering nothing (Asterisk's qualify gets no answer). */
  deaf = false;

  /** Answer INVITEs (200 OK with an SDP answer) instead of leaving them ringing. */
  answerCalls = false;
  /** The Call-IDs of the INVITEs that reached this phone, in order. */
  readonly invites: string[] = [];
  /** INVITEs left ringing, by Call-ID, to end when they are cancelled. */
  private readonly ringing = new Map<string, string>();

  private constructor(private readonly ws: WebSocket, private readonly sip: SipConfig) {
    ws.on("error", () => undefined);
    ws.on("message", (data) => {
      const text = data.toString();
      const headerOf = (message: string, name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(message)?.[1] ?? "";
      const header = (name: string) => headerOf(text, name);
      const replyTo = (request: string, status: string, extra: string[] = [], body = "") => {
        const to = headerOf(request, "To");
        ws.send([`SIP/2.0 ${status}`, ...["Via", "From", "Call-ID", "CSeq"].map((name) => `${name}: ${headerOf(request, name)}`), `To: ${to}${/;tag=/.test(to) ? "" : `;tag=${this.tag}`}`, ...extra, `Content-Length: ${Buffer.byteLength(body)}`, "", body].join("\r\n"));
      };
      const reply = (status: string, extra: string[] = [], body = "") => replyTo(text, status, extra, body);
      if (text.startsWith("OPTIONS ") && !this.deaf) reply("200 OK");
      else if (text.startsWith("BYE ")) reply("200 OK");
      else if (text.startsWith("CANCEL ")) {
        // The caller gave up while this phone rang: end the INVITE too, or the phone would look busy until it times out.
        reply("200 OK");
        const invite = this.ringing.get(header("Call-ID"));
        this.ringing.delete(header("Call-ID"));
        if (invite !== undefined) replyTo(invite, "487 Request Terminated");
      } else if (text.startsWith("INVITE ")) {
        this.invites.push(header("Call-ID"));
        if (!this.answerCalls) this.ringing.set(header("Call-ID"), text);
        if (this.answerCalls) reply("200 OK", [`Contact: <${this.contact}>`, "Content-Type: application/sdp"], answerSdp(text));
        else reply("180 Ringing", [`Contact: <${this.contact}>`]);
      }
    });
  }

  static async open(sip: SipConfig): Promise<SipTestPhone> {
    const ws = new WebSocket(sip.wsServer, "sip");
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new SipTestPhone(ws, sip);
  }

  /** What this phone registers (Asterisk stores its source address instead: rewrite_contact). */
  get contact(): string {
    return `sip:${this.sip.authorizationUsername}@${this.host};transport=ws`;
  }

  /** REGISTERs (or, with 0, unregisters) this phone's contact; the final status code once the challenge is answered. */
  async register(expires = 120): Promise<number> {
    const domain = new URL(this.sip.aor.replace(/^sip:/, "sip://")).hostname;
    const request = (authorization?: string) => {
      this.cseq += 1;
      return {
        cseq: this.cseq,
        text: [
          `REGISTER sip:${domain} SIP/2.0`,
          `Via: SIP/2.0/WS ${this.host};branch=z9hG4bK${hex(8)};rport`,
          "Max-Forwards: 70",
          `To: <${this.sip.aor}>`,
          `From: <${this.sip.aor}>;tag=${this.tag}`,
          `Call-ID: ${this.callId}`,
          `CSeq: ${this.cseq} REGISTER`,
          `Contact: <${this.contact}>;expires=${expires}`,
          `Expires: ${expires}`,
          ...(authorization === undefined ? [] : [`Authorization: ${authorization}`]),
          "Content-Length: 0",
          "",
          "",
        ].join("\r\n"),
      };
    };
    let answer = await this.send(request());
    if (answer.status !== 401) return answer.status;
    const challenge = (answer.headers.get("www-authenticate") ?? []).map(parseDigestChallenge).find((c) => c !== null);
    if (challenge === undefined) throw new Error("the registrar sent no digest challenge");
    answer = await this.send(request(digestAuthorization(challenge, { username: this.sip.authorizationUsername, password: this.sip.authorizationPassword, method: "REGISTER", uri: `sip:${domain}` })));
    return answer.status;
  }

  close(): void {
    this.ws.close();
  }

  private send({ cseq, text }: { cseq: number; text: string }) {
    return new Promise<NonNullable<ReturnType<typeof parseSipResponse>>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to REGISTER (CSeq ${cseq})`)), 5_000);
      const onMessage = (data: WebSocket.RawData) => {
        const response = parseSipResponse(data.toString());
        if (response === null || cseqOf(response) !== cseq || response.status < 200) return;
        clearTimeout(timer);
        this.ws.off("message", onMessage);
        resolve(response);
      };
      this.ws.on("message", onMessage);
      this.ws.send(text);
    });
  }
}
