import { describe, expect, it } from "vitest";
import { cseqOf, parseSipResponse, unregisterAllRequest } from "./sip-message";

describe("the server's REGISTER that removes every contact", () => {
  it("is a wildcard with Expires 0 (RFC 3261 10.2.2), to and from the extension's AOR", () => {
    const text = unregisterAllRequest({ domain: "handoff.local", extension: "1001", callId: "c1", fromTag: "t1", branch: "z9hG4bKb1", viaHost: "x.invalid", cseq: 2, authorization: 'Digest username="1001"' });
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("REGISTER sip:handoff.local SIP/2.0");
    expect(lines).toEqual(expect.arrayContaining(["Contact: *", "Expires: 0", "To: <sip:1001@handoff.local>", "From: <sip:1001@handoff.local>;tag=t1", "CSeq: 2 REGISTER", 'Authorization: Digest username="1001"']));
    expect(text.endsWith("Content-Length: 0\r\n\r\n")).toBe(true);
  });

  it("reads a response's status and headers, compact names and repeated ones included", () => {
    const response = parseSipResponse('SIP/2.0 401 Unauthorized\r\ni: c1\r\nCSeq: 1 REGISTER\r\nWWW-Authenticate: Digest realm="a",nonce="1"\r\nWWW-Authenticate: Digest realm="a",nonce="2",algorithm=SHA-256\r\nContent-Length: 0\r\n\r\n');
    expect(response?.status).toBe(401);
    expect(response?.headers.get("call-id")).toEqual(["c1"]);
    expect(response?.headers.get("www-authenticate")).toHaveLength(2);
    expect(response && cseqOf(response)).toBe(1);
    expect(parseSipResponse("OPTIONS sip:1001@x SIP/2.0\r\n\r\n")).toBeNull();
  });
});
