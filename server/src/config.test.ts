import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const complete = {
  HANDOFF_AMI_HOST: "127.0.0.1",
  HANDOFF_AMI_USERNAME: "handoff",
  HANDOFF_AMI_SECRET: "s3cret",
  HANDOFF_SIP_WS_URL: "ws://127.0.0.1:8088/ws",
  HANDOFF_SIP_DOMAIN: "handoff.local",
  HANDOFF_SIP_AUTH_DB: "/var/lib/asterisk/handoff/sip-auths.sqlite3",
  HANDOFF_JWT_SECRET: "x".repeat(32),
};

describe("loadConfig", () => {
  it("reads a complete environment with defaults", () => {
    const config = loadConfig(complete);
    expect(config.http).toEqual({ host: "127.0.0.1", port: 8080 });
    expect(config.ami.port).toBe(5038);
    expect(config.transfer.queues.get("support")).toBe("2000");
    expect(config.database.databaseUrl).toBeUndefined();
    expect(config.sip.authDb).toBe("/var/lib/asterisk/handoff/sip-auths.sqlite3");
  });

  it("is a single server without HANDOFF_REDIS_URL, a replica with it on PostgreSQL, and refuses Redis on SQLite", () => {
    expect(loadConfig(complete).cluster).toBeNull();
    const replica = loadConfig({ ...complete, HANDOFF_REDIS_URL: "redis://10.0.0.5:6379", DATABASE_URL: "postgres://handoff@10.0.0.6/handoff", HANDOFF_REPLICA_ID: "r1" });
    expect(replica.cluster).toEqual({ redisUrl: "redis://10.0.0.5:6379", replicaId: "r1", replicaUrl: "http://127.0.0.1:8080" });
    expect(() => loadConfig({ ...complete, HANDOFF_REDIS_URL: "redis://10.0.0.5:6379" })).toThrow(/HANDOFF_REDIS_URL: replicas need one shared database; set DATABASE_URL to a postgres:\/\/ URL/);
  });

  it("needs the SIP auth table: without it no sign-in could get a phone password", () => {
    expect(() => loadConfig({ ...complete, HANDOFF_SIP_AUTH_DB: undefined })).toThrow(/HANDOFF_SIP_AUTH_DB: is missing/);
  });

  it("lists every missing or wrong variable at once, never echoing secrets", () => {
    let message = "";
    try {
      loadConfig({ ...complete, HANDOFF_AMI_SECRET: undefined, HANDOFF_JWT_SECRET: "short-secret-value", HANDOFF_SIP_WS_URL: "http://x", HANDOFF_HTTP_PORT: "99999" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain("HANDOFF_AMI_SECRET: is missing");
    expect(message).toContain("HANDOFF_JWT_SECRET: at least 32 characters");
    expect(message).toContain("HANDOFF_SIP_WS_URL");
    expect(message).toContain("HANDOFF_HTTP_PORT");
    expect(message).not.toContain("short-secret-value");
  });

  it("hands out a plain ws:// SIP WebSocket only on loopback, as the apps take it", () => {
    expect(loadConfig({ ...complete, HANDOFF_SIP_WS_URL: "ws://localhost:8088/ws" }).sip.wsServer).toBe("ws://localhost:8088/ws");
    expect(loadConfig({ ...complete, HANDOFF_SIP_WS_URL: "wss://pbx.example.com:8089/ws" }).sip.wsServer).toBe("wss://pbx.example.com:8089/ws");
    expect(() => loadConfig({ ...complete, HANDOFF_SIP_WS_URL: "ws://pbx.example.com:8088/ws" })).toThrow(/HANDOFF_SIP_WS_URL: ws:\/\/ only on this computer.*wss:\/\//);
  });

  it("refuses malformed queue lists", () => {
    expect(() => loadConfig({ ...complete, HANDOFF_QUEUES: "support=2000,sales" })).toThrow(/HANDOFF_QUEUES/);
  });

  it("takes the center's time zone for the queues' day, defaulting to the process's, and refuses an unknown one", () => {
    expect(loadConfig(complete).queueWork.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(loadConfig({ ...complete, HANDOFF_TIME_ZONE: "Europe/Berlin" }).queueWork.timeZone).toBe("Europe/Berlin");
    expect(() => loadConfig({ ...complete, HANDOFF_TIME_ZONE: "Europe/Atlantis" })).toThrow(/HANDOFF_TIME_ZONE: an IANA time zone/);
  });

  it("reads HANDOFF_TRUNKS, and refuses to start on a trunk field that could inject into Asterisk's config, naming the field and never the secret", () => {
    const trunk = { name: "fusion", label: "Head office", host: "pbx2.example.com", username: "handoff", password: "s3cret-trunk-pw", prefix: "9" };
    expect(loadConfig({ ...complete, HANDOFF_TRUNKS: JSON.stringify([trunk]) }).transfer.trunks).toMatchObject([{ name: "fusion", label: "Head office", prefix: "9", port: 5060, transport: "udp" }]);
    expect(loadConfig(complete).transfer.trunks).toEqual([]);
    for (const [field, value] of [["host", "pbx2.example.com\r\nexten => _X.,1,System(id)"], ["password", "s3cret\"-trunk-pw"], ["username", "hand;off"], ["label", "Head\noffice"]] as const) {
      let message = "";
      try {
        loadConfig({ ...complete, HANDOFF_TRUNKS: JSON.stringify([{ ...trunk, [field]: value }]) });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message, field).toContain(`HANDOFF_TRUNKS[0] ("fusion"): field "${field}" contains`);
      expect(message).not.toContain("s3cret");
    }
  });
});
