// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeSipNetwork } from "../test-support/fake-sip-network";
import { AudioFlow } from "./audio-flow";
import { CallLink } from "./call-link";
import { CallPhase } from "./call-phase";
import { SipEngine } from "./sip-engine";
import type { CallSnapshot, RegistrationState } from "./types";

// The engine's real SIP.js user agent over an in-memory network to a small fake PBX,
// on fake timers: how fast a loss is noticed, how the phone reconnects, what it does to
// each call. The same journeys run against the real Asterisk in e2e/specs/network-loss.spec.ts.

const CREDENTIALS = { wsServer: "wss://pbx.test/ws", aor: "sip:1001@pbx.test", authorizationUsername: "1001", authorizationPassword: "secret", displayName: "Agent 1001" };

let network: FakeSipNetwork;
let engine: SipEngine;
let registrations: RegistrationState[];
let calls: Map<string, CallSnapshot>;
let removed: CallSnapshot[];

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);
const registration = () => registrations.at(-1);
const only = (): CallSnapshot => {
  const [call] = [...calls.values()];
  if (call === undefined) throw new Error("no call on the phone");
  return call;
};

beforeEach(async () => {
  vi.useFakeTimers();
  vi.spyOn(console, "warn").mockImplementation(() => undefined);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  // jsdom has no media playback; the engine only starts and stops the remote audio element.
  vi.spyOn(window.HTMLMediaElement.prototype, "play").mockResolvedValue(undefined);
  vi.spyOn(window.HTMLMediaElement.prototype, "pause").mockImplementation(() => undefined);
  network = new FakeSipNetwork();
  registrations = [];
  calls = new Map();
  removed = [];
  engine = new SipEngine(
    {
      registrationChanged: (state) => registrations.push(state),
      callChanged: (call) => calls.set(call.id, call),
      callRemoved: (id) => {
        const call = calls.get(id);
        if (call !== undefined) removed.push(call);
        calls.delete(id);
      },
    },
    network.platform,
  );
  await engine.start(CREDENTIALS);
  await advance(10);
  expect(registration()).toBe("registered");
});

