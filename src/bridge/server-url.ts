const FALLBACK_SERVER_URL = "http://127.0.0.1:8080";

function httpUrl(text: string | null): string | null {
  if (text === null) return null;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin + url.pathname.replace(/\/+$/, "") : null;
  } catch {
    return null;
  }
}

/**
 * Where the login form points first: `?server=` when the page was opened
 * with one, else the page's own origin (web mode is served beside the API),
 * else the local development server (the desktop app loads from a file).
 */
export function defaultServerUrl(location: Pick<Location, "search" | "origin" | "protocol">): string {
  const fromQuery = httpUrl(new URLSearchParams(location.search).get("server"));
  if (fromQuery !== null) return fromQuery;
  if (location.protocol === "http:" || location.protocol === "https:") return location.origin;
  return FALLBACK_SERVER_URL;
}

/** "http://host:8080/" and "http://host:8080" are the same server; requests append /api/... */
export function normalizeServerUrl(text: string): string {
  const url = httpUrl(text.trim());
  if (url === null) throw new Error(`"${text}" is not a server address; type one like http://127.0.0.1:8080.`);
  return url;
}
