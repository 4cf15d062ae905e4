import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalCa } from "../../pbx/src/local-ca";
import { loadConfig } from "./config";
import { parseTrustedProxies, readCaCertificate, readServerTls } from "./tls-files";

let dir: string;
let ca: LocalCa;
const file = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "handoff-tls-files-"));
  ca = LocalCa.ensure(join(dir, "ca"));
  const server = ca.issue("server");
  const other = ca.issue("other");
  writeFileSync(file("server.pem"), server.cert);
  writeFileSync(file("server.key"), server.key);
  writeFileSync(file("other.key"), other.key);
  writeFileSync(file("junk.pem"), "not a certificate\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const problemOf = (checked: { ok: boolean; problem?: string }) => (checked.ok ? "ok" : checked.problem);

describe("the server's certificate and key", () => {
  it("takes a certificate with its own key", () => {
    expect(problemOf(readServerTls(file("server.pem"), file("server.key")))).toBe("ok");
  });

  it("names the variable, the file and the fix for each thing that is wrong", () => {
    expect(problemOf(readServerTls(file("missing.pem"), file("server.key")))).toMatch(/^HANDOFF_TLS_CERT: cannot read .*missing\.pem \(ENOENT\)/);
    expect(problemOf(readServerTls(file("junk.pem"), file("server.key")))).toMatch(/^HANDOFF_TLS_CERT: .*junk\.pem is not a PEM certificate/);
    expect(problemOf(readServerTls(file("server.pem"), file("junk.pem")))).toMatch(/^HANDOFF_TLS_KEY: .*is not an unencrypted PEM private key/);
    expect(problemOf(readServerTls(file("server.pem"), file("other.key")))).toMatch(/^HANDOFF_TLS_KEY: .*other\.key is not the key of the certificate/);
  });

  it("refuses a certificate that has expired (the same pair, read 400 days on)", () => {
    expect(problemOf(readServerTls(file("server.pem"), file("server.key"), new Date(Date.now() + 400 * 86_400_000)))).toMatch(/expired on .*renew it/);
  });

  it("stops the server at start through its configuration, with every problem listed", () => {
    const base = { HANDOFF_AMI_HOST: "127.0.0.1", HANDOFF_AMI_USERNAME: "handoff", HANDOFF_AMI_SECRET: "s", HANDOFF_SIP_WS_URL: "wss://127.0.0.1:8089/ws", HANDOFF_SIP_DOMAIN: "d", HANDOFF_SIP_AUTH_DB: "/x", HANDOFF_JWT_SECRET: "x".repeat(32) };
    expect(loadConfig({ ...base, HANDOFF_TLS_CERT: file("server.pem"), HANDOFF_TLS_KEY: file("server.key") }).tls).toMatchObject({ cert: expect.stringContaining("BEGIN CERTIFICATE") });
    expect(loadConfig(base).tls).toBeNull();
    expect(() => loadConfig({ ...base, HANDOFF_TLS_CERT: file("server.pem") })).toThrow(/HANDOFF_TLS_CERT, HANDOFF_TLS_KEY: set both/);
    expect(() => loadConfig({ ...base, HANDOFF_TLS_CERT: file("server.pem"), HANDOFF_TLS_KEY: file("other.key"), HANDOFF_TRUST_PROXY: "*", HANDOFF_SIP_WS_CA: file("server.pem") })).toThrow(
      /HANDOFF_TLS_KEY: .*not the key[\s\S]*HANDOFF_TRUST_PROXY: "\*"[\s\S]*HANDOFF_SIP_WS_CA: .*not a CA's/,
    );
  });
});

describe("the CA trusted for the PBX's WebSocket", () => {
  it("takes a CA certificate, and refuses a leaf or junk", () => {
    expect(readCaCertificate("HANDOFF_SIP_WS_CA", ca.certFile)).toEqual({ ok: true, value: ca.cert });
    expect(problemOf(readCaCertificate("HANDOFF_SIP_WS_CA", file("server.pem")))).toMatch(/not a CA's/);
    expect(problemOf(readCaCertificate("HANDOFF_SIP_WS_CA", file("junk.pem")))).toMatch(/not a PEM certificate/);
  });
});

describe("trusted proxies", () => {
  it("takes addresses, CIDR ranges and proxy-addr's range names; nothing means none", () => {
    expect(parseTrustedProxies("127.0.0.1, 10.0.0.0/24,::1,fd00::/8,loopback")).toEqual({ ok: true, value: ["127.0.0.1", "10.0.0.0/24", "::1", "fd00::/8", "loopback"] });
    expect(parseTrustedProxies("")).toEqual({ ok: true, value: [] });
  });

  it("refuses everyone and anything that is not an address", () => {
    for (const entry of ["true", "*", "0.0.0.0/33", "proxy.example.com", "10.0.0.1/8/2"]) expect(problemOf(parseTrustedProxies(entry)), entry).toMatch(/^HANDOFF_TRUST_PROXY: /);
  });
});
