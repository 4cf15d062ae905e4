import type { AudioDevices, AudioStats, SipCredentials } from "./types";

/**
 * What the rest of the app may ask of the phone: calls are named by the
 * engine's ids, never by SIP.js objects. `SipEngine` is the real one; tests
 * pass a small fake.
 */
export interface Phone {
  start(credentials: SipCredentials): Promise<void>;
  stop(): Promise<void>;
  answer(id: string): Promise<void>;
  hangup(id: string): Promise<void>;
  /** Calls an extension, a number or a SIP URI; resolves with the new call's id once the INVITE is sent. */
  dial(target: string): Promise<string>;
  hold(id: string): Promise<void>;
  unhold(id: string): Promise<void>;
  setMuted(id: string, muted: boolean): void;
  sendDtmf(id: string, tones: string): Promise<void>;
  setAudioDevices(devices: AudioDevices): void;
  audioStats(id: string): Promise<AudioStats>;
}
