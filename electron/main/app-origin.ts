/**
 * Where the app's own page lives. The renderer is served from a privileged
 * custom scheme (`app://handoff/`), not file://: it gives the page a real
 * origin of its own, so CSP 'self', permission checks and IPC sender checks
 * name exactly our files and not every file on the disk.
 */
export class AppOrigin {
  /** `app://handoff`, as Chromium reports it for a standard scheme. */
  readonly origin: string;
  /** The one document the app loads. */
  readonly pageUrl: string;

  constructor(
    readonly scheme: string,
    readonly host: string,
    private readonly pagePath = "/index.html",
  ) {
    this.origin = `${scheme}://${host}`;
    this.pageUrl = `${this.origin}${pagePath}`;
  }

  /** An origin string as Electron reports it (permission handlers). */
  isOrigin(origin: string | null | undefined): boolean {
    return origin === this.origin;
  }

  /** Any resource of the app (script, style, sound), compared part by part. */
  isAppUrl(url: string | null | undefined): boolean {
    return this.parse(url) !== null;
  }

  /** The app's document itself (query and fragment allowed, nothing else). */
  isAppPage(url: string | null | undefined): boolean {
    const parsed = this.parse(url);
    // A custom scheme's bare origin parses with an empty path in Node and "/" in Chromium.
    return parsed !== null && (parsed.pathname === "" || parsed.pathname === "/" || parsed.pathname === this.pagePath);
  }

  private parse(url: string | null | undefined): URL | null {
    if (typeof url !== "string") return null;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    // WHATWG gives custom schemes an opaque "null" origin, so compare the parts:
    // same scheme and host, and no userinfo or port to smuggle another meaning in.
    const exact = parsed.protocol === `${this.scheme}:` && parsed.host === this.host && parsed.hostname === this.host;
    return exact && parsed.username === "" && parsed.password === "" && parsed.port === "" ? parsed : null;
  }
}

export const HANDOFF_APP = new AppOrigin("app", "handoff");
