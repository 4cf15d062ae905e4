import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HANDOFF_APP } from "./app-origin";
import { createAppProtocolHandler, CSP_NONCE_PLACEHOLDER, relativePathOf } from "./app-protocol";

const ROOT = "/opt/handoff/resources/app.asar/dist/app/renderer";
const files: Record<string, string> = {
  [join(ROOT, "index.html")]: `<html><head><meta property="csp-nonce" nonce="${CSP_NONCE_PLACEHOLDER}"><script type="module" src="/assets/app.js"></script></head></html>`,
  [join(ROOT, "assets/app.js")]: "console.log('app')",
  [join(ROOT, "plain.html")]: "<html><head><script type=\"module\" src=\"/assets/app.js\"></script></head></html>",
};

const read: string[] = [];
const warnings: string[] = [];
const handler = createAppProtocolHandler({
  app: HANDOFF_APP,
  rootDir: ROOT,
  readFile: async (path) => {
    read.push(path);
    const content = files[path];
    if (content === undefined) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
    return new TextEncoder().encode(content);
  },
  pagePolicy: (styles) => (styles === "unsafe-inline" ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${styles.nonce}'`),
  newNonce: () => "Zm9vYmFyYmF6cXV4cXV1eA==",
  warn: (message) => warnings.push(message),
});

describe("app protocol", () => {
  it("serves the page with a fresh nonce in both the document and its CSP", async () => {
    const response = await handler(new Request("app://handoff/"));
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(html).toContain('nonce="Zm9vYmFyYmF6cXV4cXV1eA=="');
    expect(html).not.toContain(CSP_NONCE_PLACEHOLDER);
    expect(response.headers.get("Content-Security-Policy")).toBe("style-src 'self' 'nonce-Zm9vYmFyYmF6cXV4cXV1eA=='");
  });

  it("allows inline styles, and warns once, for a page built without the nonce placeholder", async () => {
    for (let i = 0; i < 2; i++) {
      const response = await handler(new Request("app://handoff/plain.html"));
      expect(response.headers.get("Content-Security-Policy")).toBe("style-src 'self' 'unsafe-inline'");
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("html.cspNonce");
  });

  it("serves assets with their type and nosniff", async () => {
    const response = await handler(new Request("app://handoff/assets/app.js"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("never reads outside the renderer folder", async () => {
    read.length = 0;
    const hostile = [
      "app://handoff/../../../etc/passwd",
      "app://handoff/%2e%2e/%2e%2e/etc/passwd.js",
      "app://handoff/assets/..%2f..%2fmain.js",
      "app://handoff/assets%5c..%5c..%5cmain.js",
      "app://handoff/C:%5cWindows%5cwin.ini",
      "app://handoff/assets/app.js%00.html",
      "app://handoff/%E0%A4%A",
    ];
    for (const url of hostile) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBeGreaterThanOrEqual(400);
    }
    for (const path of read) expect(path.startsWith(`${ROOT}/`), path).toBe(true);
  });

  it("answers 404 for another host and for unknown files, 405 for other methods", async () => {
    expect((await handler(new Request("app://evil/index.html"))).status).toBe(404);
    expect((await handler(new Request("app://handoff/missing.js"))).status).toBe(404);
    expect((await handler(new Request("app://handoff/secrets.env"))).status).toBe(404);
    expect((await handler(new Request("app://handoff/index.html", { method: "POST", body: "x" }))).status).toBe(405);
  });

  it("maps paths to files inside the root", () => {
    expect(relativePathOf("/")).toBe("index.html");
    expect(relativePathOf("")).toBe("index.html");
    expect(relativePathOf("/assets/a%20b.js")).toBe("assets/a b.js");
    expect(relativePathOf("/a/../b.js")).toBeNull();
    expect(relativePathOf("/./b.js")).toBeNull();
  });
});
