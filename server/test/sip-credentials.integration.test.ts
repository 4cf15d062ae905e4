import type { LoginResponse } from "@handoff/contract";
import { io } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadPbxConnection } from "../../pbx/src/connection";
import { AmiClient } from "../src/ami";
import { SipTestPhone } from "./support/sip-test-phone";
import { startTestServer, type TestServer } from "./support/test-server";

/**
 * Per-sign-in SIP credentials on the real Asterisk (realtime ps_auths written by the server): the login's
 * credential registers; a second device with it is refused while the first is registered; after sign-out
 * the same credential is refused and the contact is gone; a newer sign-in ends the older session.
 */
let server: TestServer;
let ami: AmiClient;
const phones: SipTestPhone[] = [];

beforeAll(async () => {
  server = await startTestServer();
  const { amiTest } = loadPbxConnection();
  if (amiTest === null) throw new Error("these tests need the test AMI user (the local PBX has one)");
  ami = await AmiClient.connect({ ...amiTest, allowedActions: new Set(["Getvar"]), reconnect: false, keepaliveMs: false });
});

afterEach(() => {
  for (const phone of phones.splice(0)) phone.close();
});

afterAll(async () => {
  await ami?.close();
  await server?.close();
});

async function login(username: string): Promise<LoginResponse> {
  const response = await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password: server.password(username) }) });
  expect(response.status).toBe(200);
  return (await response.json()) as LoginResponse;
}

async function post(path: string, token: string): Promise<number> {
  return (await fetch(`${server.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${token}` } })).status;
}

async function phone(sip: LoginResponse["sip"]): Promise<SipTestPhone> {
  if (sip === null) throw new Error("the login gave no SIP credential");
  const opened = await SipTestPhone.open(sip);
  phones.push(opened);
  return opened;
}

/** The contacts Asterisk would dial for the extension ("" when none is registered); rewrite_contact makes each the device's source address. */
async function contactsOf(extension: string): Promise<string> {
  return (await ami.send("Getvar", { Variable: `PJSIP_DIAL_CONTACTS(${extension})` })).response.get("Value") ?? "";
}

describe("SIP credentials, good for one sign-in", () => {
  it("the login answer's credential registers; the next sign-in gets another password", async () => {
    const first = await login("alice");
    expect(first.sip).toMatchObject({ authorizationUsername: "1001", aor: expect.stringMatching(/^sip:1001@/) });
    const alice = await phone(first.sip);
    expect(await alice.register()).toBe(200);
    expect(await contactsOf("1001")).not.toBe("");
    const second = await login("alice");
    expect(second.sip?.authorizationPassword).not.toBe(first.sip?.authorizationPassword);
    await post("/api/auth/logout", second.token);
  });

  it("a second device with the same credential is refused (403) while the first is registered", async () => {
    const { sip, token } = await login("alice");
    const first = await phone(sip);
    const second = await phone(sip);
    expect(await first.register()).toBe(200);
    const registered = await contactsOf("1001");
    expect(registered).not.toBe("");
    expect(await second.register()).toBe(403);
    // Still the first device's contact, and only it.
    expect(await contactsOf("1001")).toBe(registered);
    await post("/api/auth/logout", token);
  });

  it("a phone that hangs (connected, answering nothing) blocks its extension only until qualify finds it gone", async () => {
    const { sip, token } = await login("alice");
    const hung = await phone(sip);
    expect(await hung.register()).toBe(200);
    hung.deaf = true;
    const next = await phone(sip);
    expect(await next.register()).toBe(403);
    // qualify_frequency 10 s + qualify_timeout 3 s: then remove_unavailable makes room for the new contact.
    await expect.poll(() => next.register(), { timeout: 25_000, interval: 2_000 }).toBe(200);
    await post("/api/auth/logout", token);
  });

  it("after sign-out the same credential is refused (401) and the registered contact is gone at once", async () => {
    const { sip, token } = await login("alice");
    const alice = await phone(sip);
    expect(await alice.register()).toBe(200);
    expect(await contactsOf("1001")).not.toBe("");

    expect(await post("/api/auth/logout", token)).toBe(200);
    await expect.poll(() => contactsOf("1001"), { timeout: 3_000 }).toBe("");
    // The phone, still connected, tries to stay registered: refused. So is a new device with the copy.
    expect(await alice.register()).toBe(401);
    expect(await (await phone(sip)).register()).toBe(401);
    expect(await contactsOf("1001")).toBe("");
  });

  it("a newer sign-in of the same agent ends the older session as replaced and drops its phone", async () => {
    const older = await login("alice");
    const socket = io(server.url, { auth: { token: older.token }, transports: ["websocket"], reconnection: false });
    const ended = new Promise<string>((resolve) => socket.on("session.ended", (event: { reason: string }) => resolve(event.reason)));
    await new Promise<void>((resolve, reject) => {
      socket.on("connect", () => resolve());
      socket.on("connect_error", reject);
    });
    const oldPhone = await phone(older.sip);
    expect(await oldPhone.register()).toBe(200);

    const newer = await login("alice");
    expect(await ended).toBe("replaced");
    socket.close();
    expect(await post("/api/auth/renew", older.token)).toBe(401);
    await expect.poll(() => contactsOf("1001"), { timeout: 3_000 }).toBe("");
    expect(await oldPhone.register()).toBe(401);
    const newPhone = await phone(newer.sip);
    expect(await newPhone.register()).toBe(200);
    await post("/api/auth/logout", newer.token);
  });

  it("a token renewal keeps the credential: the phone stays registered and refreshes", async () => {
    const { sip, token } = await login("alice");
    const alice = await phone(sip);
    expect(await alice.register()).toBe(200);
    const renewed = await fetch(`${server.url}/api/auth/renew`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(renewed.status).toBe(200);
    expect(await alice.register()).toBe(200);
    expect(await contactsOf("1001")).not.toBe("");
    await post("/api/auth/logout", ((await renewed.json()) as { token: string }).token);
    await expect.poll(() => contactsOf("1001"), { timeout: 3_000 }).toBe("");
  });

  it("a bot signs in without a SIP credential", async () => {
    const bot = await login("voicebot");
    expect(bot.sip).toBeNull();
    await post("/api/auth/logout", bot.token);
  });
});
