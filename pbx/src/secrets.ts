import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { writePrivateFile } from "./private-file";

/** Per-install secrets: generated once, reused on every up, never printed. */
export interface PbxSecrets {
  /** AMI secret of the server's least-privilege user. */
  readonly amiSecret: string;
  /** AMI secret of the test-only user (may originate calls). */
  readonly amiTestSecret: string;
  /** SIP password per extension. */
  readonly sipPasswords: Readonly<Record<string, string>>;
}

export class SecretsFileError extends Error {
  override readonly name = "SecretsFileError";
  constructor(file: string, reason: string) {
    super(`${file} is unusable (${reason}). Delete it and run "npm run pbx:up" again: fresh secrets are generated and written into the Asterisk config.`);
  }
}

// Hex keeps secrets free of characters that mean something in Asterisk config files or SIP headers.
export function newSecret(): string {
  return randomBytes(16).toString("hex");
}

const SECRET = /^[0-9a-f]{32}$/;

function parseSecrets(file: string, text: string): PbxSecrets {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SecretsFileError(file, "not JSON");
  }
  if (typeof raw !== "object" || raw === null) throw new SecretsFileError(file, "not an object");
  const { amiSecret, amiTestSecret, sipPasswords } = raw as Record<string, unknown>;
  if (typeof amiSecret !== "string" || !SECRET.test(amiSecret)) throw new SecretsFileError(file, "amiSecret is missing or malformed");
  if (typeof amiTestSecret !== "string" || !SECRET.test(amiTestSecret)) throw new SecretsFileError(file, "amiTestSecret is missing or malformed");
  if (typeof sipPasswords !== "object" || sipPasswords === null) throw new SecretsFileError(file, "sipPasswords is missing");
  const passwords: Record<string, string> = {};
  for (const [extension, password] of Object.entries(sipPasswords)) {
    if (typeof password !== "string" || !SECRET.test(password)) throw new SecretsFileError(file, `the SIP password of ${extension} is malformed`);
    passwords[extension] = password;
  }
  return { amiSecret, amiTestSecret, sipPasswords: passwords };
}

/**
 * Reads the secrets file, adding what is missing (a new install, a new extension in demo-data.json).
 * Existing secrets never change, so registered softphones and a running server keep working.
 */
export function loadOrCreateSecrets(file: string, extensions: readonly string[]): PbxSecrets {
  const existing = existsSync(file) ? parseSecrets(file, readFileSync(file, "utf8")) : null;
  const sipPasswords: Record<string, string> = { ...existing?.sipPasswords };
  let changed = existing === null;
  for (const extension of extensions) {
    if (sipPasswords[extension]) continue;
    sipPasswords[extension] = newSecret();
    changed = true;
  }
  const secrets: PbxSecrets = {
    amiSecret: existing?.amiSecret ?? newSecret(),
    amiTestSecret: existing?.amiTestSecret ?? newSecret(),
    sipPasswords,
  };
  if (changed) writePrivateFile(file, `${JSON.stringify(secrets, null, 2)}\n`);
  return secrets;
}
