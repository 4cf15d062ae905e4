import { DEFAULT_DIAL_POLICY, type DialPolicy } from "../dial-policy";
import { MONITOR_CONTEXTS, MONITOR_EXTENSION } from "../monitoring-contexts";
import { handoffFeatureSettings } from "../features";
import { SIP_AUTHS } from "../sip-auths";
import { SERVER_AMI_USER, SERVER_READ_CLASSES, SERVER_WRITE_CLASSES } from "../manager-user";
import { comment, setting } from "./conf-lines";
import { renderHandoffDialplan, renderHandoffGlobals } from "./product-dialplan";
import { siteDialplan, type Site } from "./site";
import { renderTrunkPjsip } from "../trunks";
import { WEBRTC_ENDPOINT_SETTINGS, WEBRTC_TEMPLATE } from "./webrtc-endpoint";

export const FLAVORS = ["asterisk", "freepbx"] as const;
export type Flavor = (typeof FLAVORS)[number];

/** The files `npm run pbx:export` writes, by name. */
export const EXPORT_FILES = {
  dialplan: "extensions_handoff.conf",
  globals: "globals_handoff.conf",
  manager: "manager_handoff.conf",
  featuresGeneral: "features_general_handoff.conf",
  featuresFeaturemap: "features_featuremap_handoff.conf",
  pjsip: "pjsip_handoff.conf",
  trunks: "pjsip_trunks_handoff.conf",
  sorcery: "sorcery_handoff.conf",
  extconfig: "extconfig_handoff.conf",
  sqlite: "res_config_sqlite3_handoff.conf",
  guide: "INSTALL.md",
} as const;

/** The attended-transfer code the export maps when the PBX has none (FreePBX's default, too). */
export const EXPORT_ATXFER_CODE = "*2";

const header = (what: string) => comment(`Handoff: ${what}\nWritten by "npm run pbx:export"; regenerate it rather than editing it (see ${EXPORT_FILES.guide}).`);

export interface ExportOptions {
  readonly flavor: Flavor;
  /** The AMI secret for the server's user; the command generates one. */
  readonly amiSecret: string;
  readonly dialPolicy?: DialPolicy;
}

function managerFile(site: Site, secret: string): string {
  return [
    header("the AMI user the Handoff server logs in as. Exactly these classes: the doctor warns about any more."),
    comment("Never add system, command, config or originate to write: with them an AMI user can run shell commands (CVE-2024-42365)."),
    `[${SERVER_AMI_USER}]`,
    setting("secret", secret),
    setting("deny", "0.0.0.0/0.0.0.0"),
    setting("permit", site.amiPermit ?? "127.0.0.1/255.255.255.255"),
    setting("read", SERVER_READ_CLASSES.join(",")),
    setting("write", SERVER_WRITE_CLASSES.join(",")),
    "",
  ].join("\n");
}

function featuresGeneralFile(site: Site): string {
  const { settings } = siteDialplan(site);
  const lines = handoffFeatureSettings(settings).flatMap((s) => [...(s.why ? [comment(s.why)] : []), setting(s.key, s.value)]);
  return [header("features.conf [general] settings AMI Atxfer and CancelAtxfer rely on. Include it inside [general]."), ...lines, ""].join("\n");
}

function featuremapFile(flavor: Flavor): string {
  const why = comment(
    "AMI Atxfer queues the atxfer code on the agent's channel: without one it cannot start an attended transfer.\n" +
      "Calls Handoff's own contexts ring (transfer targets, recalls, the fallback queue) get random per-channel codes\n" +
      "(handoff-transfer-codes). Calls your dialplan delivers need this global code, or the same pre-dial handler on the\n" +
      "Dial/Queue that rings the agent: b(handoff-transfer-codes^s^1) (then phones cannot transfer by keypad).",
  );
  if (flavor === "freepbx") {
    return [header("features.conf [featuremap]."), why, comment(`FreePBX maps atxfer itself: keep Admin > Feature Codes > "In-Call Asterisk Attended Transfer" (default ${EXPORT_ATXFER_CODE}) enabled.\nNothing to include.`), ""].join("\n");
  }
  return [header("features.conf [featuremap] codes. Include it inside [featuremap]."), why, setting("atxfer", EXPORT_ATXFER_CODE, "=>"), ""].join("\n");
}

