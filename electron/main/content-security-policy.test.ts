import { describe, expect, it } from "vitest";
import { HANDOFF_APP } from "./app-origin";
import { buildContentSecurityPolicy, connectSourcesFor, installContentSecurityPolicy, SessionContentSecurityPolicy, type HeadersReceivedDetails } from "./content-security-policy";

const NONCE = "q1w2e3r4t5y6u7i8o9p0aa==";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((part) => {
      const [name = "", ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("buildContentSecurityPolicy", () => {
  const { sources } = connectSourcesFor("https://handoff.example.test", "wss://pbx.example.test:8089/ws");
  const policy = directives(buildContentSecurityPolicy({ connectSources: sources, inlineStyles: { nonce: NONCE } }));

  it("allows scripts from the app only: no inline, no eval", () => {
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    const text = buildContentSecurityPolicy({ connectSources: sources, inlineStyles: { nonce: NONCE } });
    expect(text).not.toContain("unsafe-inline");
    expect(text).not.toContain("unsafe-eval");
    expect(text).not.toContain("*");
  });

  it("allows inline styles only with this document's nonce", () => {
    expect(policy.get("style-src")).toEqual(["'self'", `'nonce-${NONCE}'`]);
    expect(directives(buildContentSecurityPolicy({ connectSources: [] })).get("style-src")).toEqual(["'self'"]);
    // Only for a build without the nonce placeholder (app-protocol.ts warns).
    expect(directives(buildContentSecurityPolicy({ connectSources: [], inlineStyles: "unsafe-inline" })).get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(directives(buildContentSecurityPolicy({ connectSources: [], inlineStyles: "unsafe-inline" })).get("script-src")).toEqual(["'self'"]);
  });

  it("connects exactly to itself, the server over http(s) and ws(s), and the SIP WebSocket", () => {
    expect(policy.get("connect-src")).toEqual(["'self'", "https://handoff.example.test", "wss://handoff.example.test", "wss://pbx.example.test:8089/ws"]);
  });

  it("locks down the rest", () => {
    expect(policy.get("media-src")).toEqual(["'self'", "blob:", "mediastream:"]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("refuses a source or nonce that would break out of its directive", () => {
    expect(() => buildContentSecurityPolicy({ connectSources: ["https://a.test; script-src *"] })).toThrow(/not a valid CSP source/);
    expect(() => buildContentSecurityPolicy({ connectSources: [], inlineStyles: { nonce: "abc' 'unsafe-inline" } })).toThrow(/nonce/);
  });
});

describe("connectSourcesFor", () => {
  it("maps an http server to http and ws", () => {
    expect(connectSourcesFor("http://127.0.0.1:8080/", "ws://127.0.0.1:8088/ws").sources).toEqual(["http://127.0.0.1:8080", "ws://127.0.0.1:8080", "ws://127.0.0.1:8088/ws"]);
  });

  it("leaves out, and reports, URLs that cannot be allowed safely", () => {
    const hostile = [
      "wss://pbx.test/ws;script-src",
      "wss://pbx.test/ws,https://evil.test",
      "wss://pbx.test/ws'",
      "https://pbx.test/ws",
      "javascript:alert(1)",
      "wss://user:pass@pbx.test/ws",
      "not a url",
    ];
    for (const sip of hostile) {
      const { sources, rejected } = connectSourcesFor(null, sip);
      expect(sources, sip).toEqual([]);
      expect(rejected, sip).toEqual([sip]);
    }
    expect(connectSourcesFor("ftp://server.test", null).rejected).toEqual(["ftp://server.test"]);
  });

  it("drops a query from the SIP source (CSP cannot express one)", () => {
    expect(connectSourcesFor(null, "wss://pbx.test/ws?x=1").sources).toEqual(["wss://pbx.test/ws"]);
  });
});

describe("SessionContentSecurityPolicy", () => {
  it("asks for a reload only when the served document lacks a source the session needs", () => {
    const csp = new SessionContentSecurityPolicy();
    csp.forDocument({ nonce: NONCE });
    expect(csp.needsReload).toBe(false);
    csp.setSession({ serverUrl: "https://a.test", sipWebSocketUrl: "wss://pbx.a.test/ws" });
    expect(csp.needsReload).toBe(true);
    expect(csp.forDocument({ nonce: NONCE })).toContain("wss://pbx.a.test/ws");
    expect(csp.needsReload).toBe(false);
    csp.setSession(null);
    expect(csp.needsReload).toBe(false);
    expect(directives(csp.fallback()).get("connect-src")).toEqual(["'self'"]);
  });
});

describe("installContentSecurityPolicy", () => {
  function install() {
    let listener: ((details: HeadersReceivedDetails, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | undefined;
    installContentSecurityPolicy({ webRequest: { onHeadersReceived: (l) => (listener = l) } }, HANDOFF_APP, () => "default-src 'self'");
    return (details: HeadersReceivedDetails) => {
      let headers: Record<string, string[]> | undefined;
      listener?.(details, (response) => (headers = response.responseHeaders));
      return headers ?? {};
    };
  }

  it("keeps the app page's own policy (it carries the nonce)", () => {
    const run = install();
    const headers = run({ url: "app://handoff/index.html", responseHeaders: { "Content-Security-Policy": ["style-src 'nonce-x'"] } });
    expect(headers["Content-Security-Policy"]).toEqual(["style-src 'nonce-x'"]);
  });

  it("replaces any other response's policy, whatever its header case", () => {
    const run = install();
    const headers = run({ url: "https://evil.test/", responseHeaders: { "content-security-policy": ["script-src *"], "X-Other": ["1"] } });
    expect(headers["content-security-policy"]).toBeUndefined();
    expect(headers["Content-Security-Policy"]).toEqual(["default-src 'self'"]);
    expect(headers["X-Other"]).toEqual(["1"]);
  });

  it("adds the policy to an app response that has none", () => {
    const run = install();
    expect(run({ url: "app://handoff/assets/app.js" })["Content-Security-Policy"]).toEqual(["default-src 'self'"]);
  });
});
