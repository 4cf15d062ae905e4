// Drives the renderer's real SipEngine in a bare page, so a test can prove
// registration and media against the real Asterisk before any UI exists.
import { UserAgent, type Session } from "sip.js";
import { SipEngine, type AudioStats } from "../../src/telephony/sip-engine";
import type { CallSnapshot, RegistrationState, SipCredentials } from "../../src/telephony/types";

export interface Harness {
  start(credentials: SipCredentials): Promise<void>;
  stop(): Promise<void>;
  answer(id: string): Promise<void>;
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
  registration(): { state: RegistrationState; detail: string | undefined };
  calls(): CallSnapshot[];
}

const calls = new Map<string, CallSnapshot>();
let registration: { state: RegistrationState; detail: string | undefined } = { state: "unregistered", detail: undefined };

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
  reject: (id) => engine.reject(id),
  hangup: (id) => engine.hangup(id),
  sendDtmf: (id, digits) => engine.sendDtmf(id, digits),
  refer,
  audioStats: (id) => engine.audioStats(id),
  registration: () => registration,
  calls: () => [...calls.values()],
};

(window as unknown as { harness: Harness }).harness = harness;
