import { Inviter, SessionState, UserAgent, type Session } from "sip.js";
import type { SessionDescriptionHandler } from "sip.js/lib/platform/web";
import type { VisitorCallResponse } from "@handoff/contract";

/** What the visitor sees; every state change is shown. */
export type VisitorCallState =
  | { readonly phase: "idle" }
  | { readonly phase: "requesting" }
  | { readonly phase: "connecting" }
  | { readonly phase: "connected" }
  | { readonly phase: "ended"; readonly reason: string };

/** The server's refusal in our one error shape, or what went wrong on the way. */
async function errorMessage(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? message : `The call service answered ${response.status}.`;
}

/** The answer's shape, checked without zod: the widget carries a few KB of its own code beside SIP.js. */
function isVisitorCall(value: unknown): value is VisitorCallResponse {
  const sip = (value as { sip?: Record<string, unknown> } | null)?.sip;
  return typeof sip === "object" && sip !== null && ["wsServer", "aor", "authorizationUsername", "authorizationPassword", "displayName", "target"].every((key) => typeof sip[key] === "string");
}

/**
 * One call from a website visitor to the voice bot: a one-call credential from the Handoff server, then a
 * SIP.js INVITE over the WebSocket it names (no registration: the line takes calls out only). The bot may
 * hand the visitor to a person on the same call; nothing here changes when it does.
 */
export class VisitorCall {
  private userAgent: UserAgent | null = null;
  private session: Session | null = null;
  private readonly audio = new Audio();
  /** Set by start(), cleared by the first end: later ends (the SIP session terminating after a hang-up) say nothing new. */
  private live = false;
  /** Why the call is ending, when this side ends it: the session's own end then says the same. */
  private endingBecause: string | null = null;

  constructor(private readonly serverUrl: string, private readonly onState: (state: VisitorCallState) => void) {
    this.audio.autoplay = true;
  }

  async start(): Promise<void> {
    if (this.live) return;
    this.live = true;
    this.endingBecause = null;
    this.onState({ phase: "requesting" });
    let credential: VisitorCallResponse;
    try {
      const response = await fetch(new URL("/api/visitor-calls", this.serverUrl), { method: "POST", credentials: "omit", cache: "no-store" });
      if (!response.ok) return this.end(await errorMessage(response));
      const body: unknown = await response.json();
      if (!isVisitorCall(body)) return this.end("The call service sent an answer this page does not understand.");
      credential = body;
    } catch {
      return this.end("The call service cannot be reached. Check your connection and try again.");
    }
    const { sip } = credential;
    const uri = UserAgent.makeURI(sip.aor);
    const target = UserAgent.makeURI(sip.target);
    if (uri === undefined || target === undefined) return this.end("The call service sent an address this page cannot call.");
    this.onState({ phase: "connecting" });
    const userAgent = new UserAgent({
      uri,
      displayName: sip.displayName,
      authorizationUsername: sip.authorizationUsername,
      authorizationPassword: sip.authorizationPassword,
      transportOptions: { server: sip.wsServer },
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
      logLevel: "error",
    });
    this.userAgent = userAgent;
    try {
      await userAgent.start();
    } catch {
      return this.end("The phone system cannot be reached. Try again in a moment.");
    }
    const inviter = new Inviter(userAgent, target, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
    this.session = inviter;
    inviter.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        const handler = inviter.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
        this.audio.srcObject = handler?.remoteMediaStream ?? null;
        // Autoplay may wait for a click; the call runs and its audio flows meanwhile.
        void this.audio.play().catch(() => undefined);
        void this.showConnectedWhenHeard(handler?.peerConnection);
      } else if (state === SessionState.Terminated) {
        void this.end(this.endingBecause ?? "The call has ended.");
      }
    });
    await inviter.invite({ requestDelegate: { onReject: (response) => void this.end(`The call was refused (${response.message.statusCode} ${response.message.reasonPhrase}).`) } }).catch(() => this.end("The call could not be placed. Try again in a moment."));
  }

  /**
   * "Connected" once the visitor hears the bot: its audio arriving proves the media path works both ways at the
   * PBX, so a key pressed from then on reaches the bot (one pressed before Asterisk's media is up is lost).
   */
  private async showConnectedWhenHeard(peer: RTCPeerConnection | undefined): Promise<void> {
    for (let waited = 0; peer !== undefined && waited < 5_000 && this.live; waited += 100) {
      const stats = await peer.getStats().catch(() => null);
      let received = 0;
      stats?.forEach((report: { type?: string; kind?: string; packetsReceived?: number }) => {
        if (report.type === "inbound-rtp" && report.kind === "audio") received += report.packetsReceived ?? 0;
      });
      if (received > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (this.live) this.onState({ phase: "connected" });
  }

  /** A key on the keypad (0 asks the bot for a person), as RFC 4733 tones in the audio stream. */
  press(digit: string): boolean {
    if (this.session?.state !== SessionState.Established) return false;
    return (this.session.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.sendDtmf(digit) === true;
  }

  hangUp(): void {
    this.endingBecause = "You hung up.";
    const session = this.session;
    if (session === null) {
      void this.end("You hung up.");
      return;
    }
    if (session instanceof Inviter && session.state === SessionState.Establishing) void session.cancel().catch(() => undefined);
    else if (session.state === SessionState.Established) void session.bye().catch(() => undefined);
    void this.end("You hung up.");
  }

  private async end(reason: string): Promise<void> {
    if (!this.live) return;
    this.live = false;
    const userAgent = this.userAgent;
    this.userAgent = null;
    this.session = null;
    this.audio.srcObject = null;
    this.onState({ phase: "ended", reason });
    await userAgent?.stop().catch(() => undefined);
  }
}
