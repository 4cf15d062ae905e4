import type { AppOrigin } from "./app-origin";
import type { Logger } from "./logger";

/**
 * What the window may load: the app's own page, nothing else. Links to a few
 * known hosts open in the agent's browser instead; every other URL is refused.
 */

export type NavigationVerdict = { kind: "app" } | { kind: "external"; url: string } | { kind: "deny"; reason: string };

export interface NavigationPolicyOptions {
  app: AppOrigin;
  /** Exact host names (ASCII, no port) whose http(s) links may open in the system browser. */
  externalHosts: readonly string[];
  openExternal(url: string): Promise<void>;
  log: Logger;
}

const MAX_URL_LENGTH = 2048;

export function judgeNavigation(rawUrl: unknown, app: AppOrigin, externalHosts: readonly string[]): NavigationVerdict {
  if (typeof rawUrl !== "string") return deny("not a URL");
  if (rawUrl.length > MAX_URL_LENGTH) return deny("URL too long");
  // Printable ASCII only: Unicode in a link is how look-alike hosts are shown.
  if (!/^[\x21-\x7e]+$/.test(rawUrl)) return deny("URL contains spaces, control or non-ASCII characters");
  if (app.isAppPage(rawUrl)) return { kind: "app" };

  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return deny("not a URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return deny(`scheme ${url.protocol} is never opened`);
  if (url.username !== "" || url.password !== "") return deny("URL carries user info (a host look-alike trick)");
  if (url.port !== "") return deny("URL names a port");
  const host = url.hostname;
  if (host.endsWith(".")) return deny("host ends with a dot");
  if (host.split(".").some((label) => label.startsWith("xn--"))) return deny("internationalized (punycode) host");
  if (!externalHosts.some((allowed) => allowed.toLowerCase() === host)) return deny(`host ${host} is not on the allowlist`);
  // The parsed, re-serialized URL goes out, never the raw string.
  return { kind: "external", url: url.href };
}

function deny(reason: string): NavigationVerdict {
  return { kind: "deny", reason };
}

export interface NavigationEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
}

/** The part of WebContents this policy needs. */
export interface NavigableContents {
  on(event: "will-navigate", listener: (event: NavigationEvent) => void): unknown;
  on(event: "will-frame-navigate", listener: (event: NavigationEvent) => void): unknown;
  on(event: "will-redirect", listener: (event: NavigationEvent) => void): unknown;
  on(event: "will-attach-webview", listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
}

export function installNavigationPolicy(contents: NavigableContents, options: NavigationPolicyOptions): void {
  const { app, externalHosts, log } = options;
  const openOutside = (url: string) => {
    options.openExternal(url).catch((error: unknown) => log.warn("could not open a link in the browser", { url, error: String(error) }));
  };

  contents.on("will-navigate", (event) => {
    const verdict = judgeNavigation(event.url, app, externalHosts);
    if (verdict.kind === "app") return;
    event.preventDefault();
    if (verdict.kind === "external") openOutside(verdict.url);
    else log.warn("navigation refused", { reason: verdict.reason });
  });
  // The app has no frames: a sub-frame may not navigate at all. (Main-frame
  // navigations are will-navigate's, which also opens allowed links outside.)
  contents.on("will-frame-navigate", (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on("will-redirect", (event) => {
    if (!app.isAppPage(event.url)) event.preventDefault();
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = judgeNavigation(url, app, externalHosts);
    if (verdict.kind === "external") openOutside(verdict.url);
    else if (verdict.kind === "deny") log.warn("window.open refused", { reason: verdict.reason });
    return { action: "deny" };
  });
}
