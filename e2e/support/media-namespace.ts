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
const LOSS_CHAIN = "HANDOFF_LOSS";

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new Error(`${command} ${args.join(" ")} failed: ${stderr || String(error)}`, { cause: error });
  }
}

const inNamespace = (command: string, args: string[]) => run("ip", ["netns", "exec", NAMESPACE, command, ...args]);

/** Packets the loss rules saw and dropped since the last `lose()`, both directions together. */
export interface LossCounters {
  seen: number;
  dropped: number;
}

/**
 * A network namespace for the agent's browser, joined to the host by a veth pair, so that
 * iptables inside it can drop the browser's UDP (its RTP, RTCP, STUN and DTLS) and nothing else
 * on the machine. The PBX's configuration stays as it is; how the two meet:
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
    const tag = ["-m", "comment", "--comment", COMMENT];
    run("iptables", ["-t", "nat", "-A", "PREROUTING", "-i", HOST_LINK, "-d", HOST_ADDRESS, ...tag, "-j", "DNAT", "--to-destination", "127.0.0.1"]);
    run("iptables", ["-t", "nat", "-A", "POSTROUTING", "-o", HOST_LINK, "-s", "127.0.0.1", ...tag, "-j", "SNAT", "--to-source", HOST_ADDRESS]);

    inNamespace("sysctl", ["-q", "-w", "net.ipv4.conf.all.route_localnet=1"]);
    inNamespace("iptables", ["-t", "nat", "-A", "OUTPUT", "-p", "tcp", "-d", "127.0.0.1", "-j", "DNAT", "--to-destination", HOST_ADDRESS]);
    inNamespace("iptables", ["-t", "nat", "-A", "POSTROUTING", "-p", "tcp", "-o", NS_LINK, "-s", "127.0.0.1", "-j", "SNAT", "--to-source", NS_ADDRESS]);
    // Every UDP packet in or out passes the loss chain; it drops nothing until lose().
    inNamespace("iptables", ["-N", LOSS_CHAIN]);
    inNamespace("iptables", ["-A", "INPUT", "-p", "udp", "-j", LOSS_CHAIN]);
    inNamespace("iptables", ["-A", "OUTPUT", "-p", "udp", "-j", LOSS_CHAIN]);
    return new MediaNamespace();
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
    inNamespace("iptables", ["-A", LOSS_CHAIN, ...match, "-j", "DROP"]);
    inNamespace("iptables", ["-Z"]);
  }

  heal(): void {
    inNamespace("iptables", ["-F", LOSS_CHAIN]);
  }

  counters(): LossCounters {
    // -x: exact numbers; -v: the counters. The jumps into the chain count what it saw, its DROP what it dropped.
    const packets = (chain: string, target: string) =>
      inNamespace("iptables", ["-L", chain, "-v", "-x", "-n"])
        .split("\n")
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[2] === target)
        .reduce((sum, fields) => sum + Number(fields[0]), 0);
    return { seen: packets("INPUT", LOSS_CHAIN) + packets("OUTPUT", LOSS_CHAIN), dropped: packets(LOSS_CHAIN, "DROP") };
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
  for (const chain of ["PREROUTING", "POSTROUTING"]) {
    for (const rule of run("iptables", ["-t", "nat", "-S", chain]).split("\n")) {
      if (!rule.includes(COMMENT)) continue;
      // `-S` prints each rule as the `-A` that made it; the same words with `-D` delete it.
      const words = rule.replace(/^-A /, "").match(/"[^"]*"|\S+/g) ?? [];
      run("iptables", ["-t", "nat", "-D", ...words.map((word) => word.replace(/^"|"$/g, ""))]);
    }
  }
}
