import { describe, expect, it } from "vitest";
import { callerState, isSettled, judge, type ChannelRecord, type Verdict } from "./truth";

// CoreShowChannel records as Asterisk 22 lists them (fields trimmed to what the classifier reads).
const CALLER = "Local/1001@handoff-inbound-0000002a;2";
const channel = (name: string, fields: Partial<Record<string, string>> = {}): ChannelRecord => ({
  Event: "CoreShowChannel",
  Channel: name,
  ChannelState: "6",
  ChannelStateDesc: "Up",
  CallerIDNum: "5500001",
  Context: "handoff-inbound",
  Exten: "1001",
  Uniqueid: `u-${name}`,
  Linkedid: "1733090000.100",
  Application: "",
  ApplicationData: "",
  BridgeId: "",
  ...fields,
});
const customer = channel("Local/1001@handoff-inbound-0000002a;1", { Context: "handoff-customer", Application: "Wait", ApplicationData: "3600" });

describe("where Asterisk has the caller", () => {
  it("bridged with the agent's phone", () => {
    const records = [customer, channel(CALLER, { Application: "Dial", BridgeId: "b1" }), channel("PJSIP/1001-00000011", { Application: "AppDial", BridgeId: "b1" })];
    expect(callerState(records, CALLER)).toEqual({ kind: "bridged", parties: [{ kind: "phone", extension: "1001", channel: "PJSIP/1001-00000011" }] });
  });

  it("bridged with a consultation's Local half is bridged with whoever is at its far end", () => {
    const records = [
      channel(CALLER, { Application: "Dial", BridgeId: "b1" }),
      channel("Local/1002@handoff-transfer-00000003;1", { BridgeId: "b1" }),
      channel("Local/1002@handoff-transfer-00000003;2", { Application: "Dial", Context: "handoff-transfer", BridgeId: "b2" }),
      channel("PJSIP/1002-00000012", { Application: "AppDial", BridgeId: "b2" }),
    ];
    expect(callerState(records, CALLER)).toEqual({ kind: "bridged", parties: [{ kind: "phone", extension: "1002", channel: "PJSIP/1002-00000012" }] });
  });

  it("a consultation half whose far end still dials is ringing, not with anybody", () => {
    const records = [
      channel(CALLER, { BridgeId: "b1" }),
      channel("Local/1002@handoff-transfer-00000003;1", { BridgeId: "b1" }),
      channel("Local/1002@handoff-transfer-00000003;2", { Application: "Dial", Context: "handoff-transfer" }),
    ];
    expect(callerState(records, CALLER).kind).toBe("ringing");
  });

  it("a caller whose consultation half the dialplan moved on (a blond transfer nobody took) is queued or held through it", () => {
    const through = (far: Partial<Record<string, string>>) => [
      channel(CALLER, { BridgeId: "b1" }),
      channel("Local/1002@handoff-transfer-00000003;1", { BridgeId: "b1" }),
      channel("Local/1002@handoff-transfer-00000003;2", { Context: "handoff-fallback", ...far }),
    ];
    expect(callerState(through({ Application: "Queue", ApplicationData: "support,,,,,,,,," }), CALLER)).toEqual({ kind: "queued", queue: "support" });
    expect(callerState(through({ Application: "MusicOnHold", ApplicationData: "default,3" }), CALLER).kind).toBe("held");
  });

  it("the outside line", () => {
    const records = [channel(CALLER, { BridgeId: "b1" }), channel("Local/0123456789@handoff-outside-00000009;1", { BridgeId: "b1" }), channel("Local/0123456789@handoff-outside-00000009;2", { Context: "handoff-outside", Application: "Wait" })];
    expect(callerState(records, CALLER)).toEqual({ kind: "bridged", parties: [{ kind: "outside", channel: "Local/0123456789@handoff-outside-00000009;1" }] });
  });

  it("ringing, queued, on hold, with the bot, alone, gone", () => {
    expect(callerState([channel(CALLER, { Application: "Dial", Context: "handoff-transfer-failed", ApplicationData: "PJSIP/1001,6,tb(…)" })], CALLER)).toEqual({ kind: "ringing", context: "handoff-transfer-failed", data: "PJSIP/1001,6,tb(…)" });
    expect(callerState([channel(CALLER, { Application: "Queue", ApplicationData: "support,t,,,6", Context: "handoff-transfer" })], CALLER)).toEqual({ kind: "queued", queue: "support" });
    expect(callerState([channel(CALLER, { Application: "MusicOnHold", Context: "handoff-fallback" })], CALLER)).toEqual({ kind: "held", context: "handoff-fallback" });
    const bot = "Local/s@handoff-bot-00000004;2";
    expect(callerState([channel(bot, { Application: "Wait", Context: "handoff-bot" })], bot)).toEqual({ kind: "with-bot" });
    expect(callerState([channel(CALLER, { BridgeId: "b1" })], CALLER)).toEqual({ kind: "nobody", detail: "alone in its bridge" });
    expect(callerState([channel(CALLER, { Application: "Hangup", Context: "handoff-transfer-failed" })], CALLER)).toEqual({ kind: "nobody", detail: "in Hangup (handoff-transfer-failed)" });
    expect(callerState([customer], CALLER)).toEqual({ kind: "gone" });
  });

  it("settled means with a human, gone or with the bot", () => {
    expect(isSettled({ kind: "bridged", parties: [{ kind: "phone", extension: "1002", channel: "PJSIP/1002-1" }] })).toBe(true);
    expect(isSettled({ kind: "bridged", parties: [{ kind: "other", channel: "Local/x;1" }] })).toBe(false);
    expect(isSettled({ kind: "ringing", context: "x", data: "" })).toBe(false);
    expect(isSettled({ kind: "gone" })).toBe(true);
  });
});

