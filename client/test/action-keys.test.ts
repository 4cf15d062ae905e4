import { describe, expect, it } from "vitest";
import { ActionKeys, canonicalJson } from "../src/action-keys";
import { randomKey } from "../src/host";

describe("ActionKeys", () => {
  it("one key per action: the same fingerprint while pending, a new one once settled", () => {
    let n = 0;
    const keys = new ActionKeys(() => 0, () => `key-${++n}`);
    expect(keys.keyFor("a")).toBe("key-1");
    expect(keys.keyFor("a")).toBe("key-1");
    expect(keys.keyFor("b")).toBe("key-2");
    keys.settle("a");
    expect(keys.keyFor("a")).toBe("key-3");
  });

  it("forgets an unknown outcome after the reuse window", () => {
    let now = 0;
    const keys = new ActionKeys(() => now, randomKey, 1_000);
    const first = keys.keyFor("a");
    now = 2_000;
    expect(keys.keyFor("a")).not.toBe(first);
  });

  it("fingerprints equal requests equally, whatever their key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