function pjsipFile(site: Site, flavor: Flavor): string {
  const settings = WEBRTC_ENDPOINT_SETTINGS.map(([key, value]) => setting(key, value));
  // FreePBX's Extensions module gives its endpoints <ext>-auth objects it manages, which the server's per-sign-in
  // passwords cannot reach: Handoff's agents get endpoints of their own, from this template, on FreePBX too.
  const where = flavor === "freepbx" ? "\nOn FreePBX these endpoints are not made in the Extensions module: FreePBX's own use <ext>-auth objects it manages." : "";
  return [
    header(`a PJSIP endpoint template for WebRTC agents. Give each agent's endpoint the template, your ws/wss transport and aors,\nand auth = <its extension> (read from realtime: see ${EXPORT_FILES.sorcery}).${where}`),
    comment("Needs a transport with protocol=ws (or wss) on Asterisk's HTTP server (http.conf enabled=yes) and res_pjsip_transport_websocket loaded."),
    `[${WEBRTC_TEMPLATE}](!)`,
    setting("type", "endpoint"),
    ...settings,
    "",
    comment(`An agent, for example (uncomment and adapt):\n[${site.agentExtensions[0] ?? "1001"}](${WEBRTC_TEMPLATE})\ncontext = <your agents' context>\ntransport = <your ws/wss transport>\nauth = ${site.agentExtensions[0] ?? "1001"}\naors = ${site.agentExtensions[0] ?? "1001"}`),
    "",
  ].join("\n");
}

function trunksFile(site: Site, flavor: Flavor): string {
  const trunks = site.trunks ?? [];
  const where = flavor === "freepbx" ? "FreePBX: or make the same trunk in Connectivity > Trunks (chan_pjsip) with these values and this name." : "";
  return [
    header(
      "SIP trunks to other PBXs (another Asterisk, FreePBX, FusionPBX): their extensions are transfer targets.\n" +
        `Needs a PJSIP transport of the trunk's kind (udp/tcp; "pjsipTransport" names one). Calls from a trunk enter\nhandoff-trunk-inbound, which rejects them. ${where}`.trimEnd(),
    ),
    ...(trunks.length === 0 ? [comment('No trunks: add "trunks" to the site file (or set HANDOFF_TRUNKS) to hand callers to another PBX.'), ""] : trunks.map((trunk) => renderTrunkPjsip(trunk))),
  ].join("\n");
}

/**
 * Per-sign-in SIP passwords: Asterisk reads PJSIP auth objects from the SQLite table the server writes
 * (dialplan/src/sip-auths.ts), after pjsip.conf's own. The server must be able to write that file
 * (HANDOFF_SIP_AUTH_DB): it runs on the PBX's machine or shares the file's directory.
 */
function realtimeFiles(): Record<string, string> {
  const auths = SIP_AUTHS.table;
  return {
    [EXPORT_FILES.sorcery]: [
      header("PJSIP auths from realtime, after pjsip.conf's: an agent endpoint with auth = <its extension> and no such auth in\npjsip.conf is checked against the password the server writes at each sign-in."),
      "[res_pjsip]",
      setting("auth", "config,pjsip.conf,criteria=type=auth"),
      setting("auth", `realtime,${auths}`),
      "",
    ].join("\n"),
    [EXPORT_FILES.extconfig]: [header("the realtime family of the auths. Include it inside [settings]."), setting(auths, `sqlite3,${SIP_AUTHS.database},${auths}`, "=>"), ""].join("\n"),
    [EXPORT_FILES.sqlite]: [
      header("the SQLite file of the auths (HANDOFF_SIP_AUTH_DB for the server; writable by both)."),
      `[${SIP_AUTHS.database}]`,
      setting("dbfile", SIP_AUTHS.fileInPbx, "=>"),
      setting("requirements", "warn"),
      // No write batching: it would hold the file locked against the server's writes.
      setting("batch", 0),
      setting("busy_timeout", 2000),
      "",
    ].join("\n"),
  };
}

/** The include lines, where they go, per flavor: [file, where, line]. */
export function includeLines(flavor: Flavor): [file: string, where: string, line: string][] {
  const inc = (file: string) => `#include ${file}`;
  if (flavor === "freepbx") {
    return [
      ["extensions_custom.conf", "anywhere", inc(EXPORT_FILES.dialplan)],
      ["globals_custom.conf", "anywhere (FreePBX includes it inside [globals])", inc(EXPORT_FILES.globals)],
      ["manager_custom.conf", "anywhere", inc(EXPORT_FILES.manager)],
      ["features_general_custom.conf", "anywhere (FreePBX includes it inside [general])", inc(EXPORT_FILES.featuresGeneral)],
      ["pjsip.endpoint_custom_post.conf", "anywhere", inc(EXPORT_FILES.pjsip)],
      ["pjsip.endpoint_custom_post.conf", "after that line (trunks to other PBXs)", inc(EXPORT_FILES.trunks)],
      ...realtimeIncludes(inc),
    ];
  }
  return [
    ["extensions.conf", "at the end, after your contexts", inc(EXPORT_FILES.dialplan)],
    ["extensions.conf", "inside [globals]", inc(EXPORT_FILES.globals)],
    ["manager.conf", "at the end (manager.conf [general] needs enabled = yes)", inc(EXPORT_FILES.manager)],
    ["features.conf", "inside [general]", inc(EXPORT_FILES.featuresGeneral)],
    ["features.conf", "inside [featuremap] (unless your Dial/Queue arm agents with handoff-transfer-codes)", inc(EXPORT_FILES.featuresFeaturemap)],
    ["pjsip.conf", "at the end", inc(EXPORT_FILES.pjsip)],
    ["pjsip.conf", "at the end (trunks to other PBXs)", inc(EXPORT_FILES.trunks)],
    ...realtimeIncludes(inc),
  ];
}

