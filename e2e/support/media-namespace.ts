import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const NAMESPACE = "handoff-media";
const HOST_LINK = "hmedia-host";
const NS_LINK = "hmedia-ns";
const HOST_ADDRESS = "10.213.77.1";
const NS_ADDRESS = "10.213.77.2";
/** Marks the host's own rules, so a run that died can find and remove exactly them. */
const COMMENT = "handoff-media-namespace";
/** The host's chain for the browser's own packets (see LOSS below); the comment finds it too. */
const UPSTREAM_CHAIN = "HANDOFF_MEDIA_UP";

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new Error(`${command} ${args.join(" ")} failed: ${stderr || String(error)}`, { cause: error });
  }
}

const inNamespace = (command: string, args: string[]) => run("ip", ["netns", "exec", NAMESPACE, command, ...args]);
const tag = ["-m", "comment", "--comment", COMMENT];

/**
 * One chain per direction, each fed every UDP packet of its direction; it counts them (its first
 * rule, with no target) and drops some once lose() adds its second.
 * - in (to the browser): the namespace's INPUT.
 * - out (from the browser): on the host, as the packets arrive from the veth. Dropped on the
 *   namespace's own way out, a packet fails the browser's send (EPERM) and Chromium sends it
 *   again: measured, 43 of 243 dropped there and still 194 of 202 reached Asterisk. Packets lost
 *   on the wire are never seen by the sender, so that is where they are dropped.
 */
const LOSS = {
  in: { iptables: (args: string[]) => inNamespace("iptables", args), table: "filter", hook: "INPUT", chain: "HANDOFF_LOSS_IN", select: ["-p", "udp"] },
  out: { iptables: (args: string[]) => run("iptables", args), table: "raw", hook: "PREROUTING", chain: UPSTREAM_CHAIN, select: ["-i", HOST_LINK, "-p", "udp", ...tag] },
} as const;

/** UDP packets each direction's rules saw and dropped since the last `lose()`: in (to the browser) and out (from it). */
export type LossCounters = Record<keyof typeof LOSS, { seen: number; dropped: number }>;

/**
 * A network namespace for the agent's browser, joined to the host by a veth pair, so that
 * iptables can drop the browser's UDP (its RTP, RTCP, STUN and DTLS) and nothing else on the
 * machine: inside the namespace on the way in, and where the veth ends on the host on the way
 * out (see LOSS). The PBX's configuration stays as it is; how the two meet:
 * - TCP to 127.0.0.1 inside is carried to the host's 127.0.0.1 (DNAT to the host's end of the
 *   veth, with route_localnet so the kernel routes a loopback address off-box, and SNAT to the
 *   namespace's address), so the page, the API and Asterisk's WebSocket keep their usual URLs
 *   and the page stays a secure context for the microphone.
 * - Media: Asterisk listens on 127.0.0.1 only (bind_rtp_to_media_address) but offers every
 *   interface's address as an ICE host candidate, through rtp.conf's ice_host_candidates map.
 *   The veth did not exist when that map was written, so its address is offered as it is
 *   (10.213.77.1:port). The host delivers what arrives on the veth for that address to
 *   127.0.0.1 (DNAT, route_localnet on that one interface), and Asterisk's answers and its own
 *   checks leave from it (the same flow, or SNAT). UDP to 127.0.0.1 inside is not carried over:
 *   those candidate pairs fail, so media has one path, one mapping (two would make the kernel
 *   renumber ports where they meet, and Asterisk drops RTP from a port it did not learn).
 * The host's rules match only that veth, carry a comment, and are removed with it. global-setup
 * removes a namespace a killed run left behind before the PBX's config is written, which would
 * otherwise map the veth's address to 127.0.0.1 too.
 */
export class MediaNamespace {
  private constructor() {}

  /** Root and the `ip` and `iptables` commands are needed; says which is missing. */
  static missing(): string | null {
    if (process.getuid?.() !== 0) return "root (network namespaces and iptables need it)";
    for (const command of ["ip", "iptables"]) {
      if (spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status !== 0) return `the \`${command}\` command (node scripts/setup.mjs test installs it)`;
    }
    return null;
  }

