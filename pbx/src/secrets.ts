import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { writePrivateFile } from "./private-file";

/** Per-install secrets: generated once, reused on every up, never printed. */
export interface PbxSecrets {
  /** AMI secret of the server's least-privilege user. */
  readonly amiSecret: string;
  /** AMI secret of the test-only user (may originate calls). */
  readonly amiTestSecret: string;
  /** AMI secret of the reference voice bot's read-only user. */
  readonly amiBotSecret: string;
  /** The password the lab PBX's trunk challenges this PBX with (remote-site.ts); both read it from here. */
  readonly trunkSecret: string;
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
  const { amiSecret, amiTestSecret, amiBotSecret, trunkSecret } = raw as Record<string, unknown>;
  if (typeof amiSecret !== "string" || !SECRET.test(amiSecret)) throw new SecretsFileError(file, "amiSecret is missing or malformed");
  if (typeof amiTestSecret !== "string" || !SECRET.test(amiTestSecret)) throw new SecretsFileError(file, "amiTestSecret is missing or malformed");
  // Files written before the bot had a user lack its secret: it is added on the next up.
  if (amiBotSecret !== undefined && (typeof amiBotSecret !== "string" || !SECRET.test(amiBotSecret))) throw new SecretsFileError(file, "amiBotSecret is malformed");
  // The same for the trunk's secret, added when trunks came.
  if (trunkSecret !== undefined && (typeof trunkSecret !== "string" || !SECRET.test(trunkSecret))) throw new SecretsFileError(file, "trunkSecret is malformed");
  return { amiSecret, amiTestSecret, amiBotSecret: typeof amiBotSecret === "string" ? amiBotSecret : "", trunkSecret: typeof trunkSecret === "string" ? trunkSecret : "" };
}

/**
 * Reads the secrets file, creating it on a new install. Existing secrets never change, so a running server
 * keeps its AMI login. SIP passwords are no longer kept here (the server issues one per sign-in): a file
 * from an older version that still lists them is rewritten without them.
 */
export function loadOrCreateSecrets(file: string): PbxSecrets {
  const text = existsSync(file) ? readFileSync(file, "utf8") : null;
  const existing = text === null ? null : parseSecrets(file, text);
  const secrets: PbxSecrets = {
    amiSecret: existing?.amiSecret ?? newSecret(),
    amiTestSecret: existing?.amiTestSecret ?? newSecret(),
    amiBotSecret: existing?.amiBotSecret || newSecret(),
    trunkSecret: existing?.trunkSecret || newSecret(),
  };
  const stale = text !== null && ("sipPasswords" in (JSON.parse(text) as object) || existing?.amiBotSecret === "" || existing?.trunkSecret === "");
  if (existing === null || stale) writePrivateFile(file, `${JSON.stringify(secrets, null, 2)}\n`);
  return secrets;
}
