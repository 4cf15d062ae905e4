import { describe, expect, it } from "vitest";
import { renderPjsipConf } from "./pjsip";
import { readConf, sectionsOfType, value } from "./read-conf";
import { loadDemoData, phoneUsers } from "../demo-data";

const demo = loadDemoData();
const all = readConf(renderPjsipConf(demo));
const isVisitorLine = (name: string) => name.startsWith("visitor-");
/** The phones' sections; the visitor lines have tests of their own below. */
const sections = all.filter((s) => !isVisitorLine(s.name));
const visitorLines = all.filter((s) => isVisitorLine(s.name));

describe("pjsip.conf", () => {
  it("has the WebSocket transports only: ws on 127.0.0.1:8088 and wss on 127.0.0.1:8089", () => {
    const transports = sectionsOfType(sections, "transport");
    expect(transports.map((t) => [value(t, "protocol"), value(t, "bind")])).toEqual([
      ["ws", "127.0.0.1:8088"],
      ["wss", "127.0.0.1:8089"],
    ]);
  });

  it("gives every phone user an endpoint and AOR, and the bot none", () => {
    const extensions = phoneUsers(demo).map((u) => u.extension);
    for (const type of ["endpoint", "aor"]) expect(sectionsOfType(sections, type).map((s) => s.name)).toEqual(extensions);
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

  it("names each extension's own auth, which comes from the realtime table (no auth, no password here)", () => {
    for (const endpoint of sectionsOfType(sections, "endpoint")) expect(value(endpoint, "auth")).toBe(endpoint.name);
    expect(sectionsOfType(sections, "auth")).toEqual([]);
    expect(sections.some((section) => value(section, "password") !== undefined)).toBe(false);
  });

  it("keeps one registration per extension: a second phone is refused, a contact gone silent makes room", () => {
    for (const aor of sectionsOfType(sections, "aor")) {
      expect(value(aor, "max_contacts")).toBe("1");
      expect(value(aor, "remove_existing")).toBe("no");
      expect(value(aor, "remove_unavailable")).toBe("yes");
      expect(Number(value(aor, "qualify_frequency"))).toBeGreaterThan(0);
    }
  });

  it("qualifies every phone every 10 s, so a dead network shows within seconds", () => {
    for (const aor of sectionsOfType(sections, "aor")) expect(value(aor, "qualify_frequency")).toBe("10");
  });

  it("gives website visitors four lines that reach the visitor context only, take no registration and may not transfer", () => {
    const endpoints = sectionsOfType(visitorLines, "endpoint");
    expect(endpoints.map((s) => s.name)).toEqual(["visitor-1", "visitor-2", "visitor-3", "visitor-4"]);
    for (const endpoint of endpoints) {
      expect(Object.fromEntries(endpoint.entries)).toMatchObject({ context: "handoff-visitor", allow_transfer: "no", webrtc: "yes", auth: endpoint.name, aors: endpoint.name });
      expect(value(endpoint, "set_var")).toBeUndefined();
    }
    for (const aor of sectionsOfType(visitorLines, "aor")) expect(value(aor, "max_contacts")).toBe("0");
  });
});