  /** Builds the namespace, after removing one a previous run left behind. */
  static create(): MediaNamespace {
    const missing = MediaNamespace.missing();
    if (missing !== null) throw new Error(`The media-loss tests need ${missing}.`);
    removeMediaNamespace();
    run("ip", ["netns", "add", NAMESPACE]);
    run("ip", ["link", "add", HOST_LINK, "type", "veth", "peer", "name", NS_LINK]);
    run("ip", ["link", "set", NS_LINK, "netns", NAMESPACE]);
    run("ip", ["addr", "add", `${HOST_ADDRESS}/30`, "dev", HOST_LINK]);
    run("ip", ["link", "set", HOST_LINK, "up"]);
    run("ip", ["-n", NAMESPACE, "addr", "add", `${NS_ADDRESS}/30`, "dev", NS_LINK]);
    run("ip", ["-n", NAMESPACE, "link", "set", NS_LINK, "up"]);
    run("ip", ["-n", NAMESPACE, "link", "set", "lo", "up"]);

    run("sysctl", ["-q", "-w", `net.ipv4.conf.${HOST_LINK}.route_localnet=1`]);
    run("iptables", ["-t", "nat", "-A", "PREROUTING", "-i", HOST_LINK, "-d", HOST_ADDRESS, ...tag, "-j", "DNAT", "--to-destination", "127.0.0.1"]);
    run("iptables", ["-t", "nat", "-A", "POSTROUTING", "-o", HOST_LINK, "-s", "127.0.0.1", ...tag, "-j", "SNAT", "--to-source", HOST_ADDRESS]);

    inNamespace("sysctl", ["-q", "-w", "net.ipv4.conf.all.route_localnet=1"]);
    inNamespace("iptables", ["-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-d", "127.0.0.1", "-j", "DNAT", "--to-destination", HOST_ADDRESS]);
    inNamespace("iptables", ["-t", "nat", "-A", "POSTROUTING", "-p", "tcp", "-o", NS_LINK, "-s", "127.0.0.1", "-j", "SNAT", "--to-source", NS_ADDRESS]);
    for (const { iptables, table, hook, chain, select } of Object.values(LOSS)) {
      iptables(["-t", table, "-N", chain]);
      iptables(["-t", table, "-A", hook, ...select, "-j", chain]);
    }
    const namespace = new MediaNamespace();
    namespace.heal();
    return namespace;
  }

  /** The browser's address as the PBX sees it: the candidate its ICE offers. */
  readonly address = NS_ADDRESS;

  /**
   * An executable that runs Chromium inside the namespace, for Playwright's `executablePath`
   * (Playwright talks to it over a pipe, which crosses namespaces).
   */
  chromium(executable: string): string {
    const path = join(tmpdir(), `${NAMESPACE}-chromium.sh`);
    writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${NAMESPACE} ${JSON.stringify(executable)} "$@"\n`);
    chmodSync(path, 0o755);
    return path;
  }

  /**
   * Drops each UDP packet in or out of the namespace with this probability (1: every one), from
   * now on; the counters start again at 0. TCP (the page, the API, the SIP WebSocket) is untouched.
   */
  lose(probability: number): void {
    if (!(probability > 0 && probability <= 1)) throw new Error(`A loss probability is in (0, 1]; got ${probability}. heal() stops the loss.`);
    this.heal();
    const match = probability === 1 ? [] : ["-m", "statistic", "--mode", "random", "--probability", String(probability)];
    for (const { iptables, table, chain } of Object.values(LOSS)) iptables(["-t", table, "-A", chain, ...match, "-j", "DROP"]);
  }

  /** Drops nothing from now on; the counters start again at 0. */
  heal(): void {
    for (const { iptables, table, chain } of Object.values(LOSS)) {
      iptables(["-t", table, "-F", chain]);
      iptables(["-t", table, "-A", chain]);
    }
  }

  counters(): LossCounters {
    // -x: exact numbers, -v: with the counters; after two header lines, the counting rule, then the DROP if any.
    const of = ({ iptables, table, chain }: (typeof LOSS)[keyof typeof LOSS]) => {
      const [counted, dropping] = iptables(["-t", table, "-L", chain, "-v", "-x", "-n"]).trim().split("\n").slice(2).map((line) => Number(line.trim().split(/\s+/)[0]));
      return { seen: counted ?? 0, dropped: dropping ?? 0 };
    };
    return { in: of(LOSS.in), out: of(LOSS.out) };
  }

  destroy(): void {
    removeMediaNamespace();
  }
}

/**
 * Removes the namespace, the veth (deleting one end deletes both) and the host's rules, whatever a
 * previous run left of them; does nothing when none is there, so it needs no iptables then.
 */
export function removeMediaNamespace(): void {
  if (existsSync(`/run/netns/${NAMESPACE}`)) run("ip", ["netns", "delete", NAMESPACE]);
  // Deleting the namespace deletes its end of the veth, and the kernel then the other end, a moment later.
  spawnSync("ip", ["link", "delete", HOST_LINK], { stdio: "ignore" });
  if (spawnSync("sh", ["-c", "command -v iptables"], { stdio: "ignore" }).status !== 0) return;
  for (const [table, hook] of [["nat", "PREROUTING"], ["nat", "POSTROUTING"], ["raw", "PREROUTING"]] as const) {
    for (const rule of run("iptables", ["-t", table, "-S", hook]).split("\n")) {
      if (!rule.includes(COMMENT)) continue;
      // `-S` prints each rule as the `-A` that made it; the same words with `-D` delete it.
      const words = rule.replace(/^-A /, "").match(/"[^"]*"|\S+/g) ?? [];
      run("iptables", ["-t", table, "-D", ...words.map((word) => word.replace(/^"|"$/g, ""))]);
    }
  }
  if (spawnSync("iptables", ["-t", "raw", "-F", UPSTREAM_CHAIN], { stdio: "ignore" }).status === 0) run("iptables", ["-t", "raw", "-X", UPSTREAM_CHAIN]);
}
