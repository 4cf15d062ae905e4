/**
 * Per-sign-in SIP credentials: the agreement between the PBX config (pbx/ renders it) and the server (which
 * writes the rows). Asterisk reads every PJSIP `auth` object from this SQLite table through realtime sorcery
 * (res_config_sqlite3 + res_sorcery_realtime), on every REGISTER and INVITE, with no cache: a row changed by
 * the server is what the next request is checked against.
 *
 * One row per phone extension, id = the extension (the static endpoint names `auth=<extension>`). The server
 * writes a fresh random password at each sign-in and overwrites it when that session ends; `handoff_session`
 * says which session holds it now (Asterisk filters that column out: sorcery knows no such field).
 */
export const SIP_AUTHS = {
  /** The database name of res_config_sqlite3.conf, referenced from extconfig.conf. */
  database: "handoff",
  /** The realtime family that sorcery.conf maps PJSIP auth objects to, and the table's name. */
  table: "ps_auths",
  /** Where Asterisk opens the file (inside its root or container); a directory of its own, writable by the asterisk user. */
  fileInPbx: "/var/lib/asterisk/handoff/sip-auths.sqlite3",
} as const;

/**
 * The table, as both sides create it (IF NOT EXISTS: whoever comes first). `auth_type`, `username` and
 * `password` are PJSIP auth options; Asterisk leaves out columns it does not know.
 */
export const SIP_AUTHS_DDL = `CREATE TABLE IF NOT EXISTS ${SIP_AUTHS.table} (
  id TEXT PRIMARY KEY NOT NULL,
  auth_type TEXT NOT NULL DEFAULT 'userpass',
  username TEXT NOT NULL,
  password TEXT NOT NULL,
  handoff_session TEXT
)`;

/**
 * Endpoints and AORs that exist only while a benchmark needs them: transfer-latency's SIP REFER baseline
 * needs a phone that may REFER, and no agent's endpoint may (allow_transfer=no). Sorcery finds pjsip.conf's
 * objects first and looks here only for other names; the tables are empty unless a benchmark is running
 * (it deletes its rows when it ends, and `npm run pbx:up` empties both). Nothing in the dialplan dials
 * these endpoints: only the test AMI user's Originate reaches them.
 */
export const SIP_REALTIME_OBJECTS = {
  endpoints: "ps_endpoints",
  aors: "ps_aors",
} as const;

/** The PJSIP options those rows may set, as columns (a row leaves none NULL: res_config_sqlite3 skips NULLs). */
export const SIP_REALTIME_ENDPOINT_COLUMNS = [
  "transport",
  "aors",
  "auth",
  "context",
  "disallow",
  "allow",
  "allow_transfer",
  "webrtc",
  "dtls_auto_generate_cert",
  "ice_support",
  "media_address",
  "bind_rtp_to_media_address",
  "rewrite_contact",
  "force_rport",
  "direct_media",
] as const;
export const SIP_REALTIME_AOR_COLUMNS = ["max_contacts", "remove_existing"] as const;

export const SIP_REALTIME_OBJECTS_DDL = [
  `CREATE TABLE IF NOT EXISTS ${SIP_REALTIME_OBJECTS.endpoints} (id TEXT PRIMARY KEY NOT NULL, ${SIP_REALTIME_ENDPOINT_COLUMNS.map((c) => `${c} TEXT NOT NULL`).join(", ")})`,
  `CREATE TABLE IF NOT EXISTS ${SIP_REALTIME_OBJECTS.aors} (id TEXT PRIMARY KEY NOT NULL, ${SIP_REALTIME_AOR_COLUMNS.map((c) => `${c} TEXT NOT NULL`).join(", ")})`,
] as const;