describe("the server's final status against Asterisk", () => {
  const withPhone = (extension: string) => ({ kind: "bridged", parties: [{ kind: "phone", extension, channel: `PJSIP/${extension}-1` }] }) as const;
  const base: Verdict = { status: "completed", end: withPhone("1002"), beforeGone: withPhone("1002"), goneBy: null, target: { kind: "phone", extension: "1002" }, agent: "1001" };

  it("completed agrees only with the caller bridged with the target", () => {
    expect(judge(base)).toEqual({ lost: false, disagrees: false, why: null });
    expect(judge({ ...base, end: withPhone("1001") })).toMatchObject({ disagrees: true, why: "completed, but the caller is bridged with 1001" });
    expect(judge({ ...base, target: { kind: "any-phone", except: "1001" } })).toMatchObject({ disagrees: false });
    expect(judge({ ...base, target: { kind: "any-phone", except: "1002" } })).toMatchObject({ disagrees: true });
  });

  it("failed or cancelled agree with the agent, another human or a gone caller, never with the target", () => {
    expect(judge({ ...base, status: "failed", end: withPhone("1001") }).disagrees).toBe(false);
    expect(judge({ ...base, status: "cancelled", end: withPhone("1004") }).disagrees).toBe(false);
    expect(judge({ ...base, status: "failed" })).toMatchObject({ disagrees: true, why: "failed, but the caller is bridged with 1002: that is the target" });
    expect(judge({ ...base, status: "failed", end: { kind: "ringing", context: "handoff-transfer-failed", data: "PJSIP/1001" } }).disagrees).toBe(true);
  });

  it("a caller the soak hung up is judged by where it was just before", () => {
    const gone = { ...base, end: { kind: "gone" }, goneBy: "soak" } as const;
    expect(judge(gone)).toEqual({ lost: false, disagrees: false, why: null });
    expect(judge({ ...gone, status: "failed" }).disagrees).toBe(true);
    expect(judge({ ...gone, status: "failed", beforeGone: { kind: "ringing", context: "handoff-transfer", data: "PJSIP/1002" } }).disagrees).toBe(false);
    expect(judge({ ...gone, beforeGone: withPhone("1001") }).disagrees).toBe(true);
  });

  it("a caller that vanished on its own is lost, whatever the status", () => {
    const dropped = { ...base, status: "failed", end: { kind: "gone" }, beforeGone: { kind: "ringing", context: "handoff-transfer-failed", data: "PJSIP/1001" } } as const;
    expect(judge(dropped)).toMatchObject({ lost: true, disagrees: false, why: "caller dropped (last seen: is ringing (handoff-transfer-failed: PJSIP/1001))" });
    // ...unless Asterisk itself was restarted under it.
    expect(judge({ ...dropped, goneBy: "pbx-restart" }).lost).toBe(false);
    expect(judge({ ...base, status: "unknown", end: { kind: "nobody", detail: "alone in its bridge" } })).toMatchObject({ lost: true, disagrees: false });
  });

  it("a refused request agrees only while the caller stayed where it was", () => {
    expect(judge({ ...base, status: "refused", end: withPhone("1001") }).disagrees).toBe(false);
    expect(judge({ ...base, status: "refused", end: withPhone("1002") }).disagrees).toBe(true);
    expect(judge({ ...base, status: "refused", agent: null, end: { kind: "with-bot" } }).disagrees).toBe(false);
  });

  it("a status that is not final is not judged here (it counts as not final)", () => {
    expect(judge({ ...base, status: "unknown", end: withPhone("1001") })).toEqual({ lost: false, disagrees: false, why: null });
    expect(judge({ ...base, status: null, end: withPhone("1001") }).disagrees).toBe(false);
  });
});
