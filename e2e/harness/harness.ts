// Drives the renderer's real SipEngine in a bare page, so a test can prove
// registration and media against the real Asterisk before any UI exists.
import { SipEngine, type AudioStats } from "../../src/telephony/sip-engine";
import type { CallSnapshot, RegistrationState, SipCredentials } from "../../src/telephony/types";

export interface Harness {
  start(credentials: SipCredentials): Promise<void>;
  stop(): Promise<void>;
  answer(id: string): Promise<void>;
  /** Refuses a ringing call with 486 Busy Here. */
  reject(id: string): Promise<void>;
  hangup(id: string): Promise<void>;
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

const harness: Harness = {
  start: (credentials) => engine.start(credentials),
  stop: () => engine.stop(),
  answer: (id) => engine.answer(id),
  reject: (id) => engine.reject(id),
  hangup: (id) => engine.hangup(id),
  audioStats: (id) => engine.audioStats(id),
  registration: () => registration,
  calls: () => [...calls.values()],
};

(window as unknown as { harness: Harness }).harness = harness;
