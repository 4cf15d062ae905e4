import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { renderAsteriskConfig, type AsteriskConfig } from "./config/index";
import { DEFAULT_SETTINGS } from "./config/input";
import { LAB_TRUNK_USER, REMOTE_SITE } from "./config/lab-trunk";
import { loadDemoData } from "./demo-data";
import { readHostFacts } from "./host";
import { LAB_PORTS, LabPbx } from "./lab-pbx";
import { LocalCa } from "./local-ca";
import { SECRETS_FILE } from "./paths";
import { runChecked, run } from "./run";
import { loadOrCreateSecrets } from "./secrets";

const NAMESPACE = "handoff-remote";
const HOST_LINK = "hremote-host";
const NS_LINK = "hremote-ns";
/** Marks the host's own rules, so that a run that died can find and remove exactly them. */
const COMMENT = "handoff-remote-site";
/** The shared PBX's UDP that the remote PBX may reach: SIP and its RTP range (PBX_ADDRESSES, 20000-20999). */
const HOST_UDP_PORTS = `${REMOTE_SITE.sipPort},20000:20999`;

/** The remote site's one phone, and the extension that is not there. */
export const REMOTE_EXTENSION = "2001";
/** The remote PBX's trunk endpoint for us, and the context our calls enter there. */
const FROM_HANDOFF = "from-handoff";

export interface RemotePhone {
  readonly wsServer: string;
  readonly aor: string;
  readonly authorizationUsername: string;
  readonly authorizationPassword: string;
  readonly displayName: string;
}

const ip = (args: string[]) => runChecked("ip", args, `ip ${args.join(" ")} failed.`);
const iptables = (args: string[]) => runChecked("iptables", args, `iptables ${args.join(" ")} failed.`);
const tag = ["-m", "comment", "--comment", COMMENT];
/** How the host delivers the remote PBX's packets to the shared PBX on 127.0.0.1, and sends its answers from the veth's address. */
const HOST_RULES = [
  ["-t", "nat", "PREROUTING", "-i", HOST_LINK, "-d", REMOTE_SITE.hostAddress, "-p", "udp", "-m", "multiport", "--dports", HOST_UDP_PORTS, ...tag, "-j", "DNAT", "--to-destination", "127.0.0.1"],
  ["-t", "nat", "POSTROUTING", "-o", HOST_LINK, "-s", "127.0.0.1", ...tag, "-j", "SNAT", "--to-source", REMOTE_SITE.hostAddress],
] as const;

/**
 * A second, independent PBX on this machine, reached only over a SIP trunk: an Asterisk (the lab one, from the same
 * cached root) in a network namespace of its own, joined to the host by a veth pair. It has its own phone, extension
 * 2001 (a WebRTC phone registers over the veth), its own configuration (nothing of the shared PBX's dialplan or
 * endpoints), and knows the shared PBX as endpoint `handoff`, which must authenticate (the trunk's user and
 * password): the way a FusionPBX or another Asterisk would take calls from us. Calls from us may reach 2001 only.
 * The shared PBX's trunk transport listens on 127.0.0.1; the host's end of the veth delivers the remote PBX's SIP and
 * RTP there (DNAT, route_localnet on that one link) and sends the answers from its own address (SNAT).
 */
export class RemoteSite {
  private readonly pbx = new LabPbx("handoff-remote", process.env, NAMESPACE);
  private constructor(readonly phone: RemotePhone) {}

  /** Root, `ip` and `iptables`: says which is missing. */
  static async missing(): Promise<string | null> {
    if (process.getuid?.() !== 0) return "root (network namespaces and iptables need it)";
    for (const command of ["ip", "iptables"]) if ((await run("sh", ["-c", `command -v ${command}`])).code !== 0) return `the \`${command}\` command (node scripts/setup.mjs test installs it)`;
    return null;
  }

  /** Builds the namespace and starts the remote PBX in it, after removing what an earlier run left. */
  static async start(): Promise<RemoteSite> {
    const missing = await RemoteSite.missing();
    if (missing !== null) throw new Error(`The remote site needs ${missing}.`);
    await removeRemoteSite();
    await ip(["netns", "add", NAMESPACE]);
    await ip(["link", "add", HOST_LINK, "type", "veth", "peer", "name", NS_LINK]);
    await ip(["link", "set", NS_LINK, "netns", NAMESPACE]);
    await ip(["addr", "add", `${REMOTE_SITE.hostAddress}/30`, "dev", HOST_LINK]);
    await ip(["link", "set", HOST_LINK, "up"]);
    await ip(["-n", NAMESPACE, "addr", "add", `${REMOTE_SITE.remoteAddress}/30`, "dev", NS_LINK]);
    await ip(["-n", NAMESPACE, "link", "set", NS_LINK, "up"]);
    await ip(["-n", NAMESPACE, "link", "set", "lo", "up"]);
    await runChecked("sysctl", ["-q", "-w", `net.ipv4.conf.${HOST_LINK}.route_localnet=1`], "sysctl route_localnet failed.");
    for (const [, table, hook, ...rule] of HOST_RULES) await iptables(["-t", table, "-A", hook, ...rule]);
    const site = new RemoteSite({
      wsServer: `ws://${REMOTE_SITE.remoteAddress}:${LAB_PORTS.http}/ws`,
      aor: `sip:${REMOTE_EXTENSION}@${REMOTE_SITE.remoteAddress}`,
      authorizationUsername: REMOTE_EXTENSION,
      authorizationPassword: randomBytes(16).toString("hex"),
      displayName: "Remote 2001",
    });
    await site.pbx.start(site.config());
    return site;
  }

