import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { RegistrarError, WsRegistrar } from "./registrar-client";

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** A registrar as Asterisk's behaves for this one request: challenge, then check the digest against its password. */
class FakeRegistrar {
  readonly requests: string[] = [];
  private readonly server: WebSocketServer;

  constructor(private readonly password: string) {
    this.server = new WebSocketServer({ port: 0, host: "127.0.0.1", handleProtocols: (protocols) => (protocols.has("sip") ? "sip" : false) });
    this.server.on("connection", (ws) =>
      ws.on("message", (data) => {
        const text = data.toString();
        this.requests.push(text);
        const header = (name: string) => new RegExp(`^${name}: (.*)$`, "mi").exec(text)?.[1] ?? "";
        const reply = (status: string, extra: string[] = []) =>
          ws.send([`SIP/2.0 ${status}`, `Via: ${header("Via")}`, `Call-ID: ${header("Call-ID")}`, `CSeq: ${header("CSeq")}`, ...extra, "Content-Length: 0", "", ""].join("\r\n"));
        const authorization = header("Authorization");
        if (authorization === "") return reply("401 Unauthorized", ['WWW-Authenticate: Digest realm="asterisk",nonce="n-1",opaque="o-1",algorithm=MD5,qop="auth"']);
        const field = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(authorization)?.[1] ?? "";
        const expected = md5(`${md5(`${field("username")}:asterisk:${this.password}`)}:n-1:${field("nc")}:${field("cnonce")}:auth:${md5(`REGISTER:${field("uri")}`)}`);
        reply(field("response") === expected ? "200 OK" : "401 Unauthorized", field("response") === expected ? [] : ['WWW-Authenticate: Digest realm="asterisk",nonce="n-2",algorithm=MD5,qop="auth"']);
      }),
    );
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/ws`;
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let fake: FakeRegistrar;

beforeEach(async () => {
  fake = new FakeRegistrar("right-password");
  await new Promise((resolve) => setTimeout(resolve, 10));
});

afterEach(() => fake.close().catch(() => undefined));

describe("WsRegistrar: dropping an extension's contacts", () => {
  it("sends Contact: * with Expires: 0 and answers the digest challenge with the current password", async () => {
    await new WsRegistrar({ wsUrl: fake.url, domain: "handoff.local" }).unregisterAll("1001", "right-password");
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]).toMatch(/^Contact: \*$/m);
    expect(fake.requests[1]).toMatch(/^Expires: 0$/m);
    expect(fake.requests[1]).toMatch(/^Authorization: Digest username="1001", realm="asterisk", nonce="n-1", uri="sip:handoff.local"/m);
  });

  it("fails, saying so, when the registrar does not take the password", async () => {
    await expect(new WsRegistrar({ wsUrl: fake.url, domain: "handoff.local" }).unregisterAll("1001", "old-password")).rejects.toThrow(/answered 401/);
  });

  it("fails within its time limit when nothing answers", async () => {
    const url = fake.url;
    await fake.close();
    await expect(new WsRegistrar({ wsUrl: url, domain: "handoff.local", timeoutMs: 500 }).unregisterAll("1001", "right-password")).rejects.toBeInstanceOf(Error);
  });
});

it("RegistrarError is a named error", () => {
  expect(new RegistrarError("x").name).toBe("RegistrarError");
});
