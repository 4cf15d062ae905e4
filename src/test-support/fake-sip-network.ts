import { EmitterImpl, TransportState, type BodyAndContentType, type SessionDescriptionHandler, type SessionDescriptionHandlerFactory, type Transport } from "sip.js";
import type { EnginePlatform } from "../telephony/sip-engine";

/** What the network between the phone and the PBX does now. */
export type NetworkMode = "up" | "cut" | "blackhole";

/** How long a WebSocket handshake into a blackhole takes to give up (SIP.js's connectionTimeout default). */
export const CONNECT_TIMEOUT_MS = 5_000;

interface Headers {
  via: string;
  from: string;
  to: string;
  callId: string;
  cseq: string;
  contact: string | undefined;
}

interface Dialog {
  callId: string;
  /** Our side (the PBX's) in From, the phone's in To, as on the INVITE the PBX sent. */
  from: string;
  to: string;
  /** Where the PBX sends in-dialog requests: the connection it last heard the dialog on. */
  connection: number;
  target: string;
  cseq: number;
}

const SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

function headerOf(message: string, name: string): string | undefined {
  const line = message.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

function parseHeaders(message: string): Headers {
  return {
    via: headerOf(message, "Via") ?? "",
    from: headerOf(message, "From") ?? "",
    to: headerOf(message, "To") ?? "",
    callId: headerOf(message, "Call-ID") ?? "",
    cseq: headerOf(message, "CSeq") ?? "",
    contact: headerOf(message, "Contact"),
  };
}

function format(startLine: string, headers: Array<[string, string]>, body = ""): string {
  return [startLine, ...headers.map(([name, value]) => `${name}: ${value}`), `Content-Length: ${body.length}`, "", body].join("\r\n");
}

/**
 * An in-memory network and a small PBX behind it, enough for the engine's liveness and
 * reconnect logic: REGISTER and OPTIONS are answered, the PBX rings the phone, answers
 * re-INVITEs, and sends BYE over the connection it last heard the dialog on. Like Asterisk,
 * a BYE to a connection that has closed is lost and the PBX forgets the dialog, so a later
 * re-INVITE is answered 481.
 */
export class FakeSipNetwork {
  mode: NetworkMode = "up";
  /** Every request the PBX received, as "METHOD connection" (e.g. "INVITE 2"). */
  readonly received: string[] = [];
  connectAttempts = 0;
  /** The status the PBX answers an in-dialog re-INVITE with while it knows the dialog. */
  reinviteStatus: [number, string] = [200, "OK"];
  readonly dialogs = new Map<string, Dialog>();
  private transport: FakeTransport | null = null;
  private connection = 0;
  private phoneContact = "";
  private nextId = 1;

  readonly platform: EnginePlatform = {
    transportConstructor: FakeTransport,
    // A function: SIP.js logs its options as JSON, and the network refers back to itself.
    transportOptions: { network: () => this },
    sessionDescriptionHandlerFactory: (() => new FakeDescriptionHandler(this)) as SessionDescriptionHandlerFactory,
  };

  /**
   * The browser's inbound RTP counter, as the phone reads it from getStats: null is a platform
   * without WebRTC (the calls have no peer connection); a number gives each call one.
   */
  rtpReceived: number | null = null;

  /** Options of every offer and answer the phone made: a refresh carries `offerOptions.iceRestart`. */
  readonly descriptions: Array<Record<string, unknown> | undefined> = [];

  cut(): void {
    this.mode = "cut";
    this.transport?.drop(new Error("WebSocket closed (code: 1006)"));
  }

  blackhole(): void {
    this.mode = "blackhole";
  }

  heal(): void {
    this.mode = "up";
  }

  /** A customer call: the PBX sends an INVITE to the phone's registered contact. */
  ring(customer = "5550100"): string {
    const callId = `pbx-call-${this.nextId++}`;
    const dialog: Dialog = {
      callId,
      from: `"Customer" <sip:${customer}@pbx.test>;tag=pbx-${callId}`,
      to: "<sip:1001@pbx.test>",
      connection: this.connection,
      target: this.phoneContact,
      cseq: 1,
    };
    this.dialogs.set(callId, dialog);
    this.sendRequest(dialog, "INVITE", SDP);
    return callId;
  }

  /** The customer hangs up: a BYE over the dialog's connection; lost if that connection is gone. */
  hangUp(callId: string): void {
    const dialog = this.dialogs.get(callId);
    if (dialog === undefined) return;
    dialog.cseq += 1;
    this.sendRequest(dialog, "BYE");
    this.dialogs.delete(callId);
  }

  /** The phone's transport says something. */
  fromPhone(transport: FakeTransport, message: string): void {
    if (this.mode !== "up" || transport !== this.transport || transport.connection !== this.connection) return;
    const [method] = message.split(" ", 1);
    if (method === undefined || method === "SIP/2.0") return this.fromPhoneResponse(message);
    this.received.push(`${method} ${transport.connection}`);
    const h = parseHeaders(message);
    const reply = (status: number, reason: string, extra: Array<[string, string]> = [], body = "") =>
      this.toPhone(
        format(
          `SIP/2.0 ${status} ${reason}`,
          [["Via", h.via], ["From", h.from], ["To", /;tag=/.test(h.to) ? h.to : `${h.to};tag=pbx-${this.nextId++}`], ["Call-ID", h.callId], ["CSeq", h.cseq], ...extra],
          body,
        ),
      );
    switch (method) {
      case "REGISTER":
        this.phoneContact = /<([^>]+)>/.exec(h.contact ?? "")?.[1] ?? "";
        return reply(200, "OK", [["Contact", `<${this.phoneContact}>;expires=120`]]);
      case "OPTIONS":
        return reply(200, "OK");
      case "INVITE": {
        const dialog = this.dialogs.get(h.callId);
        if (dialog === undefined) return reply(481, "Call/Transaction Does Not Exist");
        // rewrite_contact: the dialog now lives on the connection this re-INVITE came over.
        dialog.connection = transport.connection;
        const [status, reason] = this.reinviteStatus;
        return status === 200 ? reply(200, "OK", [["Contact", "<sip:pbx@pbx.invalid;transport=ws>"], ["Content-Type", "application/sdp"]], SDP) : reply(status, reason);
      }
      case "BYE":
        if (!this.dialogs.delete(h.callId)) return reply(481, "Call/Transaction Does Not Exist");
        return reply(200, "OK");
      default:
        return; // ACK
    }
  }

  connect(transport: FakeTransport): Promise<number> {
    this.connectAttempts += 1;
    if (this.mode === "cut") return Promise.reject(new Error("WebSocket closed (code: 1006)"));
    if (this.mode === "blackhole") return new Promise((_, reject) => setTimeout(() => reject(new Error("Connect timed out")), CONNECT_TIMEOUT_MS));
    this.transport = transport;
    this.connection += 1;
    return Promise.resolve(this.connection);
  }

  private fromPhoneResponse(message: string): void {
    const h = parseHeaders(message);
    const dialog = this.dialogs.get(h.callId);
    // The phone answered the PBX's INVITE: acknowledge it and remember the phone's tag.
    if (dialog === undefined || !message.startsWith("SIP/2.0 200") || !h.cseq.endsWith("INVITE")) return;
    dialog.to = h.to;
    dialog.target = /<([^>]+)>/.exec(h.contact ?? "")?.[1] ?? dialog.target;
    this.sendRequest(dialog, "ACK");
  }

  private sendRequest(dialog: Dialog, method: string, body = ""): void {
    const headers: Array<[string, string]> = [
      ["Via", `SIP/2.0/WSS pbx.invalid;branch=z9hG4bK-${this.nextId++}`],
      ["Max-Forwards", "70"],
      ["From", dialog.from],
      ["To", dialog.to],
      ["Call-ID", dialog.callId],
      ["CSeq", `${method === "ACK" ? 1 : dialog.cseq} ${method}`],
      ["Contact", "<sip:pbx@pbx.invalid;transport=ws>"],
    ];
    if (body !== "") headers.push(["Content-Type", "application/sdp"]);
    // Sent where the PBX believes the dialog is; a closed connection loses it.
    if (dialog.connection !== this.connection) return;
    this.toPhone(format(`${method} ${dialog.target} SIP/2.0`, headers, body));
  }

  private toPhone(message: string): void {
    if (this.mode !== "up") return;
    const transport = this.transport;
    // Delivered asynchronously, as a socket would.
    setTimeout(() => transport?.deliver(message), 1);
  }
}

/** SIP.js's Transport over the fake network. */
export class FakeTransport implements Transport {
  readonly protocol = "WSS";
  readonly stateChange = new EmitterImpl<TransportState>();
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  connection = 0;
  private current: TransportState = TransportState.Disconnected;
  private readonly network: FakeSipNetwork;

  constructor(_logger: unknown, options: { network: () => FakeSipNetwork }) {
    this.network = options.network();
  }

  get state(): TransportState {
    return this.current;
  }

  async connect(): Promise<void> {
    if (this.current === TransportState.Connected) return;
    this.move(TransportState.Connecting);
    try {
      this.connection = await this.network.connect(this);
    } catch (error) {
      this.move(TransportState.Disconnected);
      throw error;
    }
    this.move(TransportState.Connected);
    this.onConnect?.();
  }

  async disconnect(): Promise<void> {
    const was = this.current;
    this.connection = 0;
    this.move(TransportState.Disconnected);
    if (was === TransportState.Connected) this.onDisconnect?.();
  }

  async dispose(): Promise<void> {
    await this.disconnect();
  }

  isConnected(): boolean {
    return this.current === TransportState.Connected;
  }

  async send(message: string): Promise<void> {
    if (this.current !== TransportState.Connected) throw new Error("Not connected.");
    this.network.fromPhone(this, message);
  }

  drop(error: Error): void {
    if (this.current !== TransportState.Connected) return;
    this.connection = 0;
    this.move(TransportState.Disconnected);
    this.onDisconnect?.(error);
  }

  deliver(message: string): void {
    if (this.current === TransportState.Connected && this.connection !== 0) this.onMessage?.(message);
  }

  private move(state: TransportState): void {
    this.current = state;
    this.stateChange.emit(state);
  }
}

/** Media without WebRTC: offers and answers a fixed SDP, and records the options of each. */
class FakeDescriptionHandler implements SessionDescriptionHandler {
  constructor(private readonly network: FakeSipNetwork) {}

  /** Just enough of an RTCPeerConnection for the phone's audio check; see `FakeSipNetwork.rtpReceived`. */
  get peerConnection(): Pick<RTCPeerConnection, "getStats"> | undefined {
    const network = this.network;
    if (network.rtpReceived === null) return undefined;
    const inbound = { id: "inbound", type: "inbound-rtp", kind: "audio", packetsReceived: network.rtpReceived };
    return { getStats: () => Promise.resolve(new Map([[inbound.id, inbound]]) as unknown as RTCStatsReport) };
  }

  enableReceiverTracks(): void {}

  enableSenderTracks(): void {}

  close(): void {}

  getDescription(options?: Record<string, unknown>): Promise<BodyAndContentType> {
    this.network.descriptions.push(options === undefined ? undefined : { ...options });
    return Promise.resolve({ body: SDP, contentType: "application/sdp" });
  }

  hasDescription(contentType: string): boolean {
    return contentType === "application/sdp";
  }

  rollbackDescription(): Promise<void> {
    return Promise.resolve();
  }

  setDescription(): Promise<void> {
    return Promise.resolve();
  }

  sendDtmf(): boolean {
    return false;
  }
}
