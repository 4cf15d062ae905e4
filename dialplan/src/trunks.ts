/**
 * SIP trunks to other PBXs (another Asterisk, FreePBX, FusionPBX/FreeSWITCH): a transfer or handoff target can be an
 * extension there. One configuration, HANDOFF_TRUNKS (a JSON list), read three times: the server checks it at start
 * and turns `{ kind: "remote", trunk, value }` into `<prefix><extension>`, the product dialplan dials that as
 * `PJSIP/<extension>@<trunk>`, and `npm run pbx:export` writes the trunk's PJSIP sections for the administrator.
 * Every field ends up in pjsip.conf or in a dial string, so each is held to a strict pattern here, once.
 */

export const TRUNK_TRANSPORTS = ["udp", "tcp"] as const;
export type TrunkTransport = (typeof TRUNK_TRANSPORTS)[number];

export interface Trunk {
  /** The PJSIP endpoint's name, and what `{ kind: "remote", trunk }` names. */
  readonly name: string;
  /** How people see it: "2001 on Head office". Default: the name. */
  readonly label: string;
  /** The remote PBX: a host name or an IPv4 address. */
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
  /** Digits the product dialplan puts before a remote extension (`8` + `2001` dials 2001 on this trunk). */
  readonly prefix: string;
  /** Credentials the remote PBX challenges us with (a FusionPBX gateway user, an Asterisk endpoint's auth); none: IP-trusted. */
  readonly auth: { readonly username: string; readonly password: string } | null;
  /** Export only: an existing PJSIP transport to send from (FreePBX's `0.0.0.0-udp`); none: Asterisk picks one of the transport's kind. */
  readonly pjsipTransport: string | null;
}

export const DEFAULT_TRUNK_PREFIX = "8";
export const DEFAULT_TRUNK_PORT = 5060;

/** The context calls from a trunk enter: it reaches nobody (see trunkInboundContext). */
export const TRUNK_INBOUND_CONTEXT = "handoff-trunk-inbound";

export class TrunkConfigError extends Error {
  override readonly name = "TrunkConfigError";
  constructor(source: string, problem: string) {
    super(`${source}: ${problem}. Fix it (the trunk fields are in dialplan/README.md) and start again.`);
  }
}

const FIELDS = {
  name: { pattern: /^[a-z][a-z0-9-]{0,30}$/, says: "a lower-case letter, then letters, digits or - (at most 31)" },
  label: { pattern: /^[A-Za-z0-9][A-Za-z0-9 ._()-]{0,47}$/, says: "letters, digits, spaces and . _ ( ) - (at most 48)" },
  host: { pattern: /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, says: "a host name or an IPv4 address" },
  prefix: { pattern: /^[1-9][0-9]{0,3}$/, says: "1 to 4 digits, not starting with 0 (outside numbers do)" },
  username: { pattern: /^[A-Za-z0-9._@+-]{1,64}$/, says: "letters, digits and . _ @ + - (at most 64)" },
  // No quotes, backslash, ; or # (comments and escapes in Asterisk's config), no spaces or control characters.
  password: { pattern: /^[A-Za-z0-9!$%&()*+,./:<=>?@[\]^_{|}~-]{8,128}$/, says: "8 to 128 printable characters without spaces, quotes, \\, ; or #" },
  pjsipTransport: { pattern: /^[A-Za-z0-9._-]{1,64}$/, says: "a PJSIP transport's section name" },
} as const;
type TextField = keyof typeof FIELDS;
const KNOWN = new Set<string>([...Object.keys(FIELDS), "port", "transport"]);

