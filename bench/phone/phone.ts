// A bare SIP.js phone for benchmarks: the baseline the app's renderer is compared
// with, and the agent's side of a SIP REFER transfer. No UI framework, no store.
import { Invitation, Registerer, RegistererState, SessionState, UserAgent, type Session } from "sip.js";

export interface PhoneCredentials {
  readonly wsServer: string;
  readonly aor: string;
  readonly authorizationUsername: string;
  readonly authorizationPassword: string;
}

/** Epoch milliseconds with sub-ms precision, comparable with the benchmark's clock once offset-calibrated. */
const now = () => performance.timeOrigin + performance.now();

export interface BenchPhone {
  /** Resolves when registered; times are epoch ms in this page's clock. */
  start(credentials: PhoneCredentials, autoAnswer: boolean): Promise<{ startedAt: number; registeredAt: number }>;
  stop(): Promise<void>;
  /** SIP Call-IDs of the established calls. */
  established(): string[];
  /** Blind transfer by SIP REFER: when it was sent and when the PBX accepted it (202). */
  refer(callId: string, target: string): Promise<{ sentAt: number; acceptedAt: number }>;
  hangupAll(): Promise<void>;
  now(): number;
}

let userAgent: UserAgent | null = null;
let registerer: Registerer | null = null;
const sessions = new Map<string, Session>();
const audioOnly = { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } };

function onInvite(invitation: Invitation, autoAnswer: boolean): void {
  const callId = invitation.request.callId;
  sessions.set(callId, invitation);
  invitation.stateChange.addListener((state) => {
    if (state === SessionState.Established || state === SessionState.Terminated) document.getElementById("incoming")!.textContent = "none";
    if (state === SessionState.Terminated) sessions.delete(callId);
  });
  document.getElementById("incoming")!.textContent = `ringing: ${invitation.remoteIdentity.uri.user ?? ""}`;
  if (autoAnswer) void invitation.accept(audioOnly).catch(() => undefined);
}

const phone: BenchPhone = {
  async start(credentials, autoAnswer) {
    const startedAt = now();
    const uri = UserAgent.makeURI(credentials.aor);
    if (uri === undefined) throw new Error(`not a SIP address: ${credentials.aor}`);
    userAgent = new UserAgent({
      uri,
      authorizationUsername: credentials.authorizationUsername,
      authorizationPassword: credentials.authorizationPassword,
      transportOptions: { server: credentials.wsServer },
      logLevel: "warn",
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers: [] } },
      delegate: { onInvite: (invitation) => onInvite(invitation, autoAnswer) },
    });
    const current = new Registerer(userAgent);
    registerer = current;
    const registered = new Promise<number>((resolve) => {
      current.stateChange.addListener((state) => {
        if (state === RegistererState.Registered) resolve(now());
      });
    });
    await userAgent.start();
    await current.register();
    const registeredAt = await registered;
    document.getElementById("registration")!.textContent = "registered";
    return { startedAt, registeredAt };
  },
  async stop() {
    await phone.hangupAll();
    await registerer?.unregister().catch(() => undefined);
    await userAgent?.stop();
  },
  established: () => [...sessions].filter(([, s]) => s.state === SessionState.Established).map(([id]) => id),
  async refer(callId, target) {
    const session = sessions.get(callId);
    if (session === undefined || userAgent === null) throw new Error(`no call ${callId}`);
    const to = UserAgent.makeURI(`sip:${target}@${session.remoteIdentity.uri.host}`);
    if (to === undefined) throw new Error(`not a SIP target: ${target}`);
    const sentAt = now();
    const acceptedAt = await new Promise<number>((resolve, reject) => {
      session
        .refer(to, { requestDelegate: { onAccept: () => resolve(now()), onReject: (response) => reject(new Error(`REFER refused: ${response.message.statusCode}`)) } })
        .catch(reject);
    });
    return { sentAt, acceptedAt };
  },
  async hangupAll() {
    for (const session of [...sessions.values()]) {
      if (session.state === SessionState.Established) await session.bye().catch(() => undefined);
      else if (session instanceof Invitation && session.state === SessionState.Initial) await session.reject().catch(() => undefined);
    }
  },
  now,
};

(window as unknown as { phone: BenchPhone }).phone = phone;