  /** The remote PBX's CLI (its own control socket). */
  cli(command: string) {
    return this.pbx.cli(command);
  }

  /** The veth down or up: the remote PBX unreachable, as a cut line or a dead site would be. */
  async link(up: boolean): Promise<void> {
    await ip(["link", "set", HOST_LINK, up ? "up" : "down"]);
  }

  async stop(): Promise<void> {
    await this.pbx.stop();
    await removeRemoteSite();
  }

  /**
   * The shared PBX's generated files for what is not about calls (modules, logger, directories, moved to the lab's
   * ports and RTP range by relocate), and this site's own pjsip.conf, extensions.conf and http.conf.
   */
  private config(): AsteriskConfig {
    const secrets = loadOrCreateSecrets(SECRETS_FILE);
    const base = this.pbx.relocate(renderAsteriskConfig({ demo: loadDemoData(), secrets, host: readHostFacts(), settings: DEFAULT_SETTINGS, tls: LocalCa.ensure().kept("pbx") }));
    const address = REMOTE_SITE.remoteAddress;
    const section = (name: string, lines: Record<string, string>) => [`[${name}]`, ...Object.entries(lines).map(([key, value]) => `${key} = ${value}`)].join("\n");
    const pjsip = [
      section("global", { type: "global", user_agent: "Handoff remote site (a second PBX)" }),
      section("remote-ws", { type: "transport", protocol: "ws", bind: `${address}:${LAB_PORTS.http}` }),
      section("remote-udp", { type: "transport", protocol: "udp", bind: `${address}:${REMOTE_SITE.sipPort}` }),
      section(REMOTE_EXTENSION, {
        type: "endpoint", transport: "remote-ws", context: "remote-phones", auth: `${REMOTE_EXTENSION}-auth`, aors: REMOTE_EXTENSION,
        disallow: "all", allow: "opus,ulaw", webrtc: "yes", dtls_auto_generate_cert: "yes", ice_support: "yes",
        media_address: address, bind_rtp_to_media_address: "yes", rewrite_contact: "yes", force_rport: "yes", direct_media: "no",
      }),
      section(REMOTE_EXTENSION, { type: "aor", max_contacts: "1", remove_existing: "yes" }),
      section(`${REMOTE_EXTENSION}-auth`, { type: "auth", auth_type: "userpass", username: REMOTE_EXTENSION, password: this.phone.authorizationPassword }),
      // The shared PBX, identified by the user it authenticates as (From), as a gateway user is on FusionPBX.
      section(LAB_TRUNK_USER, {
        type: "endpoint", transport: "remote-udp", context: FROM_HANDOFF, auth: `${LAB_TRUNK_USER}-auth`, aors: LAB_TRUNK_USER,
        disallow: "all", allow: "ulaw,alaw", media_address: address, bind_rtp_to_media_address: "yes", direct_media: "no", rtp_symmetric: "yes",
      }),
      section(LAB_TRUNK_USER, { type: "aor", contact: `sip:${REMOTE_SITE.hostAddress}:${REMOTE_SITE.sipPort}` }),
      section(`${LAB_TRUNK_USER}-auth`, { type: "auth", auth_type: "userpass", username: LAB_TRUNK_USER, password: secrets.trunkSecret }),
      "",
    ].join("\n\n");
    const extensions = [
      "[general]\nstatic = yes\nwriteprotect = yes",
      // 2001 busy (the phone refused) ends with cause 17, which PJSIP answers 486; any other number: 404 (no such extension).
      `[${FROM_HANDOFF}]\nexten => ${REMOTE_EXTENSION},1,Dial(PJSIP/${REMOTE_EXTENSION},30)\n same => n,GotoIf($["\${DIALSTATUS}" = "BUSY"]?busy)\n same => n,Hangup()\n same => n(busy),Hangup(17)`,
      "[remote-phones]\nexten => _X.,1,Hangup(21)",
      "",
    ].join("\n\n");
    const http = (base["http.conf"] ?? "").replace(/^bindaddr = .*$/m, `bindaddr = ${address}`).replace(/^tlsenable = yes$/m, "tlsenable = no");
    // Its auths are its own pjsip.conf's: none of the shared PBX's realtime tables.
    return { ...base, "pjsip.conf": pjsip, "extensions.conf": extensions, "http.conf": http, "sorcery.conf": "", "extconfig.conf": "", "res_config_sqlite3.conf": "" };
  }
}

/** Removes the namespace, the veth and the host's rules, whatever a previous run left of them. */
export async function removeRemoteSite(): Promise<void> {
  if (existsSync(`/run/netns/${NAMESPACE}`)) await ip(["netns", "delete", NAMESPACE]);
  await run("ip", ["link", "delete", HOST_LINK]);
  for (const [, table, hook, ...rule] of HOST_RULES) {
    while ((await run("iptables", ["-t", table, "-C", hook, ...rule])).code === 0) await iptables(["-t", table, "-D", hook, ...rule]);
  }
}
