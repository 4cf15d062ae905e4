import { randomBytes } from "node:crypto";
import WebSocket from "ws";
import { digestAuthorization, parseDigestChallenge } from "./digest";
import { cseqOf, parseSipResponse, unregisterAllRequest, type SipResponse } from "./sip-message";

/** What the credential lifecycle needs of the PBX's registrar. */
export interface Registrar {
  /** Removes every registered contact of the extension, authenticating with its current password. */
  unregisterAll(extension: string, password: string): Promise<void>;
}

export class RegistrarError extends Error {
  override readonly name = "RegistrarError";
}

export interface WsRegistrarOptions {
  /** Asterisk's SIP WebSocket, the one the phones use (HANDOFF_SIP_WS_URL). */
  wsUrl: string;
  domain: string;
  /** For wss:// to a PBX whose certificate a private CA signed (HANDOFF_SIP_WS_CA); Node's own CA list otherwise. */
  ca?: string;
  timeoutMs?: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

/**
 * Asterisk's own way to drop a phone's registration: AMI has no action for an inbound contact
 * (PJSIPUnregister is for outbound registrations), so the server sends the registrar a REGISTER with
 * `Contact: *` and `Expires: 0` over the same WebSocket transport as the phones, answering the digest
 * challenge with the extension's current password. The registrar then removes the contacts as for a
 * phone's own unregistration (ContactStatus Removed, device state UNAVAILABLE).
 */
export class WsRegistrar implements Registrar {
  constructor(private readonly options: WsRegistrarOptions) {}

  async unregisterAll(extension: string, password: string): Promise<void> {
    const ws = new WebSocket(this.options.wsUrl, "sip", this.options.ca === undefined ? {} : { ca: this.options.ca });
    // A socket error must never be unhandled (it would end the server); the close that follows rejects.
    ws.on("error", () => undefined);
    const timeoutMs = this.options.timeoutMs ?? 3_000;
    const timer = setTimeout(() => ws.terminate(), timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
        ws.once("close", () => reject(new RegistrarError(`no SIP WebSocket at ${this.options.wsUrl} within ${timeoutMs} ms`)));
      });
      const base = { domain: this.options.domain, extension, callId: hex(12), fromTag: hex(6), viaHost: `${hex(6)}.invalid` };
      const uri = `sip:${this.options.domain}`;
      let answer = await this.exchange(ws, unregisterAllRequest({ ...base, cseq: 1, branch: `z9hG4bK${hex(8)}` }), 1);
      if (answer.status === 401) {
        const challenge = (answer.headers.get("www-authenticate") ?? []).map(parseDigestChallenge).find((c) => c !== null);
        if (challenge === undefined) throw new RegistrarError(`the registrar's challenge for ${extension} offers no digest we can answer`);
        const authorization = digestAuthorization(challenge, { username: extension, password, method: "REGISTER", uri });
        answer = await this.exchange(ws, unregisterAllRequest({ ...base, cseq: 2, branch: `z9hG4bK${hex(8)}`, authorization }), 2);
      }
      if (answer.status !== 200) throw new RegistrarError(`the registrar answered ${answer.status} ${answer.reason} to removing the contacts of ${extension}`);
    } finally {
      clearTimeout(timer);
      ws.close();
    }
  }

  /** Sends a request and resolves with its final response (provisional ones skipped). */
  private exchange(ws: WebSocket, request: string, cseq: number): Promise<SipResponse> {
    return new Promise((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const response = parseSipResponse(data.toString());
        if (response === null || cseqOf(response) !== cseq || response.status < 200) return;
        done();
        resolve(response);
      };
      const onClose = () => {
        done();
        reject(new RegistrarError("the SIP WebSocket closed before the registrar answered"));
      };
      const done = () => {
        ws.off("message", onMessage);
        ws.off("close", onClose);
      };
      ws.on("message", onMessage);
      ws.once("close", onClose);
      ws.send(request);
    });
  }
}
