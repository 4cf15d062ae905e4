import { describe, expect, it } from "vitest";
import { MissingSipPasswordError, renderPjsipConf } from "./pjsip";
import { readConf, sectionsOfType, value } from "./read-conf";
import { TEST_SECRETS } from "./test-input";
import { loadDemoData, phoneUsers } from "../demo-data";

const demo = loadDemoData();
const sections = readConf(renderPjsipConf(demo, TEST_SECRETS));

describe("pjsip.conf", () => {
  it("has one WebSocket transport on 127.0.0.1:8088", () => {
    const transports = sectionsOfType(sections, "transport");
    expect(transports).toHaveLength(1);
    expect(value(transports[0], "protocol")).toBe("ws");
    expect(value(transports[0], "bind")).toBe("127.0.0.1:8088");
  });

  it("gives every phone user an endpoint, auth and AOR, and the bot none", () => {
    const extensions = phoneUsers(demo).map((u) => u.extension);
    for (const type of ["endpoint", "auth", "aor"]) expect(sectionsOfType(sections, type).map((s) => s.name)).toEqual(extensions);
    expect(extensions).not.toContain(null);
  });

  it("sets the WebRTC settings known to work with Chromium", () => {
    for (const endpoint of sectionsOfType(sections, "endpoint")) {
      expect(Object.fromEntries(endpoint.entries)).toMatchObject({
        webrtc: "yes",
        dtls_auto_generate_cert: "yes",
        ice_support: "yes",
        disallow: "all",
        allow: "opus,ulaw",
        media_address: "127.0.0.1",
        bind_rtp_to_media_address: "yes",
        rewrite_contact: "yes",
        force_rport: "yes",
        direct_media: "no",
        context: "handoff-agents",
        set_var: "TRANSFER_CONTEXT=handoff-transfer",
        allow_transfer: "no",
      });
    }
  });

  it("shows the user's name as caller ID", () => {
    const alice = sectionsOfType(sections, "endpoint").find((s) => s.name === "1001");
    expect(value(alice, "callerid")).toBe('"Alice Martin" <1001>');
  });

  it("authenticates each extension with its own password", () => {
    for (const auth of sectionsOfType(sections, "auth")) {
      expect(value(auth, "username")).toBe(auth.name);
      expect(value(auth, "password")).toBe(TEST_SECRETS.sipPasswords[auth.name]);
    }
  });

  it("keeps one registration per extension, the newest winning", () => {
    for (const aor of sectionsOfType(sections, "aor")) {
      expect(value(aor, "max_contacts")).toBe("1");
      expect(value(aor, "remove_existing")).toBe("yes");
    }
  });

  it("refuses to render an endpoint without a password", () => {
    expect(() => renderPjsipConf(demo, { ...TEST_SECRETS, sipPasswords: { "1001": "x".repeat(32) } })).toThrow(MissingSipPasswordError);
  });
});
