import { createHash, randomBytes } from "node:crypto";
import { connect as connectTcp } from "node:net";
import type { Socket } from "node:net";
import { connect as connectTls } from "node:tls";

/**
 * Readiness probes: "ready" means what a client will do next works. AMI accepts a login (not just a
 * TCP connect) and the SIP WebSocket upgrades with subprotocol sip (not just an HTTP answer).
 */
export interface AmiLoginOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
}

export class PbxNotReadyError extends Error {
  override readonly name = "PbxNotReadyError";
  constructor(what: string, timeoutMs: number, lastProblem: string, hint: string) {
    super(`${what} was not ready within ${timeoutMs} ms (last attempt: ${lastProblem}). ${hint}`);
  }
}

/** Retrying cannot help: the credentials are wrong. */
export class AmiLoginRejectedError extends Error {
  override readonly name = "AmiLoginRejectedError";
  constructor(username: string, message: string) {
    super(`Asterisk rejected the AMI login of "${username}" (${message}). Check the user, secret and permit lines in manager.conf; for a local PBX, "npm run pbx:up" rewrites them.`);
  }
}

const ATTEMPT_TIMEOUT_MS = 3000;
const RETRY_DELAY_MS = 200;
/** An attempt with less time than this would only report its own time-out instead of the real problem. */
const MIN_ATTEMPT_MS = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function retryUntil(timeoutMs: number, attempt: (budgetMs: number) => Promise<void>, onTimeout: (last: string) => Error): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no attempt made";
  for (;;) {
    const budget = Math.min(ATTEMPT_TIMEOUT_MS, deadline - Date.now());
    if (budget <= 0 || (budget < MIN_ATTEMPT_MS && last !== "no attempt made")) throw onTimeout(last);
    try {
      await attempt(budget);
      return;
    } catch (error) {
      if (error instanceof AmiLoginRejectedError) throw error;
      last = (error as Error).message;
    }
    await sleep(Math.min(RETRY_DELAY_MS, Math.max(0, deadline - Date.now())));
  }
}

/** Runs `talk` on a fresh socket, closing it whatever happens, failing after `budgetMs`. */
function withSocket(open: () => Socket, budgetMs: number, talk: (socket: Socket, done: (error?: Error) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = open();
    let settled = false;
    const done = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        socket.destroy();
        reject(error);
        return;
      }
      // Let a goodbye written with end() reach the peer; never let a silent peer hold the process.
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
      resolve();
    };
    const timer = setTimeout(() => done(new Error(`no answer within ${budgetMs} ms`)), budgetMs);
    socket.on("error", (error) => done(error));
    socket.on("close", () => done(new Error("connection closed before the exchange finished")));
    talk(socket, done);
  });
}

function parseAmiBlock(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

/** One AMI login attempt over a raw socket; resolves once Asterisk says "Authentication accepted". */
export function tryAmiLogin(options: AmiLoginOptions, budgetMs: number): Promise<void> {
  const actionId = `handoff-ready-${randomBytes(4).toString("hex")}`;
  return withSocket(() => connectTcp({ host: options.host, port: options.port }), budgetMs, (socket, done) => {
    let buffer = "";
    let greeted = false;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      if (!greeted) {
        const end = buffer.indexOf("\r\n");
        if (end < 0) return;
        const banner = buffer.slice(0, end);
        if (!banner.startsWith("Asterisk Call Manager/")) return done(new Error(`not an AMI server (greeting "${banner.slice(0, 60)}")`));
        greeted = true;
        buffer = buffer.slice(end + 2);
        socket.write(`Action: Login\r\nActionID: ${actionId}\r\nUsername: ${options.username}\r\nSecret: ${options.secret}\r\nEvents: off\r\n\r\n`);
      }
      for (let end = buffer.indexOf("\r\n\r\n"); end >= 0; end = buffer.indexOf("\r\n\r\n")) {
        const fields = parseAmiBlock(buffer.slice(0, end));
        buffer = buffer.slice(end + 4);
        if (fields.get("actionid") !== actionId) continue;
        if (fields.get("response")?.toLowerCase() === "success") {
          socket.write("Action: Logoff\r\n\r\n");
          return done();
        }
        return done(new AmiLoginRejectedError(options.username, fields.get("message") ?? "no message"));
      }
    });
  });
}

export function waitForAmiLogin(options: AmiLoginOptions, timeoutMs: number): Promise<void> {
  return retryUntil(
    timeoutMs,
    (budget) => tryAmiLogin(options, budget),
    (last) => new PbxNotReadyError(`AMI at ${options.host}:${options.port}`, timeoutMs, last, "Is Asterisk running, with manager.conf enabled on that address? \"npm run pbx:status\" shows what runs."),
  );
}

const WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A masked close frame (status 1000): clients must mask, and a clean close keeps Asterisk's log quiet. */
function closeFrame(): Buffer {
  const mask = randomBytes(4);
  const payload = Buffer.from([0x03, 0xe8]);
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0));
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length]), mask, Buffer.from(masked)]);
}

/** One WebSocket upgrade attempt with subprotocol "sip"; resolves on a valid 101. */
export function trySipWebSocket(url: string, budgetMs: number, ca?: string): Promise<void> {
  const target = new URL(url);
  const secure = target.protocol === "wss:";
  if (!secure && target.protocol !== "ws:") return Promise.reject(new Error(`"${url}" is not a ws:// or wss:// URL`));
  const port = Number(target.port || (secure ? 443 : 80));
  const key = randomBytes(16).toString("base64");
  const expectedAccept = createHash("sha1").update(key + WS_GUID).digest("base64");
  // The certificate is checked as a phone would: against `ca` (the install's own CA), else Node's CA list. No SNI for an IP address.
  const servername = /^[\d.]+$|:/.test(target.hostname) ? undefined : target.hostname;
  const open = () => (secure ? connectTls({ host: target.hostname, port, ...(servername === undefined ? {} : { servername }), ...(ca === undefined ? {} : { ca }) }) : connectTcp({ host: target.hostname, port }));
  return withSocket(open, budgetMs, (socket, done) => {
    let head = "";
    const request = [
      `GET ${target.pathname}${target.search} HTTP/1.1`,
      `Host: ${target.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${key}`,
      "Sec-WebSocket-Version: 13",
      "Sec-WebSocket-Protocol: sip",
    ];
    socket.once(secure ? "secureConnect" : "connect", () => socket.write(`${request.join("\r\n")}\r\n\r\n`));
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [status = "", ...lines] = head.slice(0, end).split("\r\n");
      const headers = parseAmiBlock(lines.join("\r\n"));
      if (!/^HTTP\/1\.1 101\b/.test(status)) return done(new Error(`answered "${status}" instead of 101 Switching Protocols`));
      if (headers.get("sec-websocket-accept") !== expectedAccept) return done(new Error("101 with a wrong Sec-WebSocket-Accept"));
      if (headers.get("sec-websocket-protocol")?.toLowerCase() !== "sip") return done(new Error("101 without subprotocol sip"));
      socket.write(closeFrame());
      done();
    });
  });
}

export function waitForSipWebSocket(url: string, timeoutMs: number, ca?: string): Promise<void> {
  return retryUntil(
    timeoutMs,
    (budget) => trySipWebSocket(url, budget, ca),
    (last) => new PbxNotReadyError(`SIP WebSocket ${url}`, timeoutMs, last, "Check http.conf (enabled, bindaddr, bindport) and that res_http_websocket and res_pjsip_transport_websocket are loaded."),
  );
}

/** Whether something accepts TCP connections on host:port now (one attempt, 1 s at most). */
export function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connectTcp({ host, port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}
