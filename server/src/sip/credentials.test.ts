import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SipAuthTable } from "./auth-table";
import { SipCredentials } from "./credentials";
import type { Registrar } from "./registrar-client";

let table: SipAuthTable;
let unregistered: Array<[string, string]>;
let warnings: string[];
let registrarFails: boolean;
let counter: number;

const registrar: Registrar = {
  async unregisterAll(extension, password) {
    if (registrarFails) throw new Error("no SIP WebSocket");
    unregistered.push([extension, password]);
  },
};

function credentials(): SipCredentials {
  return new SipCredentials({
    table,
    registrar,
    wsServer: "ws://127.0.0.1:8088/ws",
    domain: "handoff.local",
    log: { info: () => undefined, warn: (_details, message) => warnings.push(message) },
    newPassword: () => `pw-${++counter}`,
  });
}

const ALICE = { extension: "1001", name: "Alice Martin" };

beforeEach(() => {
  const file = join(mkdtempSync(join(tmpdir(), "handoff-sip-creds-")), "sip-auths.sqlite3");
  new BetterSqlite3(file).close();
  table = new SipAuthTable(file);
  unregistered = [];
  warnings = [];
  registrarFails = false;
  counter = 0;
});

afterEach(() => table.close());

describe("SIP credentials, one per sign-in", () => {
  it("a sign-in gets a fresh password, and any phone still registered on the extension is dropped", async () => {
    const sip = await credentials().issue("s1", ALICE);
    expect(sip).toEqual({ wsServer: "ws://127.0.0.1:8088/ws", aor: "sip:1001@handoff.local", authorizationUsername: "1001", authorizationPassword: "pw-1", displayName: "Alice Martin" });
    expect(table.passwordOf("1001")).toBe("pw-1");
    expect(unregistered).toEqual([["1001", "pw-1"]]);
  });

  it("two sign-ins never share a password; the newer one's is the only one that works", async () => {
    const service = credentials();
    const first = await service.issue("s1", ALICE);
    const second = await service.issue("s2", ALICE);
    expect(second.authorizationPassword).not.toBe(first.authorizationPassword);
    expect(table.passwordOf("1001")).toBe(second.authorizationPassword);
  });

  it("the session's end locks the extension with a password nobody was given, and drops its phone", async () => {
    const service = credentials();
    const issued = await service.issue("s1", ALICE);
    unregistered = [];
    await service.revoke("s1");
    const locked = table.passwordOf("1001");
    expect(locked).not.toBe(issued.authorizationPassword);
    expect(unregistered).toEqual([["1001", locked]]);
    expect(table.holders()).toEqual([]);
  });

  it("a replaced session's end changes nothing for the sign-in that replaced it", async () => {
    const service = credentials();
    await service.issue("s1", ALICE);
    const newer = await service.issue("s2", ALICE);
    unregistered = [];
    await service.revoke("s1");
    expect(table.passwordOf("1001")).toBe(newer.authorizationPassword);
    expect(unregistered).toEqual([]);
  });

  it("when the phone cannot be dropped, the password is changed all the same, and it says so", async () => {
    const service = credentials();
    const issued = await service.issue("s1", ALICE);
    registrarFails = true;
    await service.revoke("s1");
    expect(table.passwordOf("1001")).not.toBe(issued.authorizationPassword);
    expect(warnings).toEqual([expect.stringMatching(/revoked, but the registered phone could not be dropped/)]);
  });

  it("after a restart, revokes the credentials of sessions that ended meanwhile, and leaves live and unknown ones", async () => {
    const service = credentials();
    const live = await service.issue("live", ALICE);
    await service.issue("ended", { extension: "1002", name: "Bob" });
    await service.issue("elsewhere", { extension: "1003", name: "Carol" });
    const states = { live: "live", ended: "ended", elsewhere: "unknown" } as const;
    expect(await service.sweep(async (id) => states[id as keyof typeof states])).toBe(1);
    expect(table.holders().map((h) => h.sessionId)).toEqual(["live", "elsewhere"]);
    expect(table.passwordOf("1001")).toBe(live.authorizationPassword);
  });
});
