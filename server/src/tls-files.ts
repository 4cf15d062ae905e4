import { createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";

/** The certificate (with its chain) and key the server presents over HTTPS and WSS. */
export interface ServerTls {
  readonly cert: string;
  readonly key: string;
}

/** What a file check found: the value, or a problem named with its variable and the fix. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const problem = <T>(text: string): Checked<T> => ({ ok: false, problem: text });

function readText(variable: string, path: string, what: string): Checked<string> {
  try {
    return { ok: true, value: readFileSync(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return problem(`${variable}: cannot read ${path} (${code}); give the path of ${what}`);
  }
}

/**
 * Reads and checks the server's certificate and key at start, so that a wrong file stops the server
 * with its name instead of failing every agent's TLS handshake later: both PEM, the key unencrypted and
 * the certificate's own, the certificate valid now.
 */
export function readServerTls(certPath: string, keyPath: string, now = new Date()): Checked<ServerTls> {
  const cert = readText("HANDOFF_TLS_CERT", certPath, "the PEM certificate the server presents (its chain after it)");
  if (!cert.ok) return cert;
  const key = readText("HANDOFF_TLS_KEY", keyPath, "the certificate's PEM private key");
  if (!key.ok) return key;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert.value);
  } catch {
    return problem(`HANDOFF_TLS_CERT: ${certPath} is not a PEM certificate (it must start with -----BEGIN CERTIFICATE-----)`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(key.value);
  } catch {
    return problem(`HANDOFF_TLS_KEY: ${keyPath} is not an unencrypted PEM private key (decrypt it first: openssl pkey -in encrypted.pem -out key.pem)`);
  }
  if (!x509.checkPrivateKey(privateKey)) return problem(`HANDOFF_TLS_KEY: ${keyPath} is not the key of the certificate in ${certPath}; give the pair that was issued together`);
  if (Date.parse(x509.validTo) < now.getTime()) return problem(`HANDOFF_TLS_CERT: ${certPath} expired on ${x509.validTo}; renew it`);
  if (Date.parse(x509.validFrom) > now.getTime()) return problem(`HANDOFF_TLS_CERT: ${certPath} is not valid before ${x509.validFrom}; check this machine's clock`);
  return { ok: true, value: { cert: cert.value, key: key.value } };
}

/** A CA certificate the server trusts for the PBX's wss:// WebSocket (a private CA's, not in Node's list). */
export function readCaCertificate(variable: string, path: string): Checked<string> {
  const pem = readText(variable, path, "the PEM certificate of the CA that signed the PBX's certificate");
  if (!pem.ok) return pem;
  try {
    if (!new X509Certificate(pem.value).ca) return problem(`${variable}: ${path} is a certificate but not a CA's; give the CA certificate that signed the PBX's`);
  } catch {
    return problem(`${variable}: ${path} is not a PEM certificate`);
  }
  return pem;
}

/** proxy-addr's names for address ranges; "everyone" is deliberately not among them. */
const RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * The reverse proxies whose X-Forwarded-For/-Proto/-Host the server believes (Fastify's trustProxy):
 * addresses or CIDR ranges. Trusting every peer would let any client claim https or another address.
 */
export function parseTrustedProxies(list: string): Checked<string[]> {
  const entries = list.split(",").map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (RANGE_NAMES.has(entry) || (family !== 0 && bitsOk && rest.length === 0)) continue;
    return problem(`HANDOFF_TRUST_PROXY: "${entry}" is not an address, a CIDR range or one of ${[...RANGE_NAMES].join(", ")}; name your reverse proxies (e.g. 127.0.0.1 or 10.0.0.0/24), never everyone`);
  }
  return { ok: true, value: entries };
}
