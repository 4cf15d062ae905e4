import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session, type URI, type UserAgentOptions } from "sip.js";
import type { SessionDescriptionHandler, SessionDescriptionHandlerOptions } from "sip.js/lib/platform/web";
import { AUDIO_SAMPLE_MS, AudioFlow, AudioFlowMeter } from "./audio-flow";
import { CallLink, refreshVerdict, transitionLink } from "./call-link";
import { CallPhase, transitionCall } from "./call-phase";
import { isDtmf } from "./dtmf";
import { decideOnRefusal } from "./register-refusal";
import type { Phone } from "./phone";
import { reconnectDelayMs } from "./reconnect-backoff";
import { TransportWatchdog } from "./transport-watchdog";
import type { AudioDevices, AudioStats, CallSnapshot, SipCredentials, TelephonyReporter } from "./types";

export type { AudioStats } from "./types";

interface CallEntry {
  session: Session;
  snapshot: CallSnapshot;
  audio: HTMLAudioElement | null;
  /** What the microphone was opened with; re-INVITEs repeat it so SIP.js does not reopen the device. */
  constraints: MediaStreamConstraints;
  /** Settles the re-INVITE in flight (hold, resume, device change); a second one would be refused with 491. */
  settleReinvite: ((error?: Error) => void) | null;
  /** Counts this loss's refresh attempts; a new loss starts again at 0. */
  refreshAttempt: number;
  /** Bumped by every loss, so the late answer to a refresh sent before it is ignored. */
  refreshGeneration: number;
  refreshTimer: ReturnType<typeof setTimeout> | null;
  /** Judges from the browser's RTP counter whether the caller's audio still arrives (audio-flow.ts). */
  audioMeter: AudioFlowMeter;
}

/** A re-INVITE answered with a final non-2xx response: what the refresh of a call decides on. */
class ReinviteRefusedError extends Error {
  override readonly name = "ReinviteRefusedError";
  constructor(
    readonly statusCode: number,
    readonly reasonPhrase: string,
    action: string,
  ) {
    super(`The PBX refused to ${action} the call (${statusCode} ${reasonPhrase}).`);
  }
}

type ElementWithSink = HTMLMediaElement & { setSinkId?: (sinkId: string) => Promise<void> };

/** What unit tests swap for an in-memory network and PBX; the app uses SIP.js's WebSocket and WebRTC. */
export type EnginePlatform = Pick<UserAgentOptions, "transportConstructor" | "transportOptions" | "sessionDescriptionHandlerFactory">;

