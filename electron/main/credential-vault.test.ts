import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CredentialVault, type SafeStorageLike, type StoredCredentials } from "./credential-vault";
import { silentLogger } from "./logger";
import { fakeSafeStorage } from "./test-support/fake-safe-storage";
import { loginResponse, TOKEN } from "./test-support/fixtures";

const { agent, sip } = loginResponse();
const credentials: StoredCredentials = { serverUrl: "https://handoff.example.test", username: "alice", token: TOKEN, expiresAt: "2030-01-01T00:00:00.000Z", agent, sip };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "handoff-vault-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const vault = (storage: SafeStorageLike, platform: NodeJS.Platform = "linux") => new CredentialVault({ dir, safeStorage: storage, platform, log: silentLogger });

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe("CredentialVault with an OS keyring", () => {
  it("round-trips the session, encrypted, in a file only the owner can read", async () => {
    const storage = fakeSafeStorage("gnome_libsecret");
    const subject = vault(storage);
    expect(subject.security()).toEqual({ secure: true, backend: "gnome_libsecret" });
    expect(await subject.save(credentials, { plaintextConsent: false })).toEqual({ persisted: true, encrypted: true });
    expect(storage.encrypted).toBe(1);

    const raw = await readFile(subject.path, "utf8");
    expect(raw).not.toContain(TOKEN);
    expect(raw).not.toContain(sip?.authorizationPassword ?? "-");
    expect((await stat(subject.path)).mode & 0o777).toBe(0o600);
    expect(await vault(storage).load()).toEqual(credentials);
  });

  it("treats macOS and Windows encryption as secure", () => {
    expect(vault(fakeSafeStorage("unknown"), "darwin").security().secure).toBe(true);
    expect(vault(fakeSafeStorage("unknown"), "win32").security().secure).toBe(true);
  });

  it("tightens a file that already existed with loose permissions", async () => {
    const subject = vault(fakeSafeStorage("kwallet5"));
    await writeFile(subject.path, "{}", { mode: 0o644 });
    await subject.save(credentials, { plaintextConsent: false });
    expect((await stat(subject.path)).mode & 0o777).toBe(0o600);
  });

  it("discards a file it cannot read instead of trusting it", async () => {
    const subject = vault(fakeSafeStorage("gnome_libsecret"));
    await writeFile(subject.path, JSON.stringify({ version: 1, format: "safeStorage", data: "bm90IGpzb24=" }));
    expect(await subject.load()).toBeNull();
    expect(await exists(subject.path)).toBe(false);
  });

  it("has nothing to load before a save, and nothing after clear", async () => {
    const subject = vault(fakeSafeStorage("gnome_libsecret"));
    expect(await subject.load()).toBeNull();
    await subject.save(credentials, { plaintextConsent: false });
    await subject.clear();
    expect(await subject.load()).toBeNull();
  });
});

describe("CredentialVault without a secure backend", () => {
  const plaintextBackends: Array<[string, SafeStorageLike]> = [
    ["basic_text", fakeSafeStorage("basic_text")],
    ["unknown", fakeSafeStorage("unknown")],
    ["no encryption at all", fakeSafeStorage("gnome_libsecret", false)],
  ];

  it.each(plaintextBackends)("%s: writes nothing without consent, and says why", async (_label, storage) => {
    const subject = vault(storage);
    expect(subject.security().secure).toBe(false);
    const outcome = await subject.save(credentials, { plaintextConsent: false });
    expect(outcome.persisted).toBe(false);
    if (!outcome.persisted) expect(outcome.reason).toMatch(/sign in again next time/);
    expect(await exists(subject.path)).toBe(false);
  });

  it("removes an earlier remembered session when consent is not given", async () => {
    const secure = vault(fakeSafeStorage("gnome_libsecret"));
    await secure.save(credentials, { plaintextConsent: false });
    const insecure = vault(fakeSafeStorage("basic_text"));
    await insecure.save(credentials, { plaintextConsent: false });
    expect(await exists(insecure.path)).toBe(false);
  });

  it.each(plaintextBackends)("%s: with consent, persists (0600) and reports it is not encrypted", async (_label, storage) => {
    const subject = vault(storage);
    expect(await subject.save(credentials, { plaintextConsent: true })).toEqual({ persisted: true, encrypted: false });
    expect((await stat(subject.path)).mode & 0o777).toBe(0o600);
    expect(await subject.load()).toEqual(credentials);
  });
});
