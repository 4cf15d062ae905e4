import { readFileSync } from "node:fs";
import { EXPORT_FILES, exportFiles, parseSite, WEBRTC_ENDPOINT_SETTINGS } from "@handoff/dialplan";
import { describe, expect, it } from "vitest";
import { loadDemoData } from "../demo-data";
import { handoffInput, renderExtensionsConf } from "./extensions";
import { renderFeaturesConf } from "./features";
import { DEFAULT_SETTINGS } from "./input";
import { renderPjsipConf } from "./pjsip";
import { readConf, value } from "./read-conf";
import { renderRealtimeConfs } from "./realtime";

// The local test PBX must run exactly what an administrator gets from `npm run pbx:export`.
const site = parseSite(JSON.parse(readFileSync(new URL("../../../dialplan/site.example.json", import.meta.url), "utf8")));
const exported = exportFiles(site, { flavor: "asterisk", amiSecret: "x" });
const body = (text: string | undefined) => (text ?? "").split("\n").filter((line) => !line.startsWith(";") && line.trim() !== "");

describe("the export and the local PBX", () => {
  it("site.example.json is the demo data's site", () => {
    const { input, settings } = handoffInput(loadDemoData(), DEFAULT_SETTINGS);
    expect(site.agentExtensions).toEqual(input.agentExtensions);
    expect(site.queues).toEqual(input.queues);
    expect(site.externalPatterns).toEqual(input.externalPatterns);
    expect(site.outsideLine).toBe(input.outsideLine);
    expect(site.fallbackQueue).toBe(settings.fallbackQueue);
  });

  it("extensions_handoff.conf is, context for context, the product block of the local extensions.conf", () => {
    const local = renderExtensionsConf(loadDemoData(), DEFAULT_SETTINGS);
    const dialplan = exported[EXPORT_FILES.dialplan] ?? "";
    const block = dialplan.slice(dialplan.indexOf("\n; Where transfers land") + 1);
    expect(local).toContain(block.trimEnd());
    for (const line of body(exported[EXPORT_FILES.globals])) expect(local).toContain(line);
  });

  it("the features lines are the local features.conf's", () => {
    const general = readConf(renderFeaturesConf(DEFAULT_SETTINGS)).find((s) => s.name === "general");
    for (const line of body(exported[EXPORT_FILES.featuresGeneral])) {
      const [key, val] = line.split(" = ");
      expect(value(general, key ?? "")).toBe(val);
    }
  });

  it("the realtime auth lines are the local PBX's (the same table, family and file)", () => {
    const local = renderRealtimeConfs();
    for (const [exportedFile, localFile] of [[EXPORT_FILES.extconfig, "extconfig.conf"], [EXPORT_FILES.sqlite, "res_config_sqlite3.conf"]] as const) {
      for (const line of body(exported[exportedFile]).filter((l) => !l.startsWith("["))) expect(local[localFile]).toContain(line);
    }
    expect(exported[EXPORT_FILES.sorcery]).toContain("auth = realtime,ps_auths");
    expect(local["sorcery.conf"]).toContain("auth = realtime,ps_auths");
  });

  it("every local agent endpoint has the WebRTC template's settings", () => {
    // Website visitors' lines are not agents' phones: no transfer context at all (pjsip.test.ts).
    const agents = readConf(renderPjsipConf(loadDemoData())).filter((s) => value(s, "type") === "endpoint" && !s.name.startsWith("visitor-"));
    expect(agents.length).toBeGreaterThan(0);
    for (const section of agents) {
      for (const [key, val] of WEBRTC_ENDPOINT_SETTINGS) expect(value(section, key)).toBe(typeof val === "boolean" ? (val ? "yes" : "no") : val);
    }
  });
});
