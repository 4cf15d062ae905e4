// @vitest-environment jsdom
import { afterEach, describe, expect, it } from "vitest";
import { styleNonce } from "./style-cache";

afterEach(() => document.head.replaceChildren());

function meta(nonce: string): void {
  const element = document.createElement("meta");
  element.setAttribute("property", "csp-nonce");
  element.setAttribute("nonce", nonce);
  document.head.append(element);
}

describe("style nonce", () => {
  it("reads the nonce the desktop wrote into the page", () => {
    meta("bm9uY2Utb2YtdGhpcy1sb2Fk");
    expect(styleNonce()).toBe("bm9uY2Utb2YtdGhpcy1sb2Fk");
  });

  it("ignores the build's placeholder (web mode) and a missing tag", () => {
    expect(styleNonce()).toBeUndefined();
    meta("__HANDOFF_CSP_NONCE__");
    expect(styleNonce()).toBeUndefined();
  });
});
