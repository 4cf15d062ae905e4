import { request as httpsRequest } from "node:https";
import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoginResponse } from "@handoff/contract";
import { loadPbxConnection } from "../../pbx/src/connection";
import { LocalCa } from "../../pbx/src/local-ca";
import { LOCAL_SIP_WSS_URL } from "../../pbx/src/local-pbx";
import { AmiClient } from "../src/ami";
import { SipTestPhone } from "./support/sip-test-phone";
import { startNginxProxy, type NginxProxy } from "./support/nginx-proxy";
import { startTestServer, type TestServer } from "./support/test-server";

// HTTPS and WSS both ways an administrator can deploy them: the server's own TLS, or nginx ending TLS in
// front of it. Every TLS client here trusts only the test's own CA, so each handshake checks the chain.

let dir: string;
let ca: LocalCa;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "handoff-tls-it-"));
  ca = LocalCa.ensure(join(dir, "ca"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { token?: string; sip?: { wsServer: string } | null };
}

/** One request as a browser would send it (fetch cannot be given a CA); `headers` may forge what a proxy adds. */
function send(url: string, path: string, options: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const target = new URL(path, url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { ...(body === undefined ? {} : { "content-type": "application/json" }), ...options.headers };
  return new Promise((resolve, reject) => {
    const request = (target.protocol === "https:" ? httpsRequest : httpRequest)(target, { method: options.method ?? "GET", headers, ca: ca.cert }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text === "" ? {} : (JSON.parse(text) as Answer["body"]) }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

const login = (server: TestServer, url: string, headers: Record<string, string> = {}) =>
  send(url, "/api/auth/login", { method: "POST", body: { username: "alice", password: server.password("alice"), remember: true }, headers: { origin: url, ...headers } });

/** The real-time link over the given URL: resolves once socket.io has connected over a WebSocket. */
async function realtimeConnects(url: string, token: string): Promise<void> {
  const socket = io(url, { auth: { token }, transports: ["websocket"], ca: ca.cert, extraHeaders: { origin: url } });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
  } finally {
    socket.close();
  }
}

describe("the server's own TLS (HANDOFF_TLS_CERT, HANDOFF_TLS_KEY)", () => {
  let server: TestServer;
  beforeAll(async () => {
    const issued = ca.issue("handoff-server");
    writeFileSync(join(dir, "server.pem"), issued.cert);
    writeFileSync(join(dir, "server.key"), issued.key, { mode: 0o600 });
    server = await startTestServer({ HANDOFF_TLS_CERT: join(dir, "server.pem"), HANDOFF_TLS_KEY: join(dir, "server.key") });
  });
  afterAll(async () => server?.close());

  it("serves the API over HTTPS with HSTS and a Secure remembered-sign-in cookie, and socket.io over WSS", async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await send(server.url, "/api/health");
    expect(health.status).toBe(200);
    expect(health.headers["strict-transport-security"]).toBe("max-age=31536000");
    const signedIn = await login(server, server.url);
    expect(signedIn.status).toBe(200);
    expect(String(signedIn.headers["set-cookie"])).toMatch(/^__Secure-handoff-remember=.*; Secure/);
    await realtimeConnects(server.url, signedIn.body.token ?? "");
  });

  it("speaks no plain HTTP on its port", async () => {
    await expect(send(server.url.replace("https:", "http:"), "/api/health")).rejects.toThrow();
  });
});

describe("phones on WSS (Asterisk's TLS listener, 8089)", () => {
  let server: TestServer;
  let ami: AmiClient;
  const pbxCa = () => LocalCa.ensure();
  beforeAll(async () => {
    server = await startTestServer({ HANDOFF_SIP_WS_URL: LOCAL_SIP_WSS_URL, HANDOFF_SIP_WS_CA: pbxCa().certFile });
    const { amiTest } = loadPbxConnection();
    if (amiTest === null) throw new Error("this test needs the test AMI user (the local PBX has one)");
    ami = await AmiClient.connect({ ...amiTest, allowedActions: new Set(["Getvar"]), reconnect: false, keepaliveMs: false });
  });
  afterAll(async () => {
    await ami?.close();
    await server?.close();
  });
  const contactsOf = async (extension: string) => (await ami.send("Getvar", { Variable: `PJSIP_DIAL_CONTACTS(${extension})` })).response.get("Value") ?? "";

  it("a phone registers over wss with the login's credential, and sign-out drops it through the server's own WSS link", async () => {
    const signedIn = (await (await fetch(`${server.url}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "alice", password: server.password("alice") }) })).json()) as LoginResponse;
    expect(signedIn.sip?.wsServer).toBe(LOCAL_SIP_WSS_URL);
    if (signedIn.sip === null) throw new Error("no SIP credential");
    // The certificate is checked: refused against Node's own CA list, taken against the install's CA.
    await expect(SipTestPhone.open(signedIn.sip)).rejects.toThrow(/self[- ]signed|unable to get local issuer|certificate/i);
    const phone = await SipTestPhone.open(signedIn.sip, pbxCa().cert);
    try {
      expect(await phone.register()).toBe(200);
      expect(await contactsOf("1001")).not.toBe("");
      const out = await fetch(`${server.url}/api/auth/logout`, { method: "POST", headers: { authorization: `Bearer ${signedIn.token}` } });
      expect(out.status).toBe(200);
      await expect.poll(() => contactsOf("1001"), { timeout: 3_000 }).toBe("");
    } finally {
      phone.close();
    }
  });
});

describe("behind nginx ending TLS (HANDOFF_TRUST_PROXY)", () => {
  let trusting: TestServer;
  let proxy: NginxProxy;
  let untrusting: TestServer;
  beforeAll(async () => {
    trusting = await startTestServer({ HANDOFF_TRUST_PROXY: "127.0.0.1" });
    proxy = await startNginxProxy(trusting.url, ca.issue("handoff-proxy"));
    untrusting = await startTestServer();
  });
  afterAll(async () => {
    await proxy?.close();
    await trusting?.close();
    await untrusting?.close();
  });

  it("takes https from the proxy it trusts: HSTS, a Secure cookie, and socket.io through the proxy's WebSocket upgrade", async () => {
    const signedIn = await login(trusting, proxy.url);
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(String(signedIn.headers["set-cookie"])).toMatch(/^__Secure-handoff-remember=.*; Secure/);
    await realtimeConnects(proxy.url, signedIn.body.token ?? "");
  });

  it("believes no X-Forwarded-* from a peer it does not trust: plain http stays plain", async () => {
    const forged = await login(untrusting, untrusting.url, { "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9", "x-forwarded-host": "phones.example.com" });
    expect(forged.status).toBe(200);
    expect(forged.headers["strict-transport-security"]).toBeUndefined();
    const cookie = String(forged.headers["set-cookie"]);
    expect(cookie).toMatch(/^handoff-remember=/);
    expect(cookie).not.toMatch(/Secure/);
  });
});
