/**
 * What both hosts of the client offer (Node 20 in Electron main, a browser for the web
 * app), typed by hand: the package compiles with neither DOM nor Node types, so it
 * cannot reach for anything only one of them has.
 */
interface Host {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  crypto?: { randomUUID?: () => string; getRandomValues(bytes: Uint8Array): Uint8Array };
  console: { info(...values: unknown[]): void; warn(...values: unknown[]): void };
  URL: new (text: string) => { origin: string; pathname: string; protocol: string; hostname: string; href: string };
}

const host = globalThis as unknown as Host;

/** The parts of a WHATWG URL the client reads; throws on text that is not a URL. */
export function parseUrl(text: string): { origin: string; pathname: string; protocol: string; hostname: string } {
  return new host.URL(text);
}

/** Time and timers; tests pass a manual clock they move themselves. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => host.setTimeout(callback, ms),
  clearTimeout: (handle) => host.clearTimeout(handle),
};

/**
 * A random UUID for an Idempotency-Key. `randomUUID` needs a secure context: a web app
 * served over plain http has only getRandomValues, from which a v4 UUID is built.
 */
export function randomKey(): string {
  const crypto = host.crypto;
  if (crypto === undefined) throw new Error("This runtime has no crypto.getRandomValues; Handoff needs Node 20 or a current browser.");
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Where the client says what it did on its own (renewals, reconnects, dropped events). */
export interface ClientLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export const consoleLog: ClientLog = {
  info: (message, fields) => host.console.info(`[handoff client] ${message}`, ...(fields === undefined ? [] : [fields])),
  warn: (message, fields) => host.console.warn(`[handoff client] ${message}`, ...(fields === undefined ? [] : [fields])),
};
