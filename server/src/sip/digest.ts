import { createHash, randomBytes } from "node:crypto";

/** One `WWW-Authenticate: Digest ...` challenge (RFC 3261 22.4, RFC 8760 for SHA-256). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  algorithm: "MD5" | "SHA-256";
  qop: "auth" | null;
}

const PARAM = /([a-z0-9-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/gi;

/** Parses a Digest challenge; null for another scheme, an algorithm we cannot answer, or a qop other than auth. */
export function parseDigestChallenge(header: string): DigestChallenge | null {
  const match = /^\s*Digest\s+(.*)$/is.exec(header);
  if (match?.[1] === undefined) return null;
  const params = new Map<string, string>();
  for (const [, key, quoted, bare] of match[1].matchAll(PARAM)) if (key !== undefined) params.set(key.toLowerCase(), quoted ?? bare ?? "");
  const realm = params.get("realm");
  const nonce = params.get("nonce");
  if (realm === undefined || nonce === undefined) return null;
  const algorithm = (params.get("algorithm") ?? "MD5").toUpperCase();
  if (algorithm !== "MD5" && algorithm !== "SHA-256") return null;
  const qops = params.get("qop")?.split(",").map((q) => q.trim().toLowerCase());
  if (qops !== undefined && !qops.includes("auth")) return null;
  return { realm, nonce, opaque: params.get("opaque") ?? null, algorithm, qop: qops === undefined ? null : "auth" };
}

export interface DigestAnswer {
  username: string;
  password: string;
  method: string;
  uri: string;
  /** Fixed in tests; random otherwise. */
  cnonce?: string;
}

/** The Authorization header value answering a challenge. */
export function digestAuthorization(challenge: DigestChallenge, answer: DigestAnswer): string {
  const hash = (text: string) => createHash(challenge.algorithm === "MD5" ? "md5" : "sha256").update(text).digest("hex");
  const ha1 = hash(`${answer.username}:${challenge.realm}:${answer.password}`);
  const ha2 = hash(`${answer.method}:${answer.uri}`);
  const cnonce = answer.cnonce ?? randomBytes(8).toString("hex");
  const nc = "00000001";
  const response = challenge.qop === "auth" ? hash(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${challenge.nonce}:${ha2}`);
  const fields = [
    `username="${answer.username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${answer.uri}"`,
    `response="${response}"`,
    `algorithm=${challenge.algorithm}`,
    ...(challenge.opaque === null ? [] : [`opaque="${challenge.opaque}"`]),
    ...(challenge.qop === "auth" ? [`qop=auth`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
  ];
  return `Digest ${fields.join(", ")}`;
}
