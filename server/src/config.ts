import { hostname } from "node:os";
import { isLoopbackHost } from "@handoff/contract";
import { z } from "zod";
import { Disposition, PauseReason, type MonitoringMode } from "@handoff/contract";
import { MonitoringConfigError, parseShownModes, parseSupervises, type SupervisesRule } from "./monitoring/access";
import { DEFAULT_DISPOSITIONS, DEFAULT_PAUSE_REASONS, parseLabels, parseQueueAccess, QueueConfigError, type QueueWorkConfig } from "./queues/settings";
import { isTimeZone, processTimeZone } from "./queues/center-day";
import { parseTrustedProxies, readCaCertificate, readServerTls, type Checked, type ServerTls } from "./tls-files";
import { KILL_POINTS, type KillPoint } from "./transfers/probe";
import { TrunkConfigError, trunksFromEnv, type Trunk } from "@handoff/dialplan";

const hostnameOf = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
};
const port = z.coerce.number().int().min(1).max(65_535);
const seconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const EnvSchema = z.object({
  HANDOFF_HTTP_HOST: z.string().default("127.0.0.1"),
  HANDOFF_HTTP_PORT: port.default(8080),
  /** PEM files: with both the server itself serves HTTPS and WSS (tls-files.ts checks them at start). */
  HANDOFF_TLS_CERT: z.string().min(1).optional(),
  HANDOFF_TLS_KEY: z.string().min(1).optional(),
  /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-* headers are believed; none by default. */
  HANDOFF_TRUST_PROXY: z.string().default(""),
  HANDOFF_AMI_HOST: z.string().min(1, "name the Asterisk host"),
  HANDOFF_AMI_PORT: port.default(5038),
  HANDOFF_AMI_USERNAME: z.string().min(1, "name the AMI user from manager.conf"),
  HANDOFF_AMI_SECRET: z.string().min(1, "give the AMI user's secret"),
  HANDOFF_SIP_WS_URL: z
    .string()
    .regex(/^wss?:\/\//, "a ws:// or wss:// URL of Asterisk's SIP WebSocket")
    // The apps refuse a plain ws:// phone connection beyond loopback (client/src/secure-transport.ts): say so at start, not at every sign-in.
    .refine((url) => !url.startsWith("ws://") || isLoopbackHost(hostnameOf(url)), "ws:// only on this computer: the apps refuse an unencrypted phone connection elsewhere; give Asterisk's wss:// address (TLS, port 8089)"),
  HANDOFF_SIP_DOMAIN: z.string().min(1),
  /** A private CA's certificate the server trusts for a wss:// SIP WebSocket (its registrar client connects there too). */
  HANDOFF_SIP_WS_CA: z.string().min(1).optional(),
  /** The SQLite file Asterisk reads PJSIP auths from (realtime ps_auths): each sign-in's SIP password is written there. */
  HANDOFF_SIP_AUTH_DB: z.string().min(1, "the SQLite file of Asterisk's realtime ps_auths (npm run pbx:up names it in var/pbx/connection.json)"),
  HANDOFF_TRANSFER_RING_SECONDS: seconds(20),
  HANDOFF_JWT_SECRET: z.string().min(32, "at least 32 characters of random text"),
  HANDOFF_TOKEN_TTL_SECONDS: seconds(900),
  /** No session outlives this, however often its token is renewed: a shift, then sign in again. */
  HANDOFF_SESSION_MAX_AGE_SECONDS: seconds(43_200),
  HANDOFF_SOCKETS_PER_SESSION: z.coerce.number().int().min(1).default(5),
  HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** argon2 checks at once; the rest wait in a short queue or are told to retry. */
  HANDOFF_PASSWORD_CHECKS_CONCURRENCY: z.coerce.number().int().min(1).default(2),
  HANDOFF_PASSWORD_CHECKS_QUEUE: z.coerce.number().int().min(0).default(8),
  /**
   * Dialplan contexts a bot's callers enter in (their channel's first context: the server reads no dialplan-class
   * events, so a Goto inside the bot is not seen): a bot may hand off only channels that entered in one of them.
   * handoff-visitor: every website visitor's line leads to the bot and nowhere else.
   */
  HANDOFF_BOT_CONTEXTS: z
    .string()
    .default("handoff-bot,handoff-visitor")
    .transform((list) => list.split(",").map((c) => c.trim()).filter(Boolean)),
  HANDOFF_ALLOWED_ORIGINS: z
    .string()
    .default("http://127.0.0.1:5173,http://localhost:5173")
    .transform((list) => list.split(",").map((o) => o.trim()).filter(Boolean)),
  /** Pages that may embed the website call widget (exact origins, comma-separated); empty: visitor calls are off. */
  HANDOFF_WIDGET_ORIGINS: z
    .string()
    .default("")
    .refine((list) => list.split(",").map((o) => o.trim()).filter(Boolean).every((o) => /^https?:\/\/[^/\s]+$/.test(o)), "exact origins (scheme://host[:port], no path), comma-separated")
    .transform((list) => list.split(",").map((o) => o.trim()).filter(Boolean)),
  /** The visitors' PJSIP endpoints (the generated PBX has visitor-1…4): one visitor call at a time on each. */
  HANDOFF_VISITOR_LINES: z
    .string()
    .default("visitor-1,visitor-2,visitor-3,visitor-4")
    .refine((list) => list.split(",").every((line) => /^[a-z][a-z0-9-]{0,31}$/.test(line.trim())), "endpoint names, comma-separated (visitor-1,visitor-2)")
    .transform((list) => list.split(",").map((line) => line.trim())),
  HANDOFF_VISITOR_CALLS_PER_ADDRESS_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  /** How long a visitor's credential waits for its call before it is void. */
  HANDOFF_VISITOR_CREDENTIAL_SECONDS: seconds(30),
  /** The extension the visitors' context answers with the voice bot. */
  HANDOFF_VISITOR_TARGET: z.string().regex(/^[a-z0-9]{1,32}$/, "an extension (letters and digits)").default("bot"),
  HANDOFF_QUEUES: z
    .string()
    .default("support=2000")
    .refine((list) => list.split(",").every((pair) => /^[a-z][a-z0-9_-]*=\d+$/.test(pair.trim())), "name=extension pairs, comma-separated (support=2000)")
    .transform((list) => new Map(list.split(",").map((pair) => pair.trim().split("=") as [string, string]))),
  /** The queue the dialplan sends callers to when nobody else takes them (its HANDOFF_FALLBACK_QUEUE global); default: the first queue. */
  HANDOFF_FALLBACK_QUEUE: z.string().regex(/^[a-z][a-z0-9_-]*$/, "a queue name").optional(),
  /** Who may join which queues: `role-or-username=queue,queue` entries by `;`, `*` for every queue; a username's entry wins over its role's. */
  HANDOFF_QUEUE_ACCESS: z.string().default("agent=*;supervisor=*"),
  /** Whom each supervisor may monitor: `role-or-username=agent,agent` entries by `;`, `*` for every agent. */
  HANDOFF_MONITORING_SUPERVISES: z.string().default("supervisor=*"),
  /** The monitoring modes the monitored agent is shown (`none` for none). */
  HANDOFF_MONITORING_SHOWN: z.string().default("whisper,barge"),
  HANDOFF_PAUSE_REASONS: z.string().default(DEFAULT_PAUSE_REASONS.join(",")),
  HANDOFF_DISPOSITIONS: z.string().default(DEFAULT_DISPOSITIONS.join(",")),
  /** After-call work after a queue call, in seconds; 0 turns it off. */
  HANDOFF_WRAP_UP_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  HANDOFF_SERVICE_LEVEL_SECONDS: seconds(20),
  /** The call center's IANA time zone: where "today" of the queue figures begins. Default: the process's (TZ). */
  HANDOFF_TIME_ZONE: z
    .string()
    .optional()
    .refine((zone) => zone === undefined || isTimeZone(zone), "an IANA time zone such as Europe/Berlin or America/New_York"),
  HANDOFF_SEED_FILE: z.string().optional(),
  HANDOFF_WEB_ROOT: z.string().default("dist/app/renderer"),
  HANDOFF_WIDGET_ROOT: z.string().default("dist/widget"),
  DATABASE_URL: z.string().optional(),
  /** Several replicas: the Redis they share (redis://host:port); absent, one server keeps everything in its own memory. Needs a PostgreSQL DATABASE_URL. */
  HANDOFF_REDIS_URL: z.string().regex(/^rediss?:\/\/[^\s]+$/, "a redis:// or rediss:// URL").optional(),
  /** How the other replicas reach this one over HTTP (default: its own host and port); they forward it requests about the transfers it follows. */
  HANDOFF_REPLICA_URL: z.string().regex(/^https?:\/\/[^\s/]+$/, "scheme://host:port, no path").optional(),
  /** This replica's name in logs and in what it claims (default: host name and process id). */
  HANDOFF_REPLICA_ID: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, . _ - (at most 64)").optional(),
  HANDOFF_SQLITE_PATH: z.string().default("var/handoff.sqlite"),
  HANDOFF_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Benchmarks only: a file the server appends each transfer request's inside timings to. */
  HANDOFF_TIMINGS_FILE: z.string().min(1).optional(),
  /** Crash-window tests only: the server SIGKILLs itself at that moment of a transfer's start. */
  HANDOFF_TEST_KILL_AT: z.enum(KILL_POINTS).optional(),
});

export type ServerConfig = {
  http: { host: string; port: number };
  /** Null: plain HTTP, for loopback or behind a reverse proxy that ends TLS. */
  tls: ServerTls | null;
  /** Peers whose X-Forwarded-* the server believes (Fastify trustProxy); empty: none. */
  trustProxy: string[];
  ami: { host: string; port: number; username: string; secret: string };
  sip: { wsServer: string; domain: string; authDb: string; wsCa: string | undefined };
  /** trunks: other PBXs whose extensions are targets (HANDOFF_TRUNKS, the same list the dialplan and the export read). */
  transfer: { ringSeconds: number; queues: ReadonlyMap<string, string>; fallbackQueue: string; trunks: readonly Trunk[] };
  auth: {
    jwtSecret: string;
    tokenTtlSeconds: number;
    sessionMaxAgeSeconds: number;
    socketsPerSession: number;
    loginsPerAddressPerMinute: number;
    passwordChecks: { concurrency: number; maxQueued: number };
  };
  queueWork: QueueWorkConfig;
  monitoring: { supervises: SupervisesRule[]; shownModes: MonitoringMode[] };
  botContexts: string[];
  allowedOrigins: string[];
  visitors: { widgetOrigins: string[]; lines: string[]; callsPerAddressPerMinute: number; credentialTtlSeconds: number; target: string };
  database: { databaseUrl: string | undefined; sqlitePath: string };
  /** Null: a single server, nothing shared. */
  cluster: { redisUrl: string; replicaId: string; replicaUrl: string } | null;
  /** Agents to create or refresh at start (the demo's, from npm start). */
  seedFile: string | undefined;
  /** The built web app, served at / when present. */
  webRoot: string;
  /** The built call widget, served under /widget/ when present. */
  widgetRoot: string;
  logLevel: string;
  /** Off in production: inside timings for the benchmarks, a self-kill for the crash-window tests. */
  probes: { timingsFile: string | undefined; killAt: KillPoint | undefined };
};

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads and checks the environment once at start; every problem is listed with its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.code === "invalid_type" && issue.input === undefined ? "is missing" : issue.message}`);
    throw new ConfigError(`The server's configuration is incomplete:\n${problems.join("\n")}\nSet these environment variables (npm start sets them for the local PBX).`);
  }
  const e = parsed.data;
  let queueWork: QueueWorkConfig;
  let monitoring: ServerConfig["monitoring"];
  try {
    monitoring = { supervises: parseSupervises(e.HANDOFF_MONITORING_SUPERVISES), shownModes: parseShownModes(e.HANDOFF_MONITORING_SHOWN) };
    queueWork = {
      access: parseQueueAccess(e.HANDOFF_QUEUE_ACCESS),
      pauseReasons: parseLabels("HANDOFF_PAUSE_REASONS", e.HANDOFF_PAUSE_REASONS, PauseReason),
      dispositions: parseLabels("HANDOFF_DISPOSITIONS", e.HANDOFF_DISPOSITIONS, Disposition),
      wrapUpSeconds: e.HANDOFF_WRAP_UP_SECONDS,
      serviceLevelSeconds: e.HANDOFF_SERVICE_LEVEL_SECONDS,
      timeZone: e.HANDOFF_TIME_ZONE ?? processTimeZone(),
    };
  } catch (error) {
    if (error instanceof QueueConfigError || error instanceof MonitoringConfigError) throw new ConfigError(`The server's configuration is wrong:\n  ${error.message}`);
    throw error;
  }
  let trunks: Trunk[];
  try {
    trunks = trunksFromEnv(env);
  } catch (error) {
    if (error instanceof TrunkConfigError) throw new ConfigError(`The server's configuration is wrong:\n  ${error.message}`);
    throw error;
  }
  // Files are read only once the variables parse: each problem then names its file and the fix.
  const files: string[] = [];
  const take = <T>(checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    files.push(`  ${checked.problem}`);
    return undefined;
  };
  let tls: ServerTls | null = null;
  if ((e.HANDOFF_TLS_CERT === undefined) !== (e.HANDOFF_TLS_KEY === undefined)) files.push("  HANDOFF_TLS_CERT, HANDOFF_TLS_KEY: set both (certificate and key files) for HTTPS, or neither");
  else if (e.HANDOFF_TLS_CERT !== undefined && e.HANDOFF_TLS_KEY !== undefined) tls = take(readServerTls(e.HANDOFF_TLS_CERT, e.HANDOFF_TLS_KEY)) ?? null;
  const trustProxy = take(parseTrustedProxies(e.HANDOFF_TRUST_PROXY)) ?? [];
  const wsCa = e.HANDOFF_SIP_WS_CA === undefined ? undefined : take(readCaCertificate("HANDOFF_SIP_WS_CA", e.HANDOFF_SIP_WS_CA));
  // Replicas share one database: each its own SQLite file would be as many separate truths.
  if (e.HANDOFF_REDIS_URL !== undefined && !/^postgres(ql)?:\/\//.test(e.DATABASE_URL ?? "")) files.push("  HANDOFF_REDIS_URL: replicas need one shared database; set DATABASE_URL to a postgres:// URL, or unset HANDOFF_REDIS_URL for a single server");
  if (files.length > 0) throw new ConfigError(`The server's configuration names files or values it cannot use:\n${files.join("\n")}`);
  return {
    http: { host: e.HANDOFF_HTTP_HOST, port: e.HANDOFF_HTTP_PORT },
    tls,
    trustProxy,
    ami: { host: e.HANDOFF_AMI_HOST, port: e.HANDOFF_AMI_PORT, username: e.HANDOFF_AMI_USERNAME, secret: e.HANDOFF_AMI_SECRET },
    sip: { wsServer: e.HANDOFF_SIP_WS_URL, domain: e.HANDOFF_SIP_DOMAIN, authDb: e.HANDOFF_SIP_AUTH_DB, wsCa },
    transfer: { ringSeconds: e.HANDOFF_TRANSFER_RING_SECONDS, queues: e.HANDOFF_QUEUES, fallbackQueue: e.HANDOFF_FALLBACK_QUEUE ?? [...e.HANDOFF_QUEUES.keys()][0] ?? "support", trunks },
    auth: {
      jwtSecret: e.HANDOFF_JWT_SECRET,
      tokenTtlSeconds: e.HANDOFF_TOKEN_TTL_SECONDS,
      sessionMaxAgeSeconds: e.HANDOFF_SESSION_MAX_AGE_SECONDS,
      socketsPerSession: e.HANDOFF_SOCKETS_PER_SESSION,
      loginsPerAddressPerMinute: e.HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE,
      passwordChecks: { concurrency: e.HANDOFF_PASSWORD_CHECKS_CONCURRENCY, maxQueued: e.HANDOFF_PASSWORD_CHECKS_QUEUE },
    },
    queueWork,
    monitoring,
    botContexts: e.HANDOFF_BOT_CONTEXTS,
    allowedOrigins: e.HANDOFF_ALLOWED_ORIGINS,
    visitors: {
      widgetOrigins: e.HANDOFF_WIDGET_ORIGINS,
      lines: e.HANDOFF_VISITOR_LINES,
      callsPerAddressPerMinute: e.HANDOFF_VISITOR_CALLS_PER_ADDRESS_PER_MINUTE,
      credentialTtlSeconds: e.HANDOFF_VISITOR_CREDENTIAL_SECONDS,
      target: e.HANDOFF_VISITOR_TARGET,
    },
    database: { databaseUrl: e.DATABASE_URL, sqlitePath: e.HANDOFF_SQLITE_PATH },
    cluster:
      e.HANDOFF_REDIS_URL === undefined
        ? null
        : {
            redisUrl: e.HANDOFF_REDIS_URL,
            replicaId: e.HANDOFF_REPLICA_ID ?? `${hostname()}-${process.pid}`,
            replicaUrl: e.HANDOFF_REPLICA_URL ?? `${tls === null ? "http" : "https"}://${e.HANDOFF_HTTP_HOST === "0.0.0.0" ? hostname() : e.HANDOFF_HTTP_HOST}:${e.HANDOFF_HTTP_PORT}`,
          },
    seedFile: e.HANDOFF_SEED_FILE,
    webRoot: e.HANDOFF_WEB_ROOT,
    widgetRoot: e.HANDOFF_WIDGET_ROOT,
    logLevel: e.HANDOFF_LOG_LEVEL,
    probes: { timingsFile: e.HANDOFF_TIMINGS_FILE, killAt: e.HANDOFF_TEST_KILL_AT },
  };
}
