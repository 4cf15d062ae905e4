import { describe, expect, it } from "vitest";
import { digestAuthorization, parseDigestChallenge } from "./digest";

describe("digest", () => {
  it("answers RFC 2617's own example (qop=auth, MD5)", () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(challenge).toEqual({ realm: "testrealm@host.com", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque: "5ccc069c403ebaf9f0171e9517f40e41", algorithm: "MD5", qop: "auth" });
    const header = digestAuthorization(challenge!, { username: "Mufasa", password: "Circle Of Life", method: "GET", uri: "/dir/index.html", cnonce: "0a4f113b" });
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(header).toContain("nc=00000001");
  });

  it("reads Asterisk's challenge (bare algorithm, no opaque)", () => {
    expect(parseDigestChallenge('Digest realm="asterisk",nonce="1733120000/abc",opaque="0a1b",algorithm=MD5,qop="auth"')).toMatchObject({ realm: "asterisk", nonce: "1733120000/abc", algorithm: "MD5", qop: "auth" });
  });

  it("refuses what it cannot answer rather than answering it wrong", () => {
    expect(parseDigestChallenge('Basic realm="x"')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')).toBeNull();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", qop="auth-int"')).toBeNull();
    expect(parseDigestChallenge('Digest nonce="n"')).toBeNull();
  });
});