function realtimeIncludes(inc: (file: string) => string): [string, string, string][] {
  return [
    ["sorcery.conf", "at the end (one [res_pjsip] section in all)", inc(EXPORT_FILES.sorcery)],
    ["extconfig.conf", "inside [settings]", inc(EXPORT_FILES.extconfig)],
    ["res_config_sqlite3.conf", "at the end", inc(EXPORT_FILES.sqlite)],
  ];
}

function guideFile(flavor: Flavor): string {
  const reload = flavor === "freepbx" ? "`fwconsole reload`" : '`asterisk -rx "core reload"`';
  return [
    `# Handoff on your ${flavor === "freepbx" ? "FreePBX" : "Asterisk"}`,
    "",
    "Copy these files into /etc/asterisk, add the lines below, reload, then run `npm run doctor` with the server's environment.",
    "",
    "| file | where | line |",
    "| --- | --- | --- |",
    ...includeLines(flavor).map(([file, where, line]) => `| \`${file}\` | ${where} | \`${line}\` |`),
    "",
    `Then ${reload}. Give the server \`HANDOFF_AMI_USERNAME=handoff\` and the secret in \`${EXPORT_FILES.manager}\`.`,
    "Every context is prefixed `handoff-`; nothing here replaces a context, macro or subroutine of yours.",
    "Each sign-in gets its own SIP password, which the server writes into the SQLite file of",
    `\`${EXPORT_FILES.sqlite}\` (HANDOFF_SIP_AUTH_DB): an agent's endpoint must say \`auth = <its extension>\` with no such auth`,
    "in pjsip.conf, so Asterisk reads it from there (the doctor checks this for every agent).",
    ...(flavor === "freepbx" ? ["FreePBX's own extensions use `<ext>-auth` objects it manages: give Handoff's agents endpoints of their own in", "pjsip.endpoint_custom_post.conf, after its #include line (the `handoff-webrtc` template, `auth = <ext>`), outside the Extensions module."] : []),
    "Your queues stay yours: the server transfers to them by the extensions you listed, and their members may be",
    "PJSIP/<ext> or Local channels (FreePBX's Local/<ext>@from-queue/n).",
    `Supervisor monitoring: in the context your agents' phones dial from${flavor === "freepbx" ? " (from-internal-custom)" : ""}, add`,
    `\`exten => ${MONITOR_EXTENSION},1,Goto(${MONITOR_CONTEXTS.wait},s,1)\`. That context only answers and waits; the server moves a`,
    `supervisor it granted into ${MONITOR_CONTEXTS.spy}, which no phone can dial. Never include ${MONITOR_CONTEXTS.spy} in a phone's context.`,
    "",
  ].join("\n");
}

/** Every exported file, name to content. */
export function exportFiles(site: Site, options: ExportOptions): Record<string, string> {
  const { input, settings } = siteDialplan(site, options.dialPolicy ?? DEFAULT_DIAL_POLICY);
  return {
    [EXPORT_FILES.dialplan]: `${header("the contexts the Handoff server relies on (transfer landing, failure and recall, fallback).")}\n\n${renderHandoffDialplan(input, settings)}\n`,
    [EXPORT_FILES.globals]: `${header("the [globals] the Handoff contexts read. Include it inside [globals].")}\n${renderHandoffGlobals(settings)}\n`,
    [EXPORT_FILES.manager]: managerFile(site, options.amiSecret),
    [EXPORT_FILES.featuresGeneral]: featuresGeneralFile(site),
    [EXPORT_FILES.featuresFeaturemap]: featuremapFile(options.flavor),
    [EXPORT_FILES.pjsip]: pjsipFile(site, options.flavor),
    [EXPORT_FILES.trunks]: trunksFile(site, options.flavor),
    ...realtimeFiles(),
    [EXPORT_FILES.guide]: guideFile(options.flavor),
  };
}