afterEach(async () => {
  network.heal();
  // A test that signed out has stopped the phone already.
  if (registration() !== "unregistered") {
    const stopped = engine.stop();
    await advance(100);
    await stopped;
  }
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A customer call, answered: returns the PBX's Call-ID. */
async function answeredCall(customer = "5550100"): Promise<string> {
  const sipCallId = network.ring(customer);
  await advance(10);
  const call = [...calls.values()].find((c) => c.sipCallId === sipCallId);
  if (call === undefined) throw new Error("the call did not ring");
  const answering = engine.answer(call.id);
  await advance(10);
  await answering;
  expect(calls.get(call.id)?.phase).toBe(CallPhase.Active);
  return sipCallId;
}

describe("noticing a dead transport", () => {
  it("a healthy network is probed with OPTIONS now and then, and stays registered", async () => {
    await answeredCall();
    await advance(60_000);
    expect(registrations.filter((s) => s !== "registered")).toEqual(["connecting"]);
    expect(network.received.filter((r) => r.startsWith("OPTIONS")).length).toBeGreaterThanOrEqual(10);
    expect(only().link).toBe(CallLink.Up);
  });

  it("a silent blackhole is noticed within 8 s: the phone says it is reconnecting and the call that its link is lost", async () => {
    await answeredCall();
    network.blackhole();
    await advance(8_000);
    expect(registration()).toBe("reconnecting");
    expect(only().link).toBe(CallLink.Lost);
    expect(only().phase).toBe(CallPhase.Active);
  });
});

describe("after the network returns", () => {
  it("re-registers and re-INVITEs the call with an ICE restart over the new connection, so the PBX's BYE reaches the phone again", async () => {
    const sipCallId = await answeredCall();
    network.blackhole();
    await advance(20_000);
    expect(registration()).toBe("reconnecting");
    network.heal();
    await advance(15_000);
    expect(registration()).toBe("registered");
    expect(only().link).toBe(CallLink.Up);
    const reinvites = network.received.filter((r) => r.startsWith("INVITE"));
    expect(reinvites).toHaveLength(1);
    expect(network.descriptions.at(-1)).toMatchObject({ offerOptions: { iceRestart: true } });
    network.hangUp(sipCallId);
    await advance(10);
    expect(calls.size).toBe(0);
  });

  it("backs off while the PBX refuses connections (a cut), without giving up, and is back within 10 s of the network", async () => {
    await answeredCall();
    network.cut();
    await advance(10);
    expect(registration()).toBe("reconnecting");
    expect(only().link).toBe(CallLink.Lost);
    const before = network.connectAttempts;
    await advance(30_000);
    const attempts = network.connectAttempts - before;
    // 0.25-0.5 s doubling to a 5-10 s ceiling: a handful in 30 s, not hundreds, and not none.
    expect(attempts).toBeGreaterThanOrEqual(4);
    expect(attempts).toBeLessThanOrEqual(12);
    expect(registration()).toBe("reconnecting");
    network.heal();
    await advance(10_000);
    expect(registration()).toBe("registered");
    expect(only().link).toBe(CallLink.Up);
  });

  it("a call the customer hung up during the cut is answered 481 and cleared, and the next call can be answered", async () => {
    const sipCallId = await answeredCall();
    network.cut();
    network.hangUp(sipCallId); // the BYE is lost; the PBX forgets the dialog
    await advance(5_000);
    expect(calls.size).toBe(1);
    network.heal();
    await advance(10_000);
    expect(registration()).toBe("registered");
    expect(calls.size).toBe(0);
    expect(removed.at(-1)?.endedReason).toContain("481");
    await answeredCall("5550101");
    expect(only().remote.number).toBe("5550101");
  });

  it("a refresh answered 491 is tried again until the PBX takes it", async () => {
    await answeredCall();
    network.reinviteStatus = [491, "Request Pending"];
    network.cut();
    await advance(10);
    network.heal();
    await advance(1_500);
    expect(only().link).toBe(CallLink.Refreshing);
    network.reinviteStatus = [200, "OK"];
    await advance(10_000);
    expect(only().link).toBe(CallLink.Up);
    expect(network.received.filter((r) => r.startsWith("INVITE")).length).toBeGreaterThanOrEqual(2);
  });

  it("a REGISTER refresh lost in the blackhole does not keep the phone from registering on the new connection", async () => {
    // SIP.js refreshes the 120 s registration at 99 % of it: blackhole just before, so that refresh is lost.
    await advance(118_000);
    network.blackhole();
    await advance(12_000);
    expect(registration()).toBe("reconnecting");
    network.heal();
    // The lost REGISTER's transaction runs out 32 s after it was sent; the phone asks again then.
    await advance(40_000);
    expect(registration()).toBe("registered");
    expect(network.received.filter((r) => r.startsWith("REGISTER")).at(-1)).not.toBe("REGISTER 1");
  });

  it("stopped while reconnecting (signed out), the phone stops trying", async () => {
    network.cut();
    await advance(10);
    const stopping = engine.stop();
    await advance(100);
    await stopping;
    const attempts = network.connectAttempts;
    await advance(60_000);
    expect(network.connectAttempts).toBe(attempts);
  });
});

describe("media loss (the signalling untouched)", () => {
  /** `seconds` of the PBX's RTP arriving (50 packets a second) or not. */
  async function rtpFor(seconds: number, arriving: boolean): Promise<void> {
    for (let second = 0; second < seconds; second += 1) {
      if (arriving) network.rtpReceived = (network.rtpReceived ?? 0) + 50;
      await advance(1_000);
    }
  }

  it("says the caller's audio stalled once no RTP arrived for 3 s, and that it flows again at the next packet", async () => {
    network.rtpReceived = 0;
    await answeredCall();
    await rtpFor(5, true);
    expect(only().incomingAudio).toBe(AudioFlow.Flowing);
    await rtpFor(2, false);
    expect(only().incomingAudio).toBe(AudioFlow.Flowing);
    await rtpFor(2, false);
    expect(only().incomingAudio).toBe(AudioFlow.Stalled);
    // Nothing else moved: the phone is registered and the call's link is up; only the counter could tell.
    expect(registration()).toBe("registered");
    expect(only().link).toBe(CallLink.Up);
    expect(only().phase).toBe(CallPhase.Active);
    await rtpFor(1, true);
    expect(only().incomingAudio).toBe(AudioFlow.Flowing);
  });

  it("does not judge a held call, which receives nothing by design, and starts afresh when it is resumed", async () => {
    network.rtpReceived = 0;
    await answeredCall();
    await rtpFor(2, true);
    const holding = engine.hold(only().id);
    await advance(10);
    await holding;
    await rtpFor(10, false);
    expect(only()).toMatchObject({ phase: CallPhase.Held, incomingAudio: AudioFlow.Flowing });
    const resuming = engine.unhold(only().id);
    await advance(10);
    await resuming;
    await rtpFor(2, false);
    expect(only()).toMatchObject({ phase: CallPhase.Active, incomingAudio: AudioFlow.Flowing });
    await rtpFor(2, false);
    expect(only().incomingAudio).toBe(AudioFlow.Stalled);
  });
});
