import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecrets, SecretsFileError } from "./secrets";

const scratch = () => join(mkdtempSync(join(tmpdir(), "handoff-secrets-")), "var", "pbx", "secrets.json");

describe("secrets", () => {
  it("creates owner-only secrets, one SIP password per extension", () => {
    const file = scratch();
    const secrets = loadOrCreateSecrets(file, ["1001", "1002"]);
    expect(secrets.amiSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(secrets.amiTestSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(secrets.amiTestSecret).not.toBe(secrets.amiSecret);
    expect(Object.keys(secrets.sipPasswords)).toEqual(["1001", "1002"]);
    expect(secrets.sipPasswords["1001"]).not.toBe(secrets.sipPasswords["1002"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
  });

  it("reuses existing secrets and only adds what is missing", () => {
    const file = scratch();
    const first = loadOrCreateSecrets(file, ["1001"]);
    const second = loadOrCreateSecrets(file, ["1001", "1007"]);
    expect(second.amiSecret).toBe(first.amiSecret);
    expect(second.sipPasswords["1001"]).toBe(first.sipPasswords["1001"]);
    expect(second.sipPasswords["1007"]).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(readFileSync(file, "utf8")).sipPasswords["1007"]).toBe(second.sipPasswords["1007"]);
  });

  it("refuses a damaged file instead of silently replacing secrets in use", () => {
    const file = scratch();
    loadOrCreateSecrets(file, []);
    writeFileSync(file, JSON.stringify({ amiSecret: "short", amiTestSecret: "b".repeat(32), sipPasswords: {} }));
    expect(() => loadOrCreateSecrets(file, [])).toThrow(SecretsFileError);
    expect(() => loadOrCreateSecrets(file, [])).toThrow(/Delete it/);
  });
});
