import { describe, expect, it } from "vitest";
import { HANDOFF_APP } from "./app-origin";
import { installNavigationPolicy, judgeNavigation, type NavigableContents, type NavigationEvent } from "./navigation-policy";
import { silentLogger } from "./logger";

const ALLOWED = ["help.handoff.example"];

const HOSTILE = [
  // other schemes
  "file:///etc/passwd",
  "file://help.handoff.example/x",
  "javascript:alert(document.domain)",
  "JaVaScRiPt:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "blob:app://handoff/1234",
  "vbscript:msgbox(1)",
  "ms-msdt:/id PCWDiagnostic",
  "smb://evil.test/share",
  "ssh://help.handoff.example",
  "chrome://settings",
  "devtools://devtools/bundled/inspector.html",
  "app://evil/index.html",
  "about:blank",
  // user-info look-alikes
  "https://help.handoff.example@evil.test/",
  "https://help.handoff.example:443@evil.test/",
  "https://user:pass@help.handoff.example/",
  "https://evil.test#@help.handoff.example",
  // host look-alikes
  "https://help.handoff.example./",
  "https://help.handoff.example.evil.test/",
  "https://evil.test/help.handoff.example",
  "https://evil.test/?u=https://help.handoff.example",
  "https://xn--hlp-handoff-n7a.example/",
  "https://hеlp.handoff.example/", // Cyrillic е
  "https://help.handoff.examp1e/",
  "https://help-handoff.example/",
  "https://handoff.example/",
  // ports, whitespace, control characters, length
  "https://help.handoff.example:8443/",
  "https://help.handoff.example /",
  " https://help.handoff.example/",
  "https://help.handoff.example/\r\nX: y",
  "https://help.handoff.example/\u0000",
  `https://help.handoff.example/${"a".repeat(3000)}`,
  // not URLs
  "",
  "//help.handoff.example/",
  "help.handoff.example",
  "https://",
];

describe("judgeNavigation", () => {
  it.each(HOSTILE)("denies %s", (url) => {
    expect(judgeNavigation(url, HANDOFF_APP, ALLOWED).kind).toBe("deny");
  });

  it("denies non-strings", () => {
    for (const value of [null, undefined, 42, {}]) expect(judgeNavigation(value, HANDOFF_APP, ALLOWED).kind).toBe("deny");
  });

  it("keeps the app's own page in the window", () => {
    for (const url of ["app://handoff/", "app://handoff/index.html", "app://handoff/index.html?x=1#agents"]) {
      expect(judgeNavigation(url, HANDOFF_APP, ALLOWED), url).toEqual({ kind: "app" });
    }
    // The app's other files are not pages to navigate to.
    expect(judgeNavigation("app://handoff/assets/app.js", HANDOFF_APP, ALLOWED).kind).toBe("deny");
    expect(judgeNavigation("app://x@handoff/", HANDOFF_APP, ALLOWED).kind).toBe("deny");
    expect(judgeNavigation("app://handoff:99/", HANDOFF_APP, ALLOWED).kind).toBe("deny");
  });

  it("sends allowlisted http(s) links to the browser, re-serialized", () => {
    expect(judgeNavigation("https://help.handoff.example/guide?x=1#top", HANDOFF_APP, ALLOWED)).toEqual({ kind: "external", url: "https://help.handoff.example/guide?x=1#top" });
    expect(judgeNavigation("https://HELP.handoff.example:443/a/../b", HANDOFF_APP, ALLOWED)).toEqual({ kind: "external", url: "https://help.handoff.example/b" });
    expect(judgeNavigation("http://help.handoff.example/", HANDOFF_APP, ALLOWED).kind).toBe("external");
  });

  it("holds the look-alike rules even for a host the allowlist names", () => {
    const careless = ["help.handoff.example.", "xn--e1awd7f.example", "help.handoff.example"];
    expect(judgeNavigation("https://help.handoff.example./", HANDOFF_APP, careless)).toMatchObject({ kind: "deny", reason: "host ends with a dot" });
    expect(judgeNavigation("https://xn--e1awd7f.example/", HANDOFF_APP, careless)).toMatchObject({ kind: "deny", reason: "internationalized (punycode) host" });
    expect(judgeNavigation("https://a@help.handoff.example/", HANDOFF_APP, careless)).toMatchObject({ kind: "deny", reason: expect.stringContaining("user info") });
  });

  it("denies every external link when the allowlist is empty", () => {
    expect(judgeNavigation("https://help.handoff.example/", HANDOFF_APP, []).kind).toBe("deny");
  });
});

class FakeContents implements NavigableContents {
  readonly listeners = new Map<string, (event: NavigationEvent) => void>();
  openHandler: ((details: { url: string }) => { action: "deny" }) | null = null;
  on(event: string, listener: (event: NavigationEvent) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void {
    this.openHandler = handler;
  }
  emit(name: string, url: string, isMainFrame = true): boolean {
    let prevented = false;
    this.listeners.get(name)?.({ url, isMainFrame, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe("installNavigationPolicy", () => {
  function setup() {
    const contents = new FakeContents();
    const opened: string[] = [];
    installNavigationPolicy(contents, { app: HANDOFF_APP, externalHosts: ALLOWED, openExternal: async (url) => void opened.push(url), log: silentLogger });
    return { contents, opened };
  }

  it("lets the app page load and stops every other navigation", () => {
    const { contents, opened } = setup();
    expect(contents.emit("will-navigate", "app://handoff/index.html")).toBe(false);
    for (const url of HOSTILE) expect(contents.emit("will-navigate", url), url).toBe(true);
    expect(opened).toEqual([]);
  });

  it("opens an allowlisted link in the browser instead of the window", () => {
    const { contents, opened } = setup();
    expect(contents.emit("will-navigate", "https://help.handoff.example/guide")).toBe(true);
    expect(opened).toEqual(["https://help.handoff.example/guide"]);
  });

  it("never opens a new window, and opens only allowlisted links outside", () => {
    const { contents, opened } = setup();
    for (const url of [...HOSTILE, "app://handoff/index.html", "https://help.handoff.example/x"]) {
      expect(contents.openHandler?.({ url }), url).toEqual({ action: "deny" });
    }
    expect(opened).toEqual(["https://help.handoff.example/x"]);
  });

  it("denies redirects away from the app, sub-frame navigations and webviews", () => {
    const { contents } = setup();
    expect(contents.emit("will-redirect", "https://evil.test/")).toBe(true);
    expect(contents.emit("will-redirect", "app://handoff/index.html")).toBe(false);
    expect(contents.emit("will-frame-navigate", "app://handoff/index.html", false)).toBe(true);
    expect(contents.emit("will-frame-navigate", "app://handoff/index.html", true)).toBe(false);
    expect(contents.emit("will-attach-webview", "https://evil.test/")).toBe(true);
  });
});
