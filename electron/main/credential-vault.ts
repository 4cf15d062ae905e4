import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { Agent, SipConfig } from "@handoff/contract";
import { z } from "zod";
import type { Logger } from "./logger";
import { writePrivateFile } from "./private-file";

/**
 * Keeps a remembered session (token, server, agent, SIP credentials) across
 * restarts, encrypted with the OS keyring through Electron's safeStorage.
 * Where there is no real keyring (Linux with no secret service: the
 * `basic_text` backend, or `unknown`), the secret would be readable by anyone
 * who can read the file: then nothing is written unless the agent said yes to
 * exactly that (main asks in a dialog; see `plaintextConsent`).
 */

export const StoredCredentials = z
  .object({
    serverUrl: z.string().url(),
    username: z.string(),
    token: z.string().min(1),
    expiresAt: z.string(),
    agent: Agent,
    sip: SipConfig.nullable(),
  })
  .strict();
export type StoredCredentials = z.infer<typeof StoredCredentials>;

const VaultFile = z.object({
  version: z.literal(1),
  /** "safeStorage": encrypted by the OS backend; "plaintext": base64 only, written with consent. */
  format: z.enum(["safeStorage", "plaintext"]),
  data: z.string(),
});

/** The part of Electron's safeStorage the vault uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend(): string;
}

export type VaultSecurity = { readonly secure: true; readonly backend: string } | { readonly secure: false; readonly reason: string };
export type SaveOutcome = { readonly persisted: true; readonly encrypted: boolean } | { readonly persisted: false; readonly reason: string };

export interface CredentialVaultOptions {
  /** app.getPath("userData"). */
  dir: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  log: Logger;
}

const SECURE_LINUX_BACKENDS = new Set(["gnome_libsecret", "kwallet", "kwallet5", "kwallet6"]);

export class CredentialVault {
  readonly path: string;

  constructor(private readonly options: CredentialVaultOptions) {
    this.path = join(options.dir, "credentials.json");
  }

  /** Whether a saved secret would be protected by the OS (call after app ready). */
  security(): VaultSecurity {
    const { safeStorage, platform } = this.options;
    if (!safeStorage.isEncryptionAvailable()) {
      return { secure: false, reason: "This system offers no encryption for stored secrets (no OS keyring is available)." };
    }
    if (platform === "linux") {
      const backend = safeStorage.getSelectedStorageBackend();
      if (!SECURE_LINUX_BACKENDS.has(backend)) {
        return { secure: false, reason: `No secret service (GNOME Keyring or KWallet) is running; stored secrets would be plain text (backend "${backend}").` };
      }
      return { secure: true, backend };
    }
    return { secure: true, backend: platform === "darwin" ? "keychain" : "dpapi" };
  }

  /**
   * Saves the session. Without a secure backend this writes nothing unless
   * `plaintextConsent` is true, and says why in the outcome.
   */
  async save(credentials: StoredCredentials, { plaintextConsent }: { plaintextConsent: boolean }): Promise<SaveOutcome> {
    const valid = StoredCredentials.parse(credentials);
    const security = this.security();
    if (!security.secure && !plaintextConsent) {
      await this.clear();
      return { persisted: false, reason: `${security.reason} Your session is kept until you quit; sign in again next time.` };
    }
    const json = JSON.stringify(valid);
    // With consent on basic_text, safeStorage still obfuscates; without any encryption, base64 is honest about being plain.
    const encrypt = this.options.safeStorage.isEncryptionAvailable();
    const file = encrypt
      ? { version: 1, format: "safeStorage", data: this.options.safeStorage.encryptString(json).toString("base64") }
      : { version: 1, format: "plaintext", data: Buffer.from(json, "utf8").toString("base64") };
    await writePrivateFile(this.path, JSON.stringify(file));
    return { persisted: true, encrypted: security.secure };
  }

  /** The remembered session, or null; an unreadable file is removed, never trusted. */
  async load(): Promise<StoredCredentials | null> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
    try {
      const file = VaultFile.parse(JSON.parse(text));
      const bytes = Buffer.from(file.data, "base64");
      const json = file.format === "safeStorage" ? this.options.safeStorage.decryptString(bytes) : bytes.toString("utf8");
      return StoredCredentials.parse(JSON.parse(json));
    } catch (error) {
      this.options.log.warn("the remembered session could not be read; it is discarded (sign in again)", { reason: error instanceof Error ? error.name : "unknown" });
      await this.clear();
      return null;
    }
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
