import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from "sip.js";
import type { SessionDescriptionHandler } from "sip.js/lib/platform/web";
import { CallPhase, transitionCall } from "./call-phase";
import type { CallSnapshot, SipCredentials, TelephonyReporter } from "./types";

interface CallEntry {
  session: Session;
  snapshot: CallSnapshot;
  audio: HTMLAudioElement | null;
}

export interface AudioStats {
  packetsReceived: number;
  packetsSent: number;
  packetsLost: number;
  jitterSeconds: number;
}

const REGISTER_EXPIRES_SECONDS = 120;
const MAX_RECONNECT_DELAY_MS = 15_000;

/**
 * Owns the SIP.js user agent, its registration and every call session. React
 * never sees these objects: the engine reports plain snapshots through the
 * reporter, and components act on calls by id.
 */
export class SipEngine {
  private userAgent: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private readonly calls = new Map<string, CallEntry>();
  private nextCallNumber = 1;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private stopping = false;
  private readonly onOnline = () => this.reconnectNow();

  constructor(private readonly report: TelephonyReporter) {}

  async start(credentials: SipCredentials): Promise<void> {
    const uri = UserAgent.makeURI(credentials.aor);
    if (uri === undefined) throw new Error(`"${credentials.aor}" is not a SIP address; expected sip:user@domain.`);
    this.stopping = false;
    const userAgent = new UserAgent({
      uri,
      displayName: credentials.displayName,
      authorizationUsername: credentials.authorizationUsername,
      authorizationPassword: credentials.authorizationPassword,
      transportOptions: { server: credentials.wsServer },
      logLevel: "warn",
      // Host candidates only: the PBX is reached directly, and public STUN would leak and stall.
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onConnect: () => this.onTransportUp(),
        onDisconnect: (error) => this.onTransportDown(error),
      },
    });
    const registerer = new Registerer(userAgent, { expires: REGISTER_EXPIRES_SECONDS });
    registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) {
        this.reconnectAttempt = 0;
        this.report.registrationChanged("registered");
      } else if (state === RegistererState.Unregistered && !this.stopping && userAgent.isConnected()) {
        this.report.registrationChanged("failed", "The PBX dropped the registration.");
      }
    });
    this.userAgent = userAgent;
    this.registerer = registerer;
    this.report.registrationChanged("connecting");
    window.addEventListener("online", this.onOnline);
    // Registration follows from onConnect, on the first connect and after every reconnect.
    await userAgent.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    window.removeEventListener("online", this.onOnline);
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    for (const id of [...this.calls.keys()]) await this.hangup(id).catch(() => undefined);
    await this.registerer?.unregister().catch(() => undefined);
    await this.userAgent?.stop();
    this.report.registrationChanged("unregistered");
  }

  async answer(id: string): Promise<void> {
    const entry = this.requireCall(id);
    if (!(entry.session instanceof Invitation) || entry.snapshot.phase !== CallPhase.Ringing) {
      throw new Error("Only a ringing incoming call can be answered.");
    }
    this.move(entry, CallPhase.Connecting);
    await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
  }

  async hangup(id: string): Promise<void> {
    const entry = this.requireCall(id);
    const { session } = entry;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Invitation) await session.reject();
        else if (session instanceof Inviter) await session.cancel();
        return;
      case SessionState.Established:
        await session.bye();
        return;
      default:
        return;
    }
  }

  /** RTP counters of a call's audio: what a call-quality indicator shows. */
  async audioStats(id: string): Promise<AudioStats> {
    const peer = this.peerConnection(this.requireCall(id).session);
    const stats: AudioStats = { packetsReceived: 0, packetsSent: 0, packetsLost: 0, jitterSeconds: 0 };
    if (peer === undefined) return stats;
    (await peer.getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number; packetsSent?: number; packetsLost?: number; jitter?: number }) => {
      if (report.kind !== "audio") return;
      if (report.type === "inbound-rtp") {
        stats.packetsReceived += report.packetsReceived ?? 0;
        stats.packetsLost += report.packetsLost ?? 0;
        stats.jitterSeconds = Math.max(stats.jitterSeconds, report.jitter ?? 0);
      } else if (report.type === "outbound-rtp") {
        stats.packetsSent += report.packetsSent ?? 0;
      }
    });
    return stats;
  }

  private async register(): Promise<void> {
    await this.registerer?.register({
      requestDelegate: {
        onReject: (response) =>
          this.report.registrationChanged("failed", `The PBX refused registration: ${response.message.statusCode} ${response.message.reasonPhrase}.`),
      },
    });
  }

  private onInvite(invitation: Invitation): void {
    const remote = invitation.remoteIdentity;
    const entry: CallEntry = {
      session: invitation,
      audio: null,
      snapshot: {
        id: `call-${this.nextCallNumber++}`,
        sipCallId: invitation.request.callId,
        direction: "inbound",
        phase: CallPhase.Ringing,
        remote: { name: remote.displayName || remote.uri.user || "Unknown", number: remote.uri.user ?? "" },
        startedAt: Date.now(),
        answeredAt: null,
        endedReason: null,
      },
    };
    this.calls.set(entry.snapshot.id, entry);
    invitation.stateChange.addListener((state) => this.onSessionState(entry, state));
    this.report.callChanged({ ...entry.snapshot });
  }

  private onSessionState(entry: CallEntry, state: SessionState): void {
    if (state === SessionState.Established) {
      entry.snapshot.answeredAt = Date.now();
      this.move(entry, CallPhase.Active);
      this.playRemoteAudio(entry);
    } else if (state === SessionState.Terminated) {
      entry.audio?.pause();
      entry.audio = null;
      this.move(entry, CallPhase.Ended);
      this.calls.delete(entry.snapshot.id);
      this.report.callRemoved(entry.snapshot.id);
    }
  }

  private move(entry: CallEntry, phase: CallPhase): void {
    if (entry.snapshot.phase === phase) return;
    entry.snapshot.phase = transitionCall(entry.snapshot.phase, phase);
    this.report.callChanged({ ...entry.snapshot, remote: { ...entry.snapshot.remote } });
  }

  private playRemoteAudio(entry: CallEntry): void {
    const handler = entry.session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (handler === undefined) return;
    const audio = new Audio();
    audio.autoplay = true;
    audio.srcObject = handler.remoteMediaStream;
    // Autoplay may be refused until the user interacts; the call still runs and RTP still flows.
    void audio.play().catch(() => undefined);
    entry.audio = audio;
  }

  private peerConnection(session: Session): RTCPeerConnection | undefined {
    return (session.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.peerConnection;
  }

  private requireCall(id: string): CallEntry {
    const entry = this.calls.get(id);
    if (entry === undefined) throw new Error(`No call "${id}": it may have ended already.`);
    return entry;
  }

  private onTransportUp(): void {
    this.reconnectAttempt = 0;
    if (this.registerer?.state !== RegistererState.Registered) void this.register();
  }

  private onTransportDown(error?: Error): void {
    if (this.stopping || error === undefined) return;
    this.report.registrationChanged("reconnecting", `Lost the connection to the PBX (${error.message}); reconnecting.`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== null || this.stopping) return;
    this.reconnectAttempt += 1;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 500 * 2 ** (this.reconnectAttempt - 1)) * (0.5 + Math.random() / 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.reconnectNow();
    }, delay);
  }

  private reconnectNow(): void {
    const userAgent = this.userAgent;
    if (userAgent === null || this.stopping || userAgent.isConnected()) return;
    userAgent.reconnect().catch(() => this.scheduleReconnect());
  }
}
