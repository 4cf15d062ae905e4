import { normalizeServerUrl } from "@handoff/client";

const FALLBACK_SERVER_URL = "http://127.0.0.1:8080";

/**
 * Where the login form points first: `?server=` when the page was opened
 * with one, else the page's own origin (web mode is served beside the API),
 * else the local development server (the desktop app loads from a file).
 */
export function defaultServerUrl(location: Pick<Location, "search" | "origin" | "protocol">): string {
  const fromQuery = new URLSearchParams(location.search).get("server");
  if (fromQuery !== null) {
    try {
      return normalizeServerUrl(fromQuery);
    } catch {
      // Not an http(s) URL: ignored.
    }
  }
  if (location.protocol === "http:" || location.protocol === "https:") return location.origin;
  return FALLBACK_SERVER_URL;
}
