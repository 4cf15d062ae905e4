import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PbxConnection } from "./connection";
import { connectionFromEnv, describeConnection, loadPbxConnection, PbxEnvError, PbxNotUpError, writeConnectionFile } from "./connection";

const ENV = {
  HANDOFF_AMI_HOST: "pbx.example.test",
  HANDOFF_AMI_USERNAME: "server",
  HANDOFF_AMI_SECRET: "s3cret-ami",
  HANDOFF_SIP_WS_URL: "wss://pbx.example.test:8089/ws",
};

const local: PbxConnection = {
  provider: "chroot",
  ami: { host: "127.0.0.1", port: 5038, username: "handoff", secret: "secret-ami-1" },
  amiTest: { host: "127.0.0.1", port: 5038, username: "handoff-test", secret: "secret-ami-2" },
  amiBot: { host: "127.0.0.1", port: 5038, username: "handoff-bot", secret: "secret-ami-3" },
  sipWsUrl: "ws://127.0.0.1:8088/ws",
  sipDomain: "handoff.local",
  endpoints: [{ extension: "1001" }],
  sipAuthDb: "/cache/asterisk-root/var/lib/asterisk/handoff/sip-auths.sqlite3",
};

describe("connection from the environment", () => {
  it("uses the user's Asterisk with the default AMI port", () => {
    const connection = connectionFromEnv(ENV);
    expect(connection).toEqual({
      provider: "env",
      ami: { host: "pbx.example.test", port: 5038, username: "server", secret: "s3cret-ami" },
      amiTest: null,
      amiBot: null,
      sipWsUrl: "wss://pbx.example.test:8089/ws",
      sipDomain: "pbx.example.test",
      endpoints: [],
      sipAuthDb: null,
    });
  });

  it("names every missing variable at once", () => {
    const error = (() => {
      try {
        connectionFromEnv({ HANDOFF_AMI_HOST: "pbx" });
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(PbxEnvError);
    for (const name of ["HANDOFF_AMI_USERNAME", "HANDOFF_AMI_SECRET", "HANDOFF_SIP_WS_URL"]) expect(error?.message).toContain(`${name} is not set`);
    expect(error?.message).not.toContain("HANDOFF_AMI_PORT");
  });

  it("reads the optional test user, port, extensions and SIP auth database", () => {
    const connection = connectionFromEnv({
      ...ENV,
      HANDOFF_AMI_PORT: "15038",
      HANDOFF_AMI_TEST_USERNAME: "tester",
      HANDOFF_AMI_TEST_SECRET: "t",
      HANDOFF_SIP_EXTENSIONS: "1001,1002",
      HANDOFF_SIP_AUTH_DB: "/srv/asterisk/sip-auths.sqlite3",
      HANDOFF_SIP_DOMAIN: "calls.example.test",
    });
    expect(connection.ami.port).toBe(15038);
    expect(connection.amiTest).toEqual({ host: "pbx.example.test", port: 15038, username: "tester", secret: "t" });
    expect(connection.endpoints).toEqual([{ extension: "1001" }, { extension: "1002" }]);
    expect(connection.sipAuthDb).toBe("/srv/asterisk/sip-auths.sqlite3");
    expect(connection.sipDomain).toBe("calls.example.test");
  });

  it("rejects a half-configured test user, a bad port and a non-WebSocket URL", () => {
    expect(() => connectionFromEnv({ ...ENV, HANDOFF_AMI_TEST_USERNAME: "tester" })).toThrow(/both HANDOFF_AMI_TEST_USERNAME and HANDOFF_AMI_TEST_SECRET/);
    expect(() => connectionFromEnv({ ...ENV, HANDOFF_AMI_PORT: "http" })).toThrow(/HANDOFF_AMI_PORT must be a TCP port/);
    expect(() => connectionFromEnv({ ...ENV, HANDOFF_SIP_WS_URL: "http://pbx/ws" })).toThrow(/ws:\/\/ or wss:\/\//);
  });
});

describe("loadPbxConnection", () => {
  it("prefers the environment when HANDOFF_AMI_HOST is set", () => {
    expect(loadPbxConnection(ENV, "/nonexistent/connection.json").provider).toBe("env");
  });

  it("reads what pbx:up wrote, owner-only", () => {
    const file = join(mkdtempSync(join(tmpdir(), "handoff-conn-")), "pbx", "connection.json");
    writeConnectionFile(local, file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadPbxConnection({}, file)).toEqual(local);
  });

  it("tells to run pbx:up when nothing is up", () => {
    expect(() => loadPbxConnection({}, "/nonexistent/connection.json")).toThrow(PbxNotUpError);
    expect(() => loadPbxConnection({}, "/nonexistent/connection.json")).toThrow(/npm run pbx:up/);
  });
});

describe("describeConnection", () => {
  it("shows where things are and never a secret", () => {
    const text = describeConnection(local).join("\n");
    expect(text).toContain("127.0.0.1:5038 (user handoff)");
    expect(text).toContain("ws://127.0.0.1:8088/ws");
    expect(text).toContain("1001");
    expect(text).toContain("sip-auths.sqlite3");
    for (const secret of ["secret-ami-1", "secret-ami-2"]) expect(text).not.toContain(secret);
  });
});
