import { existsSync, readFileSync } from "node:fs";
import { CONNECTION_FILE } from "./paths";
import { writePrivateFile } from "./private-file";
import { labTrunkForServer } from "./config/lab-trunk";

/** How the server and the tests reach the running PBX. Holds secrets: never log it whole. */
export type PbxProviderName = "env" | "chroot" | "docker";

export interface AmiCredentials {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
}

/** A phone extension. Its SIP password is not here: the server issues one per sign-in (its login answer's `sip`). */
export interface PbxEndpoint {
  readonly extension: string;
}

export interface PbxConnection {
  readonly provider: PbxProviderName;
  /** The server's least-privilege AMI user. */
  readonly ami: AmiCredentials;
  /** Test-only AMI user that may Originate and run CLI commands; null when none is configured. */
  readonly amiTest: AmiCredentials | null;
  /** The reference voice bot's AMI user (reads UserEvents only); null when none is configured. */
  readonly amiBot: AmiCredentials | null;
  readonly sipWsUrl: string;
  readonly sipDomain: string;
  readonly endpoints: readonly PbxEndpoint[];
  /**
   * The SQLite file Asterisk reads PJSIP auths from (realtime), as this machine sees it: the server writes a
   * password per sign-in there (HANDOFF_SIP_AUTH_DB). Null when not known (your own Asterisk without it set).
   */
  readonly sipAuthDb: string | null;
}

export class PbxEnvError extends Error {
  override readonly name = "PbxEnvError";
  constructor(problems: readonly string[]) {
    super(`HANDOFF_AMI_HOST is set, so Handoff uses your own Asterisk, but:\n  - ${problems.join("\n  - ")}\nSet these variables, or unset HANDOFF_AMI_HOST to let "npm run pbx:up" run a local Asterisk.`);
  }
}

export class PbxNotUpError extends Error {
  override readonly name = "PbxNotUpError";
  constructor(reason: string) {
    super(`No PBX connection: ${reason}. Run "npm run pbx:up" first (or set HANDOFF_AMI_HOST and friends to use your own Asterisk).`);
  }
}

export const DEFAULT_AMI_PORT = 5038;

function parsePort(value: string, name: string, problems: string[]): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`${name} must be a TCP port number, got "${value}"`);
  return port;
}

function parseExtensions(value: string | undefined, problems: string[]): PbxEndpoint[] {
  if (!value) return [];
  return value.split(",").flatMap((item) => {
    const extension = item.trim();
    if (!/^\d+$/.test(extension)) {
      problems.push(`HANDOFF_SIP_EXTENSIONS must look like "1001,1002"; "${extension}" is not an extension`);
      return [];
    }
    return [{ extension }];
  });
}

/** The env provider: the user's own Asterisk, described entirely by environment variables. */
export function connectionFromEnv(env: NodeJS.ProcessEnv): PbxConnection {
  const problems: string[] = [];
  const required = (name: string): string => {
    const value = env[name];
    if (!value) problems.push(`${name} is not set`);
    return value ?? "";
  };
  const host = required("HANDOFF_AMI_HOST");
  const username = required("HANDOFF_AMI_USERNAME");
  const secret = required("HANDOFF_AMI_SECRET");
  const sipWsUrl = required("HANDOFF_SIP_WS_URL");
  const port = parsePort(env.HANDOFF_AMI_PORT || String(DEFAULT_AMI_PORT), "HANDOFF_AMI_PORT", problems);

  let sipDomain = env.HANDOFF_SIP_DOMAIN ?? "";
  if (sipWsUrl) {
    try {
      const url = new URL(sipWsUrl);
      if (url.protocol !== "ws:" && url.protocol !== "wss:") problems.push(`HANDOFF_SIP_WS_URL must start with ws:// or wss://, got "${sipWsUrl}"`);
      sipDomain ||= url.hostname;
    } catch {
      problems.push(`HANDOFF_SIP_WS_URL is not a URL: "${sipWsUrl}"`);
    }
  }

  const testUser = env.HANDOFF_AMI_TEST_USERNAME;
  const testSecret = env.HANDOFF_AMI_TEST_SECRET;
  if (Boolean(testUser) !== Boolean(testSecret)) problems.push("set both HANDOFF_AMI_TEST_USERNAME and HANDOFF_AMI_TEST_SECRET, or neither");
  const botUser = env.HANDOFF_AMI_BOT_USERNAME;
  const botSecret = env.HANDOFF_AMI_BOT_SECRET;
  if (Boolean(botUser) !== Boolean(botSecret)) problems.push("set both HANDOFF_AMI_BOT_USERNAME and HANDOFF_AMI_BOT_SECRET, or neither");
  const endpoints = parseExtensions(env.HANDOFF_SIP_EXTENSIONS, problems);

  if (problems.length > 0) throw new PbxEnvError(problems);
  return {
    provider: "env",
    ami: { host, port, username, secret },
    amiTest: testUser && testSecret ? { host, port, username: testUser, secret: testSecret } : null,
    amiBot: botUser && botSecret ? { host, port, username: botUser, secret: botSecret } : null,
    sipWsUrl,
    sipDomain,
    endpoints,
    sipAuthDb: env.HANDOFF_SIP_AUTH_DB || null,
  };
}

