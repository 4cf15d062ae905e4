import { existsSync, readFileSync } from "node:fs";
import { isListening } from "./readiness";
import { join, resolve } from "node:path";
import { syncConfigDir } from "./config-dir";
import type { AsteriskConfig } from "./config/index";
import { PBX_ADDRESSES } from "./config/input";
import { REMOTE_SITE } from "./config/lab-trunk";
import { cacheDir } from "./paths";
import { asteriskIds, CHROOT_ENV } from "./providers/chroot-root";
import { lastLines, run, runChecked } from "./run";

/**
 * A second, short-lived Asterisk in the same cached root, on its own ports and directories, for tests that need a
 * configuration the shared PBX must not have (the doctor's broken setups). It never touches the shared one's
 * /etc/asterisk, run dir, astdb or ports; it reads the same realtime SIP auth file, and writes nothing to it.
 */
export const LAB_PORTS = { ami: 15038, http: 18088, https: 18089 } as const;
/** UDP: the trunks' SIP port and the RTP range, each clear of the shared PBX's (5060, 20000-20999). */
export const LAB_UDP = { sip: 15060, rtpStart: 30000, rtpEnd: 30999 } as const;

const BOOT_TIMEOUT_MS = 30_000;
const anyListening = async (host: string, ports: readonly number[]) => (await Promise.all(ports.map((port) => isListening(host, port)))).some(Boolean);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export class LabPbx {
  readonly root: string;
  private readonly etc: string;
  private readonly dirs: Readonly<Record<string, string>>;

  /** `netns`: the network namespace it runs in (remote-site.ts); none: this machine's own. */
  constructor(readonly name = "handoff-lab", env: NodeJS.ProcessEnv = process.env, private readonly netns: string | null = null) {
    this.root = resolve(cacheDir(env), "asterisk-root");
    this.etc = `/etc/asterisk-${name}`;
    this.dirs = { astrundir: `/run/asterisk-${name}`, astdbdir: `/var/lib/asterisk-${name}`, astlogdir: `/var/log/asterisk-${name}`, astspooldir: `/var/spool/asterisk-${name}` };
  }

  /** The generated config moved to the lab's ports and directories. */
  relocate(config: AsteriskConfig): AsteriskConfig {
    const port = (text: string | undefined, from: number, to: number) => (text ?? "").replaceAll(`${PBX_ADDRESSES.httpHost}:${from}`, `${PBX_ADDRESSES.httpHost}:${to}`).replace(new RegExp(`^(port|bindport) = ${from}$`, "m"), `$1 = ${to}`);
    const directories = ["[directories]", `astetcdir => ${this.etc}`, ...Object.entries(this.dirs).map(([key, dir]) => `${key} => ${dir}`)].join("\n");
    return {
      ...config,
      "asterisk.conf": `${config["asterisk.conf"] ?? ""}\n${directories}\n`,
      "manager.conf": port(config["manager.conf"], PBX_ADDRESSES.amiPort, LAB_PORTS.ami),
      "http.conf": port(port(config["http.conf"], PBX_ADDRESSES.httpPort, LAB_PORTS.http), PBX_ADDRESSES.httpsPort, LAB_PORTS.https),
      "pjsip.conf": port(port(port(config["pjsip.conf"], PBX_ADDRESSES.httpPort, LAB_PORTS.http), PBX_ADDRESSES.httpsPort, LAB_PORTS.https), REMOTE_SITE.sipPort, LAB_UDP.sip),
      "rtp.conf": (config["rtp.conf"] ?? "").replace(/^rtpstart = \d+$/m, `rtpstart = ${LAB_UDP.rtpStart}`).replace(/^rtpend = \d+$/m, `rtpend = ${LAB_UDP.rtpEnd}`),
    };
  }

  cli(command: string) {
    return run("chroot", [this.root, "asterisk", "-C", `${this.etc}/asterisk.conf`, "-rx", command], { env: CHROOT_ENV, timeoutMs: 20_000 });
  }

  private pid(): number | null {
    const file = join(this.root, this.dirs.astrundir ?? "", "asterisk.pid");
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, "utf8").trim());
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "asterisk" ? pid : null;
    } catch {
      return null;
    }
  }

  /** Writes the config (already relocated) and (re)starts the lab Asterisk with it. */
  async start(config: AsteriskConfig): Promise<void> {
    if (!existsSync(join(this.root, "usr", "sbin", "asterisk"))) throw new Error(`No cached Asterisk root at ${this.root}: run "npm run pbx:up" once first.`);
    await this.stop();
    const ids = asteriskIds(this.root);
    syncConfigDir(join(this.root, this.etc), config, 0o640, { uid: 0, gid: ids.gid });
    for (const dir of Object.values(this.dirs)) await runChecked("chroot", [this.root, "install", "-d", "-o", "asterisk", "-g", "asterisk", "-m", "0750", dir], `Could not create ${dir} in the root.`, { env: CHROOT_ENV });
    const asterisk = ["chroot", this.root, "asterisk", "-C", `${this.etc}/asterisk.conf`, "-U", "asterisk", "-G", "asterisk"];
    const [command = "", ...args] = this.netns === null ? asterisk : ["ip", "netns", "exec", this.netns, ...asterisk];
    await runChecked(command, args, "The lab Asterisk did not start.", { env: CHROOT_ENV });
    const started = Date.now();
    while ((await this.cli("core waitfullybooted")).code !== 0) {
      if (Date.now() - started > BOOT_TIMEOUT_MS) {
        const log = join(this.root, this.dirs.astlogdir ?? "", "messages.log");
        throw new Error(`The lab Asterisk did not boot within ${BOOT_TIMEOUT_MS / 1000} s. ${log} ends with:\n${existsSync(log) ? lastLines(readFileSync(log, "utf8")) : "(no log)"}`);
      }
      await sleep(200);
    }
  }

  /** Stops it at once ("core stop now"); a no-op when it is not running. */
  async stop(): Promise<void> {
    const pid = this.pid();
    if (pid === null) return;
    await this.cli("core stop now");
    const deadline = Date.now() + 15_000;
    while (this.pid() === pid && Date.now() < deadline) await sleep(100);
    if (this.pid() === pid) process.kill(pid, "SIGKILL");
    while (this.pid() === pid) await sleep(100);
    // The pid file goes before the sockets close: a start right now would find the ports taken.
    while (Date.now() < deadline && (await anyListening(PBX_ADDRESSES.amiHost, Object.values(LAB_PORTS)))) await sleep(100);
  }
}

