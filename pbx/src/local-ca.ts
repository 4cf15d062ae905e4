import { execFileSync } from "node:child_process";
import { randomBytes, X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { writePrivateFile } from "./private-file";
import { STATE_DIR } from "./paths";

/** Where this install's certificate authority lives (git-ignored; the key never leaves this machine). */
export const LOCAL_CA_DIR = join(STATE_DIR, "tls");

/** A certificate and its key, as PEM text. */
export interface IssuedCertificate {
  readonly cert: string;
  readonly key: string;
}

/** The names a loopback service answers to: what the browser and Node check against the certificate. */
export const LOOPBACK_NAMES = ["127.0.0.1", "localhost"] as const;

/** Leaves are renewed this long before they expire; 397 days is the longest life browsers accept for a leaf. */
const RENEW_WITHIN_MS = 30 * 86_400_000;
const LEAF_DAYS = 397;

export class OpensslMissingError extends Error {
  override readonly name = "OpensslMissingError";
  constructor(detail: string, options?: ErrorOptions) {
    super(`Generating the local PBX's TLS certificate needs the openssl command (${detail}). Install it (Debian/Ubuntu: apt-get install openssl) and run again.`, options);
  }
}

function openssl(args: readonly string[], cwd: string): void {
  try {
    execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT") throw new OpensslMissingError("not found", { cause: error });
    throw new Error(`openssl ${args[0] ?? ""} failed: ${err.stderr?.toString().trim() ?? err.message}`, { cause: error });
  }
}

/**
 * A certificate authority of this install, made with openssl (Node can sign nothing X.509 itself): it signs
 * the local Asterisk's WSS certificate and, in tests, the HTTPS proxy's and server's. Browsers and Node trust
 * it only where told to (the tests' NSS database, HANDOFF_SIP_WS_CA), so the whole chain is checked.
 */
export class LocalCa {
  private constructor(readonly dir: string) {}

  get certFile(): string {
    return join(this.dir, "ca.pem");
  }

  private get keyFile(): string {
    return join(this.dir, "ca.key");
  }

  get cert(): string {
    return readFileSync(this.certFile, "utf8");
  }

  /** The CA of `dir`, created (EC P-256, ten years) when missing. */
  static ensure(dir: string = LOCAL_CA_DIR): LocalCa {
    const ca = new LocalCa(dir);
    if (existsSync(ca.certFile) && existsSync(ca.keyFile)) return ca;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const work = mkdtempSync(join(tmpdir(), "handoff-ca-"));
    try {
      openssl(
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "3650",
          "-subj", `/O=Handoff/CN=Handoff local CA (${hostname()})`, "-addext", "basicConstraints=critical,CA:TRUE,pathlen:0", "-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        work,
      );
      writePrivateFile(ca.keyFile, readFileSync(join(work, "ca.key"), "utf8"));
      writePrivateFile(ca.certFile, readFileSync(join(work, "ca.pem"), "utf8"));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return ca;
  }

  /** A server certificate for `names` (IP addresses or DNS names), signed by this CA. */
  issue(commonName: string, names: readonly string[] = LOOPBACK_NAMES): IssuedCertificate {
    const work = mkdtempSync(join(tmpdir(), "handoff-leaf-"));
    try {
      const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(",");
      writeFileSync(join(work, "ext.cnf"), `subjectAltName=${san}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n`);
      openssl(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", `/O=Handoff/CN=${commonName}`], work);
      openssl(["x509", "-req", "-in", "leaf.csr", "-CA", this.certFile, "-CAkey", this.keyFile, "-set_serial", `0x${randomBytes(12).toString("hex")}`, "-days", String(LEAF_DAYS), "-extfile", "ext.cnf", "-out", "leaf.pem"], work);
      return { cert: readFileSync(join(work, "leaf.pem"), "utf8"), key: readFileSync(join(work, "leaf.key"), "utf8") };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /**
   * The certificate kept under `name` in this CA's directory, issued again when missing, close to expiry,
   * or signed by another CA (the CA was made anew): the same files otherwise, so Asterisk is not restarted for nothing.
   */
  kept(name: string, names: readonly string[] = LOOPBACK_NAMES, now = Date.now()): IssuedCertificate {
    const certFile = join(this.dir, `${name}.pem`);
    const keyFile = join(this.dir, `${name}.key`);
    if (existsSync(certFile) && existsSync(keyFile)) {
      const current = { cert: readFileSync(certFile, "utf8"), key: readFileSync(keyFile, "utf8") };
      const x509 = new X509Certificate(current.cert);
      if (x509.verify(new X509Certificate(this.cert).publicKey) && Date.parse(x509.validTo) - now > RENEW_WITHIN_MS) return current;
    }
    const issued = this.issue(name, names);
    writePrivateFile(keyFile, issued.key);
    writePrivateFile(certFile, issued.cert);
    return issued;
  }
}