function isCredentials(value: unknown): value is AmiCredentials {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.host === "string" && typeof v.port === "number" && typeof v.username === "string" && typeof v.secret === "string";
}

function parseConnectionFile(file: string): PbxConnection {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PbxNotUpError(`${file} cannot be read (${(error as Error).message})`);
  }
  const v = (raw ?? {}) as Record<string, unknown>;
  const valid =
    (v.provider === "chroot" || v.provider === "docker" || v.provider === "env") &&
    isCredentials(v.ami) &&
    (v.amiTest === null || isCredentials(v.amiTest)) &&
    (v.amiBot === null || isCredentials(v.amiBot)) &&
    typeof v.sipWsUrl === "string" &&
    typeof v.sipDomain === "string" &&
    Array.isArray(v.endpoints) &&
    v.endpoints.every((e: unknown) => typeof (e as PbxEndpoint)?.extension === "string") &&
    (v.sipAuthDb === null || typeof v.sipAuthDb === "string");
  if (!valid) throw new PbxNotUpError(`${file} does not have the expected shape (written by an older version?)`);
  return raw as PbxConnection;
}

/** The realtime auth table the server writes SIP passwords into; says what to set when it is not known. */
export function sipAuthDbOf(connection: PbxConnection): string {
  if (connection.sipAuthDb === null) {
    throw new PbxNotUpError("the SQLite file Asterisk reads PJSIP auths from is not known. Set HANDOFF_SIP_AUTH_DB (your Asterisk needs realtime ps_auths: see pbx/README.md)");
  }
  return connection.sipAuthDb;
}

/** The variables a Handoff server needs to reach this PBX: its AMI login, the phones' WebSocket and SIP domain, the auth table. */
export function serverEnvOf(connection: PbxConnection, ami: { host: string; port: number } = connection.ami): Record<string, string> {
  return {
    HANDOFF_AMI_HOST: ami.host,
    HANDOFF_AMI_PORT: String(ami.port),
    HANDOFF_AMI_USERNAME: connection.ami.username,
    HANDOFF_AMI_SECRET: connection.ami.secret,
    HANDOFF_SIP_WS_URL: connection.sipWsUrl,
    HANDOFF_SIP_DOMAIN: connection.sipDomain,
    HANDOFF_SIP_AUTH_DB: sipAuthDbOf(connection),
    // The local PBX's trunk to the lab site; another Asterisk's trunks are its administrator's HANDOFF_TRUNKS.
    ...(connection.provider === "env" ? {} : { HANDOFF_TRUNKS: labTrunkForServer() }),
  };
}

/**
 * What tests and the server call to reach the PBX: the env provider's variables when
 * HANDOFF_AMI_HOST is set, otherwise what the last successful `pbx:up` wrote.
 */
export function loadPbxConnection(env: NodeJS.ProcessEnv = process.env, file: string = CONNECTION_FILE): PbxConnection {
  if (env.HANDOFF_AMI_HOST) return connectionFromEnv(env);
  if (!existsSync(file)) throw new PbxNotUpError(`${file} does not exist`);
  return parseConnectionFile(file);
}

export function writeConnectionFile(connection: PbxConnection, file: string = CONNECTION_FILE): void {
  writePrivateFile(file, `${JSON.stringify(connection, null, 2)}\n`);
}

/** Lines for humans: where things are, never a secret. */
export function describeConnection(connection: PbxConnection): string[] {
  const ami = (c: AmiCredentials) => `${c.host}:${c.port} (user ${c.username})`;
  return [
    `AMI:        ${ami(connection.ami)}`,
    `AMI tests:  ${connection.amiTest ? ami(connection.amiTest) : "none"}`,
    `AMI bot:    ${connection.amiBot ? ami(connection.amiBot) : "none"}`,
    `SIP WS:     ${connection.sipWsUrl} (domain ${connection.sipDomain})`,
    `Endpoints:  ${connection.endpoints.length === 0 ? "none known" : connection.endpoints.map((e) => e.extension).join(", ")}`,
    `SIP auths:  ${connection.sipAuthDb ?? "not known (set HANDOFF_SIP_AUTH_DB)"}`,
  ];
}
