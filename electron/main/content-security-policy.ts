import type { AppOrigin } from "./app-origin";

/**
 * The app page's Content-Security-Policy. Scripts come only from the app's own
 * files; styles too, plus the <style> elements emotion (MUI) inserts, which
 * carry the per-document nonce the app protocol writes into index.html. The
 * page may connect only to itself, the signed-in server (HTTP and its
 * socket.io WebSocket) and the SIP WebSocket the server handed out.
 */

export interface PolicyInput {
  /** Exact sources for connect-src, beyond 'self' (see connectSourcesFor). */
  connectSources: readonly string[];
  /**
   * Inline <style> elements: allowed with this document's nonce; "unsafe-inline"
   * only for a build that carries no nonce placeholder (see app-protocol.ts);
   * omitted, none at all.
   */
  inlineStyles?: { nonce: string } | "unsafe-inline";
}

const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
// What a CSP host-source may contain. Notably no ';' ',' quote or space, which
// would end the directive and let a hostile URL write its own policy.
const SOURCE = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9\-._~%[\]:]+(\/[A-Za-z0-9\-._~%/!$&()*+=@:]*)?$/;

export function buildContentSecurityPolicy({ connectSources, inlineStyles }: PolicyInput): string {
  for (const source of connectSources) {
    if (!SOURCE.test(source)) throw new Error(`"${source}" is not a valid CSP source; pass sources built by connectSourcesFor().`);
  }
  if (typeof inlineStyles === "object" && !NONCE.test(inlineStyles.nonce)) throw new Error("A style nonce must be at least 16 base64 characters.");
  const styles = inlineStyles === undefined ? [] : inlineStyles === "unsafe-inline" ? ["'unsafe-inline'"] : [`'nonce-${inlineStyles.nonce}'`];
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'"],
    ["style-src", "'self'", ...styles],
    ["connect-src", "'self'", ...new Set(connectSources)],
    ["media-src", "'self'", "blob:", "mediastream:"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'", "data:"],
    ["object-src", "'none'"],
    ["frame-src", "'none'"],
    ["base-uri", "'none'"],
    ["form-action", "'none'"],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/**
 * connect-src sources for a signed-in session: the server's HTTP origin, the
 * same origin over ws/wss (socket.io), and the SIP WebSocket URL. A URL that
 * cannot be expressed safely is left out and reported, never passed through.
 */
export function connectSourcesFor(serverUrl: string | null, sipWebSocketUrl: string | null): { sources: string[]; rejected: string[] } {
  const sources: string[] = [];
  const rejected: string[] = [];
  const add = (original: string, ...candidates: string[]) => {
    if (candidates.length > 0 && candidates.every((source) => SOURCE.test(source))) sources.push(...candidates);
    else rejected.push(original);
  };
  if (serverUrl !== null) {
    const server = parseUrl(serverUrl, ["http:", "https:"]);
    add(serverUrl, ...(server === null ? [] : [server.origin, `${server.protocol === "https:" ? "wss:" : "ws:"}//${server.host}`]));
  }
  if (sipWebSocketUrl !== null) {
    const sip = parseUrl(sipWebSocketUrl, ["ws:", "wss:"]);
    add(sipWebSocketUrl, ...(sip === null ? [] : [`${sip.protocol}//${sip.host}${sip.pathname === "/" ? "" : sip.pathname}`]));
  }
  return { sources, rejected };
}

function parseUrl(value: string, protocols: readonly string[]): URL | null {
  try {
    const url = new URL(value);
    return protocols.includes(url.protocol) && url.username === "" && url.password === "" ? url : null;
  } catch {
    return null;
  }
}

/**
 * The policy of the current session. A document keeps the policy it was
 * served with, so after a sign-in that needs new connect sources the page must
 * be reloaded once (`needsReload`); a narrower policy needs no reload.
 */
export class SessionContentSecurityPolicy {
  private sources: readonly string[] = [];
  private served: readonly string[] = [];

  /** Returns the URLs that could not be allowed, for the log. */
  setSession(session: { serverUrl: string; sipWebSocketUrl: string | null } | null): string[] {
    const { sources, rejected } = connectSourcesFor(session?.serverUrl ?? null, session?.sipWebSocketUrl ?? null);
    this.sources = sources;
    return rejected;
  }

  /** The policy for a document about to be served; remembers what that document may reach. */
  forDocument(inlineStyles: PolicyInput["inlineStyles"]): string {
    this.served = this.sources;
    return buildContentSecurityPolicy({ connectSources: this.sources, inlineStyles });
  }

  /** The strict policy without a nonce, for anything that is not the app's page. */
  fallback(): string {
    return buildContentSecurityPolicy({ connectSources: this.sources });
  }

  get needsReload(): boolean {
    return this.sources.some((source) => !this.served.includes(source));
  }
}

export interface HeadersReceivedDetails {
  url: string;
  responseHeaders?: Record<string, string[]>;
}
export interface WebRequestLike {
  onHeadersReceived(listener: (details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void): void;
}

/**
 * Session-wide net: every response gets a CSP. The app protocol already sets
 * the page's own (with its nonce) and that one is kept; any other response's
 * policy is replaced by the strict one, so a document that is not ours can
 * never bring a laxer policy.
 */
export function installContentSecurityPolicy(session: { webRequest: WebRequestLike }, app: AppOrigin, strictPolicy: () => string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = { ...(details.responseHeaders ?? {}) };
    const existing = Object.keys(headers).filter((name) => name.toLowerCase() === "content-security-policy");
    if (app.isAppUrl(details.url) && existing.length > 0) {
      callback({ responseHeaders: headers });
      return;
    }
    for (const name of existing) delete headers[name];
    headers["Content-Security-Policy"] = [strictPolicy()];
    callback({ responseHeaders: headers });
  });
}