/** What is wrong with one value, said so that the dangerous cases are named as such. */
function why(value: unknown, field: TextField): string {
  if (typeof value !== "string") return `must be a string`;
  if (/[\r\n]/.test(value)) return "contains a line break (CR/LF), which would start a new line of Asterisk's config";
  if (/[;"'`\\]/.test(value)) return "contains ; \" ' ` or \\, which Asterisk's config and dial strings read as syntax";
  // Any other character below space, or DEL: a control character.
  if ([...value].some((c) => c < " " || c === "\x7f")) return "contains a control character";
  return `must be ${FIELDS[field].says}`;
}

function parseTrunk(raw: unknown, where: string): Trunk {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new TrunkConfigError(where, "must be an object with name, host, port, transport, username, password, prefix");
  const o = raw as Record<string, unknown>;
  let at = where;
  const text = (field: TextField, fallback?: string): string => {
    const value = o[field] ?? fallback;
    if (value === undefined) throw new TrunkConfigError(at, `field "${field}" is missing`);
    if (typeof value !== "string" || !FIELDS[field].pattern.test(value)) throw new TrunkConfigError(at, `field "${field}" ${why(value, field)}`);
    return value;
  };
  const optional = (field: TextField): string | null => (o[field] === undefined ? null : text(field));
  const name = text("name");
  // Every later message names the trunk.
  at = `${where} ("${name}")`;
  for (const key of Object.keys(o)) if (!KNOWN.has(key)) throw new TrunkConfigError(at, `unknown field "${key}" (known: ${[...KNOWN].join(", ")})`);
  const port = o.port ?? DEFAULT_TRUNK_PORT;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) throw new TrunkConfigError(at, `field "port" must be a whole number from 1 to 65535`);
  const transport = o.transport ?? "udp";
  if (!TRUNK_TRANSPORTS.includes(transport as TrunkTransport)) throw new TrunkConfigError(at, `field "transport" must be one of ${TRUNK_TRANSPORTS.join(", ")}`);
  const username = optional("username");
  const password = optional("password");
  if ((username === null) !== (password === null)) throw new TrunkConfigError(at, `give both "username" and "password" (the remote PBX's credentials for us), or neither (it trusts our address)`);
  return {
    name,
    label: text("label", name),
    host: text("host"),
    port,
    transport: transport as TrunkTransport,
    prefix: text("prefix", DEFAULT_TRUNK_PREFIX),
    auth: username === null || password === null ? null : { username, password },
    pjsipTransport: optional("pjsipTransport"),
  };
}

/** Checks a list of trunks (already JSON-parsed); `source` names where it came from in every message. */
export function parseTrunks(json: unknown, source: string): Trunk[] {
  if (!Array.isArray(json)) throw new TrunkConfigError(source, "must be a JSON list of trunks: [{ \"name\": \"fusion\", \"host\": \"pbx2.example\", ... }]");
  const trunks = json.map((raw, i) => parseTrunk(raw, `${source}[${i}]`));
  for (const [i, trunk] of trunks.entries()) {
    for (const other of trunks.slice(0, i)) {
      if (other.name === trunk.name) throw new TrunkConfigError(source, `two trunks are named "${trunk.name}"`);
      if (other.prefix.startsWith(trunk.prefix) || trunk.prefix.startsWith(other.prefix)) {
        throw new TrunkConfigError(source, `trunks "${other.name}" and "${trunk.name}" have prefixes ${other.prefix} and ${trunk.prefix}: give each a "prefix" that does not start the other's`);
      }
    }
  }
  return trunks;
}

/** HANDOFF_TRUNKS (JSON) when set, else none. */
export function trunksFromEnv(env: Readonly<Record<string, string | undefined>>, variable = "HANDOFF_TRUNKS"): Trunk[] {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new TrunkConfigError(variable, "is not JSON");
  }
  return parseTrunks(parsed, variable);
}

/** The dialplan extension that reaches `extension` on `trunk`. */
export const remoteExten = (trunk: Pick<Trunk, "prefix">, extension: string): string => `${trunk.prefix}${extension}`;

/**
 * The trunk's pjsip.conf sections, as text: endpoint, aor (the remote's address), auth (when it challenges us) and
 * identify (its address: a call from there is this trunk's, never an agent's or anonymous). Calls from the trunk
 * enter TRUNK_INBOUND_CONTEXT. `extra` adds endpoint settings of the PBX it goes into (transport, media address).
 */
export function renderTrunkPjsip(trunk: Trunk, extra: readonly (readonly [string, string])[] = []): string {
  const auth = `${trunk.name}-auth`;
  const contact = `sip:${trunk.host}:${trunk.port}${trunk.transport === "tcp" ? "\\;transport=tcp" : ""}`;
  const section = (name: string, lines: readonly (readonly [string, string])[]) => [`[${name}]`, ...lines.map(([key, value]) => `${key} = ${value}`)].join("\n");
  const transport = trunk.pjsipTransport === null ? [] : ([["transport", trunk.pjsipTransport]] as const);
  return [
    `; Trunk "${trunk.label}": extensions on ${trunk.host}:${trunk.port} (${trunk.transport}) are transfer targets, dialled as ${trunk.prefix}<extension>.`,
    section(trunk.name, [
      ["type", "endpoint"],
      ...transport,
      ["context", TRUNK_INBOUND_CONTEXT],
      ["disallow", "all"],
      ["allow", "ulaw,alaw"],
      ["direct_media", "no"],
      ["rtp_symmetric", "yes"],
      ["force_rport", "yes"],
      ["rewrite_contact", "yes"],
      // The remote PBX cannot move our callers by REFER: transfers are the server's.
      ["allow_transfer", "no"],
      ["aors", trunk.name],
      ...(trunk.auth === null ? [] : ([["outbound_auth", auth], ["from_user", trunk.auth.username]] as const)),
      ...extra,
    ]),
    section(trunk.name, [["type", "aor"], ["contact", contact]]),
    ...(trunk.auth === null ? [] : [section(auth, [["type", "auth"], ["auth_type", "userpass"], ["username", trunk.auth.username], ["password", trunk.auth.password]])]),
    section(`${trunk.name}-identify`, [["type", "identify"], ["endpoint", trunk.name], ["match", trunk.host]]),
    "",
  ].join("\n");
}
