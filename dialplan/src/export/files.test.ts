import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORBIDDEN_SERVER_WRITE_CLASSES, SERVER_READ_CLASSES, SERVER_WRITE_CLASSES } from "../manager-user";
import { EXPORT_ATXFER_CODE, EXPORT_FILES, exportFiles, includeLines } from "./files";
import { freepbxCollision, HANDOFF_PREFIX } from "./freepbx-names";
import { parseSite, SiteError } from "./site";

const site = parseSite(JSON.parse(readFileSync(new URL("../../site.example.json", import.meta.url), "utf8")));
const asterisk = exportFiles(site, { flavor: "asterisk", amiSecret: "s3cret" });
const freepbx = exportFiles(site, { flavor: "freepbx", amiSecret: "s3cret" });
const contextsOf = (text: string) => [...text.matchAll(/^\[([^\]]+)\]/gm)].map((m) => m[1] ?? "");
const value = (text: string, key: string) => new RegExp(`^${key} =>? (.*)$`, "m").exec(text)?.[1];

describe("pbx:export", () => {
  it("adds only handoff- contexts, none FreePBX has or reserves (from-internal, ext-queues, macro-*)", () => {
    const contexts = contextsOf(asterisk[EXPORT_FILES.dialplan] ?? "");
    expect(contexts).toEqual(["handoff-transfer", "handoff-handoff", "handoff-transfer-failed", "handoff-recall-headers", "handoff-fallback", "handoff-transfer-codes", "handoff-trunk-inbound", "handoff-conference", "handoff-visitor", "handoff-visitor-bot", "handoff-monitor", "handoff-monitor-spy"]);
    for (const context of contexts) {
      expect(context.startsWith(HANDOFF_PREFIX)).toBe(true);
      expect(freepbxCollision(context)).toBeNull();
    }
    expect(freepbxCollision("from-internal")).not.toBeNull();
    expect(freepbxCollision("macro-dial-one")).not.toBeNull();
    expect(freepbx[EXPORT_FILES.dialplan]).toBe(asterisk[EXPORT_FILES.dialplan]);
  });

  it("has no [general] or [globals] of its own: globals are lines for inside the PBX's [globals]", () => {
    expect(asterisk[EXPORT_FILES.dialplan]).not.toMatch(/^\[(general|globals)\]/m);
    expect(asterisk[EXPORT_FILES.globals]).not.toMatch(/^\[/m);
    expect(value(asterisk[EXPORT_FILES.globals] ?? "", "HANDOFF_FALLBACK_QUEUE")).toBe("support");
  });

  it("gives the server's AMI user exactly the classes the local PBX gives it", () => {
    const manager = asterisk[EXPORT_FILES.manager] ?? "";
    expect(contextsOf(manager)).toEqual(["handoff"]);
    expect(value(manager, "read")).toBe(SERVER_READ_CLASSES.join(","));
    expect(value(manager, "write")).toBe(SERVER_WRITE_CLASSES.join(","));
    for (const forbidden of FORBIDDEN_SERVER_WRITE_CLASSES) expect(value(manager, "write")?.split(",")).not.toContain(forbidden);
    expect(value(manager, "secret")).toBe("s3cret");
  });

  it("gives Atxfer its codes: a global atxfer on plain Asterisk, FreePBX's own feature code there", () => {
    expect(value(asterisk[EXPORT_FILES.featuresFeaturemap] ?? "", "atxfer")).toBe(EXPORT_ATXFER_CODE);
    expect(value(freepbx[EXPORT_FILES.featuresFeaturemap] ?? "", "atxfer")).toBeUndefined();
    for (const key of ["atxferabort", "atxfernoanswertimeout", "atxferdropcall"]) expect(value(asterisk[EXPORT_FILES.featuresGeneral] ?? "", key)).toBeDefined();
    expect(asterisk[EXPORT_FILES.featuresGeneral]).not.toMatch(/^\[/m);
  });

  it("has a WebRTC endpoint template, on FreePBX too (its own extensions' auths are out of the server's reach)", () => {
    expect(contextsOf(asterisk[EXPORT_FILES.pjsip] ?? "")).toEqual(["handoff-webrtc"]);
    expect(asterisk[EXPORT_FILES.pjsip]).toMatch(/^\[handoff-webrtc\]\(!\)$/m);
    expect(value(asterisk[EXPORT_FILES.pjsip] ?? "", "webrtc")).toBe("yes");
    expect(contextsOf(freepbx[EXPORT_FILES.pjsip] ?? "")).toEqual(["handoff-webrtc"]);
    expect(freepbx[EXPORT_FILES.pjsip]).toContain("<ext>-auth");
    expect(asterisk[EXPORT_FILES.pjsip]).toMatch(/^; auth = 1001$/m);
  });

  it("names the include lines and FreePBX's custom files in the guide", () => {
    const guide = freepbx[EXPORT_FILES.guide] ?? "";
    for (const file of ["extensions_custom.conf", "manager_custom.conf", "pjsip.endpoint_custom_post.conf", "globals_custom.conf", "features_general_custom.conf"]) expect(guide).toContain(file);
    for (const [, , line] of includeLines("asterisk")) expect(asterisk[EXPORT_FILES.guide]).toContain(line);
  });

  it("refuses a site file that is not one, and bad values before anything is written", () => {
    expect(() => parseSite([])).toThrow(SiteError);
    expect(() => parseSite({ ...site, queues: "support" })).toThrow(/queues/);
    expect(() => exportFiles({ ...site, agentExtensions: ["1001,evil"] }, { flavor: "asterisk", amiSecret: "x" })).toThrow(/1-20 digits/);
    expect(() => exportFiles(site, { flavor: "asterisk", amiSecret: "a;b" })).toThrow(/cut/);
  });
});
