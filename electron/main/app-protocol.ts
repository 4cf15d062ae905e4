import { randomBytes } from "node:crypto";
import { extname, join, sep } from "node:path";
import type { AppOrigin } from "./app-origin";

/**
 * Serves the built renderer under the app's own scheme (`app://handoff/…`)
 * from one folder of the asar, and nothing outside it. The page's HTML gets a
 * fresh style nonce per load, written both into the document (where Vite's
 * `html.cspNonce` placeholder stands) and into its CSP header; emotion (MUI)
 * puts it on the <style> elements it inserts. A build without the placeholder
 * still works, with inline styles allowed, and a warning in the log.
 */

/** Put this in vite's `html.cspNonce`; the renderer reads the nonce from `<meta property="csp-nonce">`. */
export const CSP_NONCE_PLACEHOLDER = "__HANDOFF_CSP_NONCE__";

export interface AppProtocolOptions {
  app: AppOrigin;
  /** Absolute folder of the built renderer (dist/app/renderer in the asar). */
  rootDir: string;
  readFile(path: string): Promise<Uint8Array>;
  /** The CSP of the page, given how its inline styles are allowed. */
  pagePolicy(inlineStyles: { nonce: string } | "unsafe-inline"): string;
  newNonce?: () => string;
  /** Told once when the page has no nonce placeholder. */
  warn?: (message: string) => void;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".wav": "audio/wav",
  ".mp3": "audio/mpeg",
  ".ogg": "audio/ogg",
};

export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const newNonce = options.newNonce ?? (() => randomBytes(16).toString("base64"));
  const root = options.rootDir.endsWith(sep) ? options.rootDir : options.rootDir + sep;
  let warned = false;

  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return plain(405, "Only GET and HEAD are served.");
    if (!options.app.isAppUrl(request.url)) return plain(404, "Not an app URL.");
    const relative = relativePathOf(new URL(request.url).pathname);
    if (relative === null) return plain(400, "Bad path.");
    const type = CONTENT_TYPES[extname(relative).toLowerCase()];
    if (type === undefined) return plain(404, "Not found.");

    let body: Uint8Array;
    try {
      body = await options.readFile(join(root, relative));
    } catch {
      return plain(404, "Not found.");
    }
    const headers = new Headers({ "Content-Type": type, "X-Content-Type-Options": "nosniff" });
    if (type.startsWith("text/html")) {
      const html = new TextDecoder().decode(body);
      if (html.includes(CSP_NONCE_PLACEHOLDER)) {
        const nonce = newNonce();
        body = new TextEncoder().encode(html.replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
        headers.set("Content-Security-Policy", options.pagePolicy({ nonce }));
      } else {
        if (!warned) options.warn?.(`${relative} has no ${CSP_NONCE_PLACEHOLDER} placeholder, so inline styles are allowed for it; set html.cspNonce to "${CSP_NONCE_PLACEHOLDER}" in vite.config.ts.`);
        warned = true;
        headers.set("Content-Security-Policy", options.pagePolicy("unsafe-inline"));
      }
      headers.set("Cache-Control", "no-store");
    }
    return new Response(request.method === "HEAD" ? null : body, { status: 200, headers });
  };
}

/** The file a URL path names inside the root, or null for anything that could leave it. */
export function relativePathOf(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (/[\\\0]/.test(decoded)) return null;
  const segments = decoded.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment === "." || segment === ".." || segment.includes(":"))) return null;
  return segments.length === 0 ? "index.html" : segments.join("/");
}

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff" } });
}
