import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AmiMessage } from "../ami";
import { SipAuthTable } from "../sip/auth-table";
import { VisitorLines } from "./visitor-lines";

let table: SipAuthTable;
let counter: number;

function lines(names = ["visitor-1", "visitor-2"]): VisitorLines {
  return new VisitorLines({
    lines: names,
    table,
    wsServer: "ws://127.0.0.1:8088/ws",
    domain: "handoff.local",
    target: "bot",
    credentialTtlMs: 30_000,
    log: { info: () => undefined },
    newPassword: () => `pw-${++counter}`,
    now: () => Date.parse("2026-12-03T09:00:00Z"),
  });
}

const newChannel = (channel: string) => AmiMessage.from({ Event: "Newchannel", Channel: channel, Uniqueid: "1.1" });
const hangup = (channel: string) => AmiMessage.from({ Event: "Hangup", Channel: channel, Uniqueid: "1.1" });

beforeEach(() => {
  vi.useFakeTimers();
  const file = join(mkdtempSync(join(tmpdir(), "handoff-visitors-")), "sip-auths.sqlite3");
  new BetterSqlite3(file).close();
  table = new SipAuthTable(file);
  counter = 0;
});

afterEach(() => {
  table.close();
  vi.useRealTimers();
});

describe("visitor lines: one credential, one call", () => {
  it("starts with every line locked, whatever an earlier run issued", () => {
    table.grant("visitor-1", "visitor:old", "left-by-a-crash");
    lines();
    expect(table.passwordOf("visitor-1")).toBe("pw-1");
    expect(table.passwordOf("visitor-2")).toBe("pw-2");
    expect(table.holders()).toEqual([]);
  });

  it("issues a free line's credential for the bot only, and the line is no longer free", () => {
    const service = lines();
    const call = service.issue();
    expect(call).toEqual({
      sip: { wsServer: "ws://127.0.0.1:8088/ws", aor: "sip:visitor-1@handoff.local", authorizationUsername: "visitor-1", authorizationPassword: "pw-3", displayName: "Website visitor", target: "sip:bot@handoff.local" },
      expiresAt: "2026-12-03T09:00:30.000Z",
    });
    expect(table.passwordOf("visitor-1")).toBe("pw-3");
    expect(service.issue()?.sip.authorizationUsername).toBe("visitor-2");
    expect(service.issue()).toBeNull();
  });

  it("spends the credential as soon as its call's channel exists: a second call with it is refused", () => {
    const service = lines(["visitor-1"]);
    service.issue();
    service.apply(newChannel("PJSIP/visitor-1-0000002a"));
    expect(table.passwordOf("visitor-1")).not.toBe("pw-2");
    expect(service.states()).toEqual({ "visitor-1": "in_call" });
    expect(service.issue()).toBeNull();
  });

  it("frees the line when the call's last channel hangs up, not before", () => {
    const service = lines(["visitor-1"]);
    service.issue();
    service.apply(newChannel("PJSIP/visitor-1-0000002a"));
    service.apply(newChannel("PJSIP/visitor-1-0000002b"));
    service.apply(hangup("PJSIP/visitor-1-0000002a"));
    expect(service.states()).toEqual({ "visitor-1": "in_call" });
    service.apply(hangup("PJSIP/visitor-1-0000002b"));
    expect(service.states()).toEqual({ "visitor-1": "free" });
    expect(service.issue()?.sip.authorizationPassword).not.toBe("pw-2");
  });

  it("locks a credential nobody called with once its time is up", () => {
    const service = lines(["visitor-1"]);
    service.issue();
    vi.advanceTimersByTime(29_999);
    expect(table.passwordOf("visitor-1")).toBe("pw-2");
    vi.advanceTimersByTime(1);
    expect(table.passwordOf("visitor-1")).toBe("pw-3");
    expect(service.states()).toEqual({ "visitor-1": "free" });
  });

  it("an expiry timer of an earlier credential does not lock a later one", () => {
    const service = lines(["visitor-1"]);
    service.issue();
    service.apply(newChannel("PJSIP/visitor-1-0000002a"));
    service.apply(hangup("PJSIP/visitor-1-0000002a"));
    vi.advanceTimersByTime(10_000);
    const second = service.issue();
    vi.advanceTimersByTime(25_000);
    expect(table.passwordOf("visitor-1")).toBe(second?.sip.authorizationPassword);
  });

  it("ignores channels of other endpoints, including names that only start alike", () => {
    const service = lines(["visitor-1"]);
    service.issue();
    for (const channel of ["PJSIP/1001-0000002a", "PJSIP/visitor-10-0000002a", "Local/visitor-1@x-0000002a;1"]) service.apply(newChannel(channel));
    expect(service.states()).toEqual({ "visitor-1": "issued" });
  });

  it("after an AMI reconnect, believes Asterisk's channels: a call that ended unseen frees its line, one that started is spent", () => {
    const service = lines(["visitor-1", "visitor-2"]);
    service.issue();
    service.issue();
    service.apply(newChannel("PJSIP/visitor-1-0000002a"));
    service.resynced(["PJSIP/visitor-2-0000003a", "PJSIP/1001-00000001"]);
    expect(service.states()).toEqual({ "visitor-1": "free", "visitor-2": "in_call" });
    expect(table.passwordOf("visitor-2")).not.toBe("pw-4");
  });
});
