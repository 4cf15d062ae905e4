import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecrets, SecretsFileError } from "./secrets";

const scratch = () => join(mkdtempSync(join(tmpdir(), "handoff-secrets-")), "var", "pbx", "secrets.json");

describe("secrets", () => {
  it("creates owner-only AMI secrets, and no SIP password (the server issues one per sign-in)", () => {
    const file = scratch();
    const secrets = loadOrCreateSecrets(file);
    expect(secrets.amiSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(secrets.amiTestSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(secrets.amiTestSecret).not.toBe(secrets.amiSecret);
    expect(secrets.amiBotSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(JSON.parse(readFileSync(file, "utf8")))).toEqual(["amiSecret", "amiTestSecret", "amiBotSecret", "trunkSecret"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
  });

  it("reuses existing secrets", () => {
    const file = scratch();
    const first = loadOrCreateSecrets(file);
    expect(loadOrCreateSecrets(file)).toEqual(first);
  });

  it("drops the long-lived SIP passwords an older version kept, keeping the AMI secrets", () => {
    const file = scratch();
    const first = loadOrCreateSecrets(file);
    writeFileSync(file, JSON.stringify({ ...first, sipPasswords: { "1001": "1".repeat(32) } }));
    expect(loadOrCreateSecrets(file)).toEqual(first);
    expect(readFileSync(file, "utf8")).not.toContain("sipPasswords");
  });

  it("adds the bot's secret to a file written before the bot had a user, keeping the others", () => {
    const file = scratch();
    const first = loadOrCreateSecrets(file);
    writeFileSync(file, JSON.stringify({ amiSecret: first.amiSecret, amiTestSecret: first.amiTestSecret }));
    const again = loadOrCreateSecrets(file);
    expect(again).toMatchObject({ amiSecret: first.amiSecret, amiTestSecret: first.amiTestSecret });
    expect(again.amiBotSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(again.trunkSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(loadOrCreateSecrets(file)).toEqual(again);
  });

  it("refuses a damaged file instead of silently replacing secrets in use", () => {
    const file = scratch();
    loadOrCreateSecrets(file);
    writeFileSync(file, JSON.stringify({ amiSecret: "short", amiTestSecret: "b".repeat(32) }));
    expect(() => loadOrCreateSecrets(file)).toThrow(SecretsFileError);
    expect(() => loadOrCreateSecrets(file)).toThrow(/Delete it/);
  });
});
