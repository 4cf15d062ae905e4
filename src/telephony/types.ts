import type { AudioFlow } from "./audio-flow";
import type { CallLink } from "./call-link";
import type { CallPhase } from "./call-phase";

/** What the server hands the renderer at login: enough to register, nothing more. */
export interface SipCredentials {
  wsServer: string;
  aor: string;
  authorizationUsername: string;
  authorizationPassword: string;
  displayName: string;
}

export type RegistrationState = "unregistered" | "connecting" | "registered" | "reconnecting" | "failed";

export interface CallSnapshot {
  /** Engine-local id, stable for the call's life. */
  id: string;
  /** The SIP Call-ID: what the server uses to find this call in Asterisk. */
  sipCallId: string;
  direction: "inbound" | "outbound";
  phase: CallPhase;
  remote: { name: string; number: string };
  startedAt: number;
  answeredAt: number | null;
  endedReason: string | null;
  /** The agent's microphone is off for this call; the call itself runs on. */
  muted: boolean;
  /** Whether the call's signalling path to the PBX works; `lost` while the phone reconnects. */
  link: CallLink;
  /** Whether the caller's audio arrives; `stalled` when no RTP came for 3 s on a connected call. */
  incomingAudio: AudioFlow;
}

/** The narrow set of store actions the engine may call; it never sees React. */
export interface TelephonyReporter {
  registrationChanged(state: RegistrationState, detail?: string): void;
  callChanged(call: CallSnapshot): void;
  callRemoved(id: string): void;
}

export interface AudioStats {
  packetsReceived: number;
  packetsSent: number;
  packetsLost: number;
  jitterSeconds: number;
}

/** Device ids from `enumerateDevices()`; null is the system default. */
export interface AudioDevices {
  microphoneId: string | null;
  speakerId: string | null;
}
