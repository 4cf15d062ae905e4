import { AudioFlow } from "../telephony/audio-flow";
import { CallLink, transitionLink } from "../telephony/call-link";
import { CallPhase, transitionCall } from "../telephony/call-phase";
import type { Phone } from "../telephony/phone";
import type { AudioDevices, AudioStats, CallSnapshot, SipCredentials, TelephonyReporter } from "../telephony/types";

let sipNumber = 0;

/**
 * A phone without SIP: it records what the app asked and moves its calls
 * through the same phase machine as the real engine, reporting snapshots
 * through the same reporter. Tests drive the far side with `ring`, `connect`
 * and `remoteHangup`.
 */
export class FakePhone implements Phone {
  readonly requests: Array<{ method: string; args: unknown[] }> = [];
  readonly calls = new Map<string, CallSnapshot>();
  private next = 1;

  constructor(private readonly reporter: TelephonyReporter) {}

  calledWith(method: string): unknown[][] {
    return this.requests.filter((request) => request.method === method).map((request) => request.args);
  }

  /** An incoming call starts ringing. */
  ring(remote: { name: string; number: string }, sipCallId = `sip-${++sipNumber}@pbx`): CallSnapshot {
    const call: CallSnapshot = {
      id: `call-${this.next++}`,
      sipCallId,
      direction: "inbound",
      phase: CallPhase.Ringing,
      remote,
      startedAt: Date.now(),
      answeredAt: null,
      endedReason: null,
      muted: false,
      link: CallLink.Up,
      incomingAudio: AudioFlow.Flowing,
    };
    this.calls.set(call.id, call);
    this.reporter.callChanged({ ...call });
    return call;
  }

  /** A call the agent is already talking on. */
  connected(remote: { name: string; number: string }, sipCallId?: string): CallSnapshot {
    const call = this.ring(remote, sipCallId);
    this.move(call.id, CallPhase.Connecting);
    this.connect(call.id);
    return this.calls.get(call.id)!;
  }

  connect(id: string): void {
    const call = this.calls.get(id)!;
    call.answeredAt = Date.now();
    this.move(id, CallPhase.Active);
  }

  /** The phone's path to the PBX is lost (`lost`), being refreshed, or back (`up`). */
  setLink(id: string, link: CallLink): void {
    const call = this.calls.get(id)!;
    call.link = transitionLink(call.link, link);
    this.reporter.callChanged({ ...call, remote: { ...call.remote } });
  }

  /** The caller's audio stops arriving (`stalled`) or arrives again. */
  setIncomingAudio(id: string, flow: AudioFlow): void {
    const call = this.calls.get(id)!;
    call.incomingAudio = flow;
    this.reporter.callChanged({ ...call, remote: { ...call.remote } });
  }

  remoteHangup(id: string): void {
    this.move(id, CallPhase.Ended);
    this.calls.delete(id);
    this.reporter.callRemoved(id);
  }

  async start(credentials: SipCredentials): Promise<void> {
    this.requests.push({ method: "start", args: [credentials] });
    this.reporter.registrationChanged("registered");
  }

  async stop(): Promise<void> {
    this.requests.push({ method: "stop", args: [] });
    this.reporter.registrationChanged("unregistered");
  }

  async answer(id: string): Promise<void> {
    this.requests.push({ method: "answer", args: [id] });
    this.move(id, CallPhase.Connecting);
  }

  async hangup(id: string): Promise<void> {
    this.requests.push({ method: "hangup", args: [id] });
    this.remoteHangup(id);
  }

  async dial(target: string): Promise<string> {
    this.requests.push({ method: "dial", args: [target] });
    return "dialed";
  }

  async hold(id: string): Promise<void> {
    this.requests.push({ method: "hold", args: [id] });
    this.move(id, CallPhase.Held);
  }

  async unhold(id: string): Promise<void> {
    this.requests.push({ method: "unhold", args: [id] });
    this.move(id, CallPhase.Active);
  }

  setMuted(id: string, muted: boolean): void {
    this.requests.push({ method: "setMuted", args: [id, muted] });
    const call = this.calls.get(id)!;
    call.muted = muted;
    this.reporter.callChanged({ ...call });
  }

  async sendDtmf(id: string, tones: string): Promise<void> {
    this.requests.push({ method: "sendDtmf", args: [id, tones] });
  }

  setAudioDevices(devices: AudioDevices): void {
    this.requests.push({ method: "setAudioDevices", args: [devices] });
  }

  async audioStats(): Promise<AudioStats> {
    return { packetsReceived: 0, packetsSent: 0, packetsLost: 0, jitterSeconds: 0 };
  }

  private move(id: string, phase: CallPhase): void {
    const call = this.calls.get(id);
    if (call === undefined) throw new Error(`no call ${id}`);
    call.phase = transitionCall(call.phase, phase);
    this.reporter.callChanged({ ...call, remote: { ...call.remote } });
  }
}