const REGISTER_EXPIRES_SECONDS = 120;
/** After this long without a SIP response the phone asks the registrar for one (OPTIONS)... */
const PROBE_AFTER_SILENCE_MS = 5_000;
/** ...and a probe unanswered this long means the path is dead: on a LAN or VPN an answer takes milliseconds. */
const PROBE_DEADLINE_MS = 3_000;
/** A refresh blocked by a re-INVITE still in flight (hold, resume) looks again this often. */
const REFRESH_BUSY_RETRY_MS = 1_000;
const REGISTER_RETRY_MS = 1_000;
const DIALABLE = /^[0-9*#+]{1,32}$/;

/**
 * Owns the SIP.js user agent, its registration and every call session. React
 * never sees these objects: the engine reports plain snapshots through the
 * reporter, and components act on calls by id.
 *
 * Several sessions live at once (a held caller and a consultation, a second
 * call ringing): only one has live audio, so answering, dialing or resuming
 * one call first puts every other connected call on hold.
 */
export class SipEngine implements Phone {
  private userAgent: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private domain = "";
  private readonly calls = new Map<string, CallEntry>();
  private nextCallNumber = 1;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** REGISTERs refused with 403 in a row (the extension's one registration taken); see register-refusal.ts. */
  private refusedAttempts = 0;
  private refusedTimer: ReturnType<typeof setTimeout> | null = null;
  private extension = "";
  private stopping = false;
  private devices: AudioDevices = { microphoneId: null, speakerId: null };
  /** Reads the connected calls' RTP counters while any call is connected. */
  private audioSampler: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = () => this.reconnectNow();
  private readonly watchdog = new TransportWatchdog({
    idleMs: PROBE_AFTER_SILENCE_MS,
    deadlineMs: PROBE_DEADLINE_MS,
    probe: () => this.probe(),
    onDead: (silentForMs) => this.onTransportDead(silentForMs),
  });

  constructor(
    private readonly report: TelephonyReporter,
    private readonly platform: EnginePlatform = {},
  ) {}

  async start(credentials: SipCredentials): Promise<void> {
    const uri = UserAgent.makeURI(credentials.aor);
    if (uri === undefined) throw new Error(`"${credentials.aor}" is not a SIP address; expected sip:user@domain.`);
    this.stopping = false;
    this.domain = uri.host;
    this.extension = uri.user ?? credentials.authorizationUsername;
    this.refusedAttempts = 0;
    const userAgent = new UserAgent({
      uri,
      displayName: credentials.displayName,
      authorizationUsername: credentials.authorizationUsername,
      authorizationPassword: credentials.authorizationPassword,
      transportOptions: { server: credentials.wsServer },
      logLevel: "warn",
      // Host candidates only: the PBX is reached directly, and public STUN would leak and stall.
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
      ...this.platform,
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onConnect: () => this.onTransportUp(),
        onDisconnect: (error) => this.onTransportDown(error),
      },
    });
    // Any response proves the path both ways; a request from the PBX (its qualify OPTIONS) proves one way only.
    const transport = userAgent.transport;
    const deliver = transport.onMessage;
    transport.onMessage = (message) => {
      if (message.startsWith("SIP/2.0 ")) this.watchdog.responded();
      deliver?.(message);
    };
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

  /**
   * Signing out ends the agent's calls here. Chosen so: the app leaves the call screen, and a call
   * left running with no screen would keep the microphone open with nobody able to hang it up; the
   * session's SIP password is revoked by the server too, so this phone could not even re-register.
   * (Nothing else ends calls: the server revokes credentials without hanging up, and a token renewal
   * leaves the SIP credential, the registration and every call as they are.)
   */
  async stop(): Promise<void> {
    this.stopping = true;
    window.removeEventListener("online", this.onOnline);
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.refusedTimer !== null) clearTimeout(this.refusedTimer);
    this.refusedTimer = null;
    this.watchdog.stop();
    this.stopAudioSampler();
    for (const entry of this.calls.values()) this.cancelRefresh(entry);
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
    await this.holdOthers(id);
    this.move(entry, CallPhase.Connecting);
    entry.constraints = this.audioConstraints();
    await entry.session.accept({ sessionDescriptionHandlerOptions: { constraints: entry.constraints } });
  }

  /** Refuses a ringing incoming call as busy (486 Busy Here): the PBX sees BUSY, where hangup() refuses with 480 (no answer). */
  async reject(id: string): Promise<void> {
    const entry = this.requireCall(id);
    if (!(entry.session instanceof Invitation) || entry.snapshot.phase !== CallPhase.Ringing) {
      throw new Error("Only a ringing incoming call can be refused as busy.");
    }
    await entry.session.reject({ statusCode: 486, reasonPhrase: "Busy Here" });
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

  async dial(target: string): Promise<string> {
    const userAgent = this.userAgent;
    if (userAgent === null || this.stopping) throw new Error("The phone is not started; sign in first.");
    const uri = this.targetUri(target);
    await this.holdOthers(null);
    const constraints = this.audioConstraints();
    const inviter = new Inviter(userAgent, uri, { sessionDescriptionHandlerOptions: { constraints } });
    const number = uri.user ?? target;
    const entry: CallEntry = {
      session: inviter,
      audio: null,
      constraints,
      settleReinvite: null,
      refreshAttempt: 0,
      refreshGeneration: 0,
      refreshTimer: null,
      audioMeter: new AudioFlowMeter(Date.now()),
      snapshot: {
        id: `call-${this.nextCallNumber++}`,
        sipCallId: inviter.request.callId,
        direction: "outbound",
        phase: CallPhase.Dialing,
        remote: { name: number, number },
        startedAt: Date.now(),
        answeredAt: null,
        endedReason: null,
        muted: false,
        link: CallLink.Up,
        incomingAudio: AudioFlow.Flowing,
      },
    };
    this.track(entry);
    await inviter.invite({
      requestDelegate: {
        onReject: (response) => {
          entry.snapshot.endedReason = `${response.message.statusCode} ${response.message.reasonPhrase}`;
        },
      },
    });
    return entry.snapshot.id;
  }

  /** Re-INVITE with a sendonly offer (SIP.js's `hold` option); resolves once the PBX accepted it. */
  async hold(id: string): Promise<void> {
    const entry = this.requireCall(id);
    if (entry.snapshot.phase === CallPhase.Held) return;
    if (entry.snapshot.phase !== CallPhase.Active) throw new Error("Only a connected call can be put on hold.");
    await this.reinvite(entry, true);
    this.move(entry, CallPhase.Held);
  }

  async unhold(id: string): Promise<void> {
    const entry = this.requireCall(id);
    if (entry.snapshot.phase === CallPhase.Active) return;
    if (entry.snapshot.phase !== CallPhase.Held) throw new Error("Only a held call can be resumed.");
    await this.holdOthers(id);
    await this.reinvite(entry, false);
    this.move(entry, CallPhase.Active);
  }

  /** Disables the local audio track: nothing to negotiate, the other side hears silence. */
  setMuted(id: string, muted: boolean): void {
    const entry = this.requireCall(id);
    entry.snapshot.muted = muted;
    this.applyTracks(entry);
    this.publish(entry);
  }

  /** RFC 4733 (ex-2833) telephone-events in the RTP stream; SIP INFO where the browser has no DTMF sender. */
  async sendDtmf(id: string, tones: string): Promise<void> {
    if (!isDtmf(tones)) throw new Error(`"${tones}" is not DTMF; use 0-9, *, #, A-D.`);
    const entry = this.requireCall(id);
    if (entry.session.state !== SessionState.Established) throw new Error("Keypad tones need a connected call.");
    if (this.handler(entry.session)?.sendDtmf(tones) === true) return;
    for (const tone of tones) {
      await entry.session.info({
        requestOptions: { body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: `Signal=${tone}\r\nDuration=160` } },
      });
    }
  }

  /** New calls open the chosen microphone; every call's audio moves to the chosen speaker now. */
  setAudioDevices(devices: AudioDevices): void {
    const micChanged = devices.microphoneId !== this.devices.microphoneId;
    this.devices = { ...devices };
    for (const entry of this.calls.values()) {
      if (entry.audio !== null) this.routeToSpeaker(entry.audio);
      // A connected call changes microphone through a re-INVITE: SIP.js reopens media when the constraints differ.
      if (micChanged && entry.session.state === SessionState.Established && entry.settleReinvite === null) {
        entry.constraints = this.audioConstraints();
        void this.reinvite(entry, entry.snapshot.phase === CallPhase.Held).catch(() => undefined);
      }
    }
  }

  /** RTP counters of a call's audio: what a call-quality indicator shows. */
  async audioStats(id: string): Promise<AudioStats> {
    return (await this.readAudioStats(this.requireCall(id).session)) ?? { packetsReceived: 0, packetsSent: 0, packetsLost: 0, jitterSeconds: 0 };
  }

  /** null while the call has no media (or the platform no WebRTC): nothing to judge. */
  private async readAudioStats(session: Session): Promise<AudioStats | null> {
    const peer = this.peerConnection(session);
    if (peer === undefined) return null;
    const stats: AudioStats = { packetsReceived: 0, packetsSent: 0, packetsLost: 0, jitterSeconds: 0 };
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
        // A refresh over a new connection leaves the Registerer's state at Registered, so no
        // state change would say so: the accepted REGISTER itself reports it.
        onAccept: () => {
          this.reconnectAttempt = 0;
          this.refusedAttempts = 0;
          this.report.registrationChanged("registered");
        },
        onReject: (response) => this.onRegisterRefused(response.message.statusCode ?? 0, response.message.reasonPhrase ?? ""),
      },
    });
  }

  private onRegisterRefused(statusCode: number, reasonPhrase: string): void {
    if (this.stopping) return;
    const decision = decideOnRefusal(statusCode, reasonPhrase, this.extension, this.refusedAttempts);
    if (decision.kind === "give-up") {
      this.refusedAttempts = 0;
      this.report.registrationChanged("failed", decision.message);
      return;
    }
    this.refusedAttempts += 1;
    this.report.registrationChanged("connecting", decision.detail);
    if (this.refusedTimer !== null) clearTimeout(this.refusedTimer);
    this.refusedTimer = setTimeout(() => {
      this.refusedTimer = null;
      if (!this.stopping && this.userAgent?.isConnected() === true) void this.register();
    }, decision.inMs);
  }

  private onInvite(invitation: Invitation): void {
    const remote = invitation.remoteIdentity;
    this.track({
      session: invitation,
      audio: null,
      constraints: this.audioConstraints(),
      settleReinvite: null,
      refreshAttempt: 0,
      refreshGeneration: 0,
      refreshTimer: null,
      audioMeter: new AudioFlowMeter(Date.now()),
      snapshot: {
        id: `call-${this.nextCallNumber++}`,
        sipCallId: invitation.request.callId,
        direction: "inbound",
        phase: CallPhase.Ringing,
        remote: { name: remote.displayName || remote.uri.user || "Unknown", number: remote.uri.user ?? "" },
        startedAt: Date.now(),
        answeredAt: null,
        endedReason: null,
        muted: false,
        link: CallLink.Up,
        incomingAudio: AudioFlow.Flowing,
      },
    });
  }

  private track(entry: CallEntry): void {
    this.calls.set(entry.snapshot.id, entry);
    entry.session.stateChange.addListener((state) => this.onSessionState(entry, state));
    this.publish(entry);
  }

  private onSessionState(entry: CallEntry, state: SessionState): void {
    if (state === SessionState.Established) {
      entry.snapshot.answeredAt = Date.now();
      this.move(entry, CallPhase.Active);
      this.playRemoteAudio(entry);
      this.applyTracks(entry);
    } else if (state === SessionState.Terminated) {
      this.cancelRefresh(entry);
      entry.settleReinvite?.(new Error("The call ended."));
      entry.audio?.pause();
      entry.audio = null;
      this.move(entry, CallPhase.Ended);
      this.calls.delete(entry.snapshot.id);
      this.report.callRemoved(entry.snapshot.id);
    }
  }

  /**
   * Sends a re-INVITE offering `hold` (sendonly) or not, and resolves once the
   * other side answered it. SIP.js applies the direction to the transceivers;
   * the sender track is then enabled only for a live, unmuted call.
   */
  private reinvite(entry: CallEntry, hold: boolean, iceRestart = false): Promise<void> {
    if (entry.settleReinvite !== null) return Promise.reject(new Error("A hold or resume is still on its way; try again in a moment."));
    const wasHeld = entry.snapshot.phase === CallPhase.Held;
    return new Promise<void>((resolve, reject) => {
      entry.settleReinvite = (error) => {
        entry.settleReinvite = null;
        this.applyTracks(entry, error === undefined ? hold : wasHeld);
        if (error === undefined) resolve();
        else reject(error);
      };
      // An ICE restart makes both ends gather and check candidates again: after a network change the old pair may be dead.
      const options: SessionDescriptionHandlerOptions = { hold, constraints: entry.constraints, ...(iceRestart ? { offerOptions: { iceRestart: true } } : {}) };
      const action = iceRestart ? "refresh" : hold ? "hold" : "resume";
      entry.session
        .invite({
          sessionDescriptionHandlerOptions: options,
          requestDelegate: {
            onAccept: () => entry.settleReinvite?.(),
            onReject: (response) => entry.settleReinvite?.(new ReinviteRefusedError(response.message.statusCode ?? 0, response.message.reasonPhrase ?? "", action)),
          },
        })
        .catch((error: unknown) => entry.settleReinvite?.(error instanceof Error ? error : new Error(String(error))));
    });
  }

  private async holdOthers(exceptId: string | null): Promise<void> {
    const live = [...this.calls.values()].filter((other) => other.snapshot.id !== exceptId && other.snapshot.phase === CallPhase.Active);
    await Promise.all(live.map((other) => this.hold(other.snapshot.id)));
  }

  private applyTracks(entry: CallEntry, held = entry.snapshot.phase === CallPhase.Held): void {
    const handler = this.handler(entry.session);
    if (handler?.peerConnection === undefined) return;
    handler.enableReceiverTracks(!held);
    handler.enableSenderTracks(!held && !entry.snapshot.muted);
  }

  private move(entry: CallEntry, phase: CallPhase): void {
    if (entry.snapshot.phase === phase) return;
    entry.snapshot.phase = transitionCall(entry.snapshot.phase, phase);
    // Each stretch of live audio is judged on its own: a held call receives nothing by design.
    entry.audioMeter.restart(Date.now());
    entry.snapshot.incomingAudio = AudioFlow.Flowing;
    this.publish(entry);
    this.sampleAudioWhileConnected();
  }

  private sampleAudioWhileConnected(): void {
    const connected = [...this.calls.values()].some((entry) => entry.snapshot.phase === CallPhase.Active);
    if (connected && this.audioSampler === null) this.audioSampler = setInterval(() => void this.sampleAudio(), AUDIO_SAMPLE_MS);
    else if (!connected) this.stopAudioSampler();
  }

  private stopAudioSampler(): void {
    if (this.audioSampler !== null) clearInterval(this.audioSampler);
    this.audioSampler = null;
  }

  /** Packets dropped on the media path leave the signalling untouched: only the RTP counter can tell. */
  private async sampleAudio(): Promise<void> {
    for (const entry of [...this.calls.values()]) {
      if (entry.snapshot.phase !== CallPhase.Active) continue;
      const stats = await this.readAudioStats(entry.session).catch(() => null);
      // The call may have been held, resumed or ended while getStats ran.
      if (stats === null || entry.snapshot.phase !== CallPhase.Active || !this.calls.has(entry.snapshot.id)) continue;
      const flow = entry.audioMeter.observe(stats.packetsReceived, Date.now());
      if (flow === entry.snapshot.incomingAudio) continue;
      entry.snapshot.incomingAudio = flow;
      this.publish(entry);
    }
  }

  private publish(entry: CallEntry): void {
    this.report.callChanged({ ...entry.snapshot, remote: { ...entry.snapshot.remote } });
  }

  private playRemoteAudio(entry: CallEntry): void {
    const handler = this.handler(entry.session);
    if (handler === undefined) return;
    const audio = new Audio();
    audio.autoplay = true;
    audio.srcObject = handler.remoteMediaStream;
    this.routeToSpeaker(audio);
    // Autoplay may be refused until the user interacts; the call still runs and RTP still flows.
    void audio.play().catch(() => undefined);
    entry.audio = audio;
  }

  private routeToSpeaker(audio: ElementWithSink): void {
    // setSinkId is Chromium's (Electron's); elsewhere audio stays on the default output.
    void audio.setSinkId?.(this.devices.speakerId ?? "").catch(() => undefined);
  }

  private audioConstraints(): MediaStreamConstraints {
    const { microphoneId } = this.devices;
    return { audio: microphoneId === null ? true : { deviceId: { exact: microphoneId } }, video: false };
  }

  private targetUri(target: string): URI {
    const text = target.trim();
    const address = /^sips?:/i.test(text) ? text : DIALABLE.test(text) ? `sip:${text}@${this.domain}` : undefined;
    const uri = address === undefined ? undefined : UserAgent.makeURI(address);
    if (uri === undefined) throw new Error(`"${target}" is not a number or a SIP address; type digits (with * # +) or sip:user@host.`);
    return uri;
  }

  private handler(session: Session): SessionDescriptionHandler | undefined {
    return session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
  }

  private peerConnection(session: Session): RTCPeerConnection | undefined {
    return this.handler(session)?.peerConnection;
  }

  private requireCall(id: string): CallEntry {
    const entry = this.calls.get(id);
    if (entry === undefined) throw new Error(`No call "${id}": it may have ended already.`);
    return entry;
  }

  /** Every new WebSocket needs a new REGISTER: the PBX bound the old contact to the old connection. */
  private onTransportUp(): void {
    this.reconnectAttempt = 0;
    this.watchdog.start();
    this.registerOnNewConnection();
    // In-dialog requests need no registration: each call's re-INVITE over this new connection
    // is what moves the PBX's route for the dialog here (rewrite_contact).
    for (const entry of this.calls.values()) if (entry.snapshot.link === CallLink.Lost) this.refresh(entry, entry.refreshGeneration);
  }

  /** A REGISTER sent on the dead connection may still wait for its answer (up to 32 s); SIP.js refuses a second until then. */
  private registerOnNewConnection(): void {
    this.register().catch(() => {
      setTimeout(() => {
        if (!this.stopping && this.userAgent?.isConnected() === true) this.registerOnNewConnection();
      }, REGISTER_RETRY_MS);
    });
  }

  /** `error` is undefined when the phone closed the transport itself (stop, or the watchdog, which reports its own loss). */
  private onTransportDown(error?: Error): void {
    this.watchdog.stop();
    if (this.stopping || error === undefined) return;
    this.connectionLost(`Lost the connection to the PBX (${error.message}); reconnecting.`);
    this.scheduleReconnect();
  }

  /** The watchdog's probe went unanswered: a socket that drops packets would stay "open" for minutes, so drop it and dial again. */
  private onTransportDead(silentForMs: number): void {
    const userAgent = this.userAgent;
    if (userAgent === null || this.stopping) return;
    this.connectionLost(`No answer from the PBX for ${Math.round(silentForMs / 1_000)} s; reconnecting.`);
    // disconnect() moves the transport to Disconnecting at once; its promise settles only if the dead socket ever closes.
    userAgent.transport.disconnect().catch(() => undefined);
    this.reconnectNow();
  }

  private connectionLost(detail: string): void {
    this.report.registrationChanged("reconnecting", detail);
    for (const entry of this.calls.values()) {
      if (entry.session.state !== SessionState.Established) continue;
      this.cancelRefresh(entry);
      entry.refreshGeneration += 1;
      entry.refreshAttempt = 0;
      this.setLink(entry, CallLink.Lost);
    }
  }

  /** OPTIONS to the registrar: any answer, even a challenge, proves the path; the watchdog sees it arrive. */
  private probe(): void {
    const userAgent = this.userAgent;
    const registrar = UserAgent.makeURI(`sip:${this.domain}`);
    if (userAgent === null || registrar === undefined) return;
    const core = userAgent.userAgentCore;
    core.request(core.makeOutgoingRequestMessage("OPTIONS", registrar, userAgent.configuration.uri, registrar, {}));
  }

  /**
   * Re-INVITEs a call whose path was lost, with an ICE restart. A 481 or 408 means the far
   * end hung up meanwhile (the PBX's BYE went to the dead connection): the call is ended
   * here too, never left as a ghost that holds the line.
   */
  private refresh(entry: CallEntry, generation: number): void {
    entry.refreshTimer = null;
    if (this.stopping || generation !== entry.refreshGeneration || entry.session.state !== SessionState.Established) return;
    if (entry.settleReinvite !== null) {
      // A hold or resume sent before the loss is still waiting for its answer (or its timeout).
      entry.refreshTimer = setTimeout(() => this.refresh(entry, generation), REFRESH_BUSY_RETRY_MS);
      return;
    }
    entry.refreshAttempt += 1;
    this.setLink(entry, CallLink.Refreshing);
    const answered = (statusCode: number, reasonPhrase: string) => {
      if (generation !== entry.refreshGeneration || !this.calls.has(entry.snapshot.id)) return;
      const verdict = refreshVerdict(statusCode, reasonPhrase, entry.refreshAttempt);
      switch (verdict.kind) {
        case "refreshed":
        case "kept":
          this.setLink(entry, CallLink.Up);
          return;
        case "retry":
          entry.refreshTimer = setTimeout(() => this.refresh(entry, generation), verdict.afterMs);
          return;
        case "gone":
          entry.snapshot.endedReason = `the call ended during the connection loss (${verdict.reason})`;
          this.endGhost(entry);
          return;
      }
    };
    this.reinvite(entry, entry.snapshot.phase === CallPhase.Held, true).then(
      () => answered(200, "OK"),
      (error: unknown) => (error instanceof ReinviteRefusedError ? answered(error.statusCode, error.reasonPhrase) : answered(500, String(error))),
    );
  }

  /** BYE for a dialog the PBX no longer has; SIP.js ends the session as it sends it. */
  private endGhost(entry: CallEntry): void {
    entry.session.bye().catch(() => {
      // No BYE possible (the dialog is already gone in SIP.js): end it here all the same.
      if (this.calls.has(entry.snapshot.id)) this.onSessionState(entry, SessionState.Terminated);
    });
  }

  private cancelRefresh(entry: CallEntry): void {
    if (entry.refreshTimer !== null) clearTimeout(entry.refreshTimer);
    entry.refreshTimer = null;
  }

  private setLink(entry: CallEntry, link: CallLink): void {
    if (entry.snapshot.link === link) return;
    entry.snapshot.link = transitionLink(entry.snapshot.link, link);
    this.publish(entry);
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer !== null || this.stopping) return;
    this.reconnectAttempt += 1;
    const delay = reconnectDelayMs(this.reconnectAttempt);
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
