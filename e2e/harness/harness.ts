// Drives the renderer's real SipEngine in a bare page, so a test can prove
// registration and media against the real Asterisk before any UI exists.
import { UserAgent, type Session } from "sip.js";
import type { SessionDescriptionHandler } from "sip.js/lib/platform/web";
import { SipEngine, type AudioStats } from "../../src/telephony/sip-engine";
import type { CallSnapshot, RegistrationState, SipCredentials } from "../../src/telephony/types";

export interface Harness {
  start(credentials: SipCredentials): Promise<void>;
  stop(): Promise<void>;
  answer(id: string): Promise<void>;
  /** Places a call from this phone, as the app's dialpad does; resolves with the new call's id. */
  dial(target: string): Promise<string>;
  /** Refuses a ringing call with 486 Busy Here. */
  reject(id: string): Promise<void>;
  hangup(id: string): Promise<void>;
  /** In-call keypad tones, as the app sends them. */
  sendDtmf(id: string, digits: string): Promise<void>;
  /**
   * A SIP REFER from the phone itself (the app never sends one: transfers go through the server).
   * Resolves with the PBX's final answer to the REFER, e.g. "603 Decline".
   */
  refer(id: string, target: string): Promise<string>;
  audioStats(id: string): Promise<AudioStats>;
  /**
   * How much of the call's received audio is each tone, over `ms`: a Goertzel filter per
   * frequency on the decoded samples, as a share of the signal's energy (a pure tone ≈ 1,
   * silence or another tone ≈ 0).
   */
  toneShares(id: string, frequencies: number[], ms: number): Promise<number[]>;
  /** The ICE username fragment the browser offers now: it changes with every ICE restart. */
  iceUfrag(id: string): string;
  /** The candidate pair the call's media uses now, as the browser reports it ("address:port type" each side). */
  selectedPair(id: string): Promise<{ local: string; remote: string; state: string } | null>;
  /** Every registration state the phone reported, in order, with the time it did. */
  registrationLog(): Array<{ state: RegistrationState; at: number }>;
  registration(): { state: RegistrationState; detail: string | undefined };
  calls(): CallSnapshot[];
}

const calls = new Map<string, CallSnapshot>();
let registration: { state: RegistrationState; detail: string | undefined } = { state: "unregistered", detail: undefined };
const registrationLog: Array<{ state: RegistrationState; at: number }> = [];

function render(): void {
  document.getElementById("registration")!.textContent = registration.state;
  const list = document.getElementById("calls")!;
  list.replaceChildren(
    ...[...calls.values()].map((call) => {
      const item = document.createElement("li");
      item.textContent = `${call.remote.name} <${call.remote.number}>: ${call.phase}`;
      return item;
    }),
  );
}

const engine = new SipEngine({
  registrationChanged(state, detail) {
    registration = { state, detail };
    registrationLog.push({ state, at: Date.now() });
    render();
  },
  callChanged(call) {
    calls.set(call.id, call);
    render();
  },
  callRemoved(id) {
    calls.delete(id);
    render();
  },
});

/** The SIP.js session behind a call id: the engine keeps it private, a hostile phone would not. */
function sessionOf(id: string): Session {
  const entry = (engine as unknown as { calls: Map<string, { session: Session }> }).calls.get(id);
  if (entry === undefined) throw new Error(`no call ${id}`);
  return entry.session;
}

function handlerOf(id: string): SessionDescriptionHandler {
  const handler = sessionOf(id).sessionDescriptionHandler as SessionDescriptionHandler | undefined;
  if (handler?.peerConnection === undefined) throw new Error(`call ${id} has no media yet`);
  return handler;
}

/** Goertzel power at `hz` over the block, normalised by the block's energy: ≈ 1 for a pure tone at `hz`. */
function goertzelShare(samples: Float32Array, sampleRate: number, hz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let previous = 0;
  let beforePrevious = 0;
  let energy = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
    energy += sample * sample;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return energy === 0 ? 0 : power / ((samples.length / 2) * energy);
}

async function toneShares(id: string, frequencies: number[], ms: number): Promise<number[]> {
  const context = new AudioContext();
  try {
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 4096;
    context.createMediaStreamSource(handlerOf(id).remoteMediaStream).connect(analyser);
    const block = new Float32Array(analyser.fftSize);
    const sums = frequencies.map(() => 0);
    let blocks = 0;
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // One block is ~85 ms at 48 kHz: read roughly each one once.
      await new Promise((resolve) => setTimeout(resolve, 80));
      analyser.getFloatTimeDomainData(block);
      frequencies.forEach((hz, index) => (sums[index] = (sums[index] ?? 0) + goertzelShare(block, context.sampleRate, hz)));
      blocks += 1;
    }
    return sums.map((sum) => (blocks === 0 ? 0 : sum / blocks));
  } finally {
    await context.close();
  }
}

function iceUfrag(id: string): string {
  const sdp = handlerOf(id).peerConnection?.localDescription?.sdp ?? "";
  return /a=ice-ufrag:(\S+)/.exec(sdp)?.[1] ?? "";
}

async function selectedPair(id: string): Promise<{ local: string; remote: string; state: string } | null> {
  const stats = await handlerOf(id).peerConnection!.getStats();
  type Entry = { type: string; id: string; selectedCandidatePairId?: string; localCandidateId?: string; remoteCandidateId?: string; state?: string; address?: string; port?: number; candidateType?: string };
  const byId = new Map<string, Entry>();
  stats.forEach((entry: Entry) => byId.set(entry.id, entry));
  const transport = [...byId.values()].find((entry) => entry.type === "transport" && entry.selectedCandidatePairId !== undefined);
  const pair = transport?.selectedCandidatePairId === undefined ? undefined : byId.get(transport.selectedCandidatePairId);
  if (pair === undefined) return null;
  const describe = (candidateId: string | undefined) => {
    const candidate = candidateId === undefined ? undefined : byId.get(candidateId);
    return candidate === undefined ? "?" : `${candidate.address}:${candidate.port} ${candidate.candidateType}`;
  };
  return { local: describe(pair.localCandidateId), remote: describe(pair.remoteCandidateId), state: pair.state ?? "?" };
}

function refer(id: string, target: string): Promise<string> {
  const session = sessionOf(id);
  const uri = UserAgent.makeURI(`sip:${target}@${session.remoteIdentity.uri.host}`);
  if (uri === undefined) return Promise.reject(new Error(`"${target}" makes no SIP URI`));
  return new Promise((resolve, reject) => {
    session
      .refer(uri, {
        requestDelegate: {
          onAccept: (response) => resolve(`${response.message.statusCode} ${response.message.reasonPhrase}`),
          onReject: (response) => resolve(`${response.message.statusCode} ${response.message.reasonPhrase}`),
        },
      })
      .catch(reject);
  });
}

const harness: Harness = {
  start: (credentials) => engine.start(credentials),
  stop: () => engine.stop(),
  answer: (id) => engine.answer(id),
  dial: (target) => engine.dial(target),
  reject: (id) => engine.reject(id),
  hangup: (id) => engine.hangup(id),
  sendDtmf: (id, digits) => engine.sendDtmf(id, digits),
  refer,
  audioStats: (id) => engine.audioStats(id),
  toneShares,
  iceUfrag,
  selectedPair,
  registrationLog: () => [...registrationLog],
  registration: () => registration,
  calls: () => [...calls.values()],
};

(window as unknown as { harness: Harness }).harness = harness;
