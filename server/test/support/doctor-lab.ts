import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { EXPORT_FILES, exportFiles, handoffFeatureSettings, parseSite, renderHandoffDialplan, renderHandoffGlobals, siteDialplan, SERVER_READ_CLASSES } from "@handoff/dialplan";
import { renderAsteriskConfig, type AsteriskConfig } from "../../../pbx/src/config/index";
import { DEFAULT_SETTINGS } from "../../../pbx/src/config/input";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { readHostFacts } from "../../../pbx/src/host";
import { LocalCa } from "../../../pbx/src/local-ca";

/**
 * Configurations of the lab Asterisk for the doctor's tests: the local PBX's, with the product parts replaced by
 * the `npm run pbx:export` files included the way the guide says (so the export itself is what loads), plus
 * extra AMI users; then one thing broken per variant.
 */
export const SITE = parseSite(JSON.parse(readFileSync(new URL("../../../dialplan/site.example.json", import.meta.url), "utf8")));
export const LAB_USERS = {
  server: { username: "handoff", secret: randomBytes(16).toString("hex") },
  noCall: { username: "doctor-nocall", secret: randomBytes(16).toString("hex") },
  originate: { username: "doctor-originate", secret: randomBytes(16).toString("hex") },
  /** The generated test user: write includes system (ModuleCheck), command and originate. */
  admin: { username: "handoff-test", secret: randomBytes(16).toString("hex") },
} as const;

const replaceOnce = (text: string, from: string, to: string): string => {
  if (!text.includes(from)) throw new Error(`lab config: "${from.slice(0, 60)}" not found; the generator changed, update doctor-lab.ts`);
  return text.replace(from, to);
};
const user = (name: string, secret: string, write: string) => [`[${name}]`, `secret = ${secret}`, "deny = 0.0.0.0/0.0.0.0", "permit = 127.0.0.1/255.255.255.255", `read = ${SERVER_READ_CLASSES.join(",")}`, `write = ${write}`].join("\n");

/** The lab's working configuration: the exported files, included. */
export function exportedConfig(): AsteriskConfig {
  const base = renderAsteriskConfig({ demo: loadDemoData(), secrets: { amiSecret: "unused", amiTestSecret: LAB_USERS.admin.secret, amiBotSecret: "unused", trunkSecret: "unused-trunk" }, host: readHostFacts(), settings: DEFAULT_SETTINGS, tls: LocalCa.ensure().kept("pbx") });
  const files = exportFiles(SITE, { flavor: "asterisk", amiSecret: LAB_USERS.server.secret });
  const { input, settings } = siteDialplan(SITE);
  let extensions = replaceOnce(base["extensions.conf"] ?? "", renderHandoffDialplan(input, settings), `#include ${EXPORT_FILES.dialplan}`);
  extensions = replaceOnce(extensions, renderHandoffGlobals(settings), `#include ${EXPORT_FILES.globals}`);
  // The generated server user goes; the exported one (and two test users) take its place.
  const manager = (base["manager.conf"] ?? "").replace(/^; The server's user.*\n\[handoff\]\n(?:.+\n)+/m, "");
  if (manager.includes("[handoff]")) throw new Error("lab config: the generated [handoff] user is still in manager.conf");
  let features = base["features.conf"] ?? "";
  for (const setting of handoffFeatureSettings(settings)) features = features.replace(new RegExp(`^(; .*\\n)?${setting.key} = .*\\n`, "m"), "");
  features = replaceOnce(features, "[general]\n", `[general]\n#include ${EXPORT_FILES.featuresGeneral}\n`);
  features = replaceOnce(features, "atxfer => \n", `#include ${EXPORT_FILES.featuresFeaturemap}\n`);
  return {
    ...base,
    ...files,
    "extensions.conf": extensions,
    "manager.conf": `${manager}\n#include ${EXPORT_FILES.manager}\n\n${user(LAB_USERS.noCall.username, LAB_USERS.noCall.secret, "reporting")}\n\n${user(LAB_USERS.originate.username, LAB_USERS.originate.secret, "call,reporting,originate")}\n`,
    "features.conf": features,
    "pjsip.conf": `${base["pjsip.conf"] ?? ""}\n#include ${EXPORT_FILES.pjsip}\n`,
    // Realtime auths as the export sets them up, in place of the local PBX's (which also maps benchmark endpoints).
    "sorcery.conf": `#include ${EXPORT_FILES.sorcery}\n`,
    "extconfig.conf": `[settings]\n#include ${EXPORT_FILES.extconfig}\n`,
    "res_config_sqlite3.conf": `#include ${EXPORT_FILES.sqlite}\n`,
  };
}

/** One thing broken each, on top of the exported configuration. */
export const BROKEN = {
  "missing context": (c: AsteriskConfig): AsteriskConfig => ({ ...c, [EXPORT_FILES.dialplan]: (c[EXPORT_FILES.dialplan] ?? "").replace(/\n; The last resort[\s\S]*?\n\n/, "\n\n") }),
  "missing atxfer code": (c: AsteriskConfig): AsteriskConfig => ({
    ...c,
    [EXPORT_FILES.dialplan]: replaceOnce(c[EXPORT_FILES.dialplan] ?? "", "exten => s,1,Set(FEATUREMAP(atxfer)=${RAND(10000000,99999999)})", "exten => s,1,NoOp(no atxfer code)"),
    "features.conf": replaceOnce(c["features.conf"] ?? "", `#include ${EXPORT_FILES.featuresFeaturemap}\n`, ""),
  }),
  "endpoint without webrtc": (c: AsteriskConfig): AsteriskConfig => ({ ...c, "pjsip.conf": (c["pjsip.conf"] ?? "").replace(/(\n\[1001\]\ntype = endpoint\n(?:.+\n)*?)webrtc = yes/, "$1webrtc = no") }),
  "websocket transport off": (c: AsteriskConfig): AsteriskConfig => ({ ...c, "modules.conf": `${c["modules.conf"] ?? ""}noload => res_pjsip_transport_websocket.so\n` }),
} as const;
