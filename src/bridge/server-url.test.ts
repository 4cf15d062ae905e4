import { describe, expect, it } from "vitest";
import { defaultServerUrl } from "./server-url";

const at = (href: string) => {
  const url = new URL(href);
  return { search: url.search, origin: url.origin, protocol: url.protocol };
};

describe("server URL", () => {
  it("takes ?server= first, then the page's origin", () => {
    expect(defaultServerUrl(at("http://127.0.0.1:5173/?server=http://10.0.0.5:8080/"))).toBe("http://10.0.0.5:8080");
    expect(defaultServerUrl(at("https://phones.example.com/app/"))).toBe("https://phones.example.com");
  });

  it("ignores a ?server= that is not an http(s) URL", () => {
    expect(defaultServerUrl(at("http://127.0.0.1:5173/?server=javascript:alert(1)"))).toBe("http://127.0.0.1:5173");
    expect(defaultServerUrl(at("http://127.0.0.1:5173/?server=nonsense"))).toBe("http://127.0.0.1:5173");
  });

  it("falls back to the local server when the page is a file (desktop)", () => {
    expect(defaultServerUrl({ search: "", origin: "null", protocol: "file:" })).toBe("http://127.0.0.1:8080");
  });
});
