import { existsSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import { isListening } from "../readiness";
import { join, resolve } from "node:path";
import type { PbxConnection } from "../connection";
import { SIP_AUTHS } from "@handoff/dialplan";
import { syncConfigDir } from "../config-dir";
import { PBX_ADDRESSES } from "../config/input";
import { MESSAGES_LOG } from "../config/logger";
import { describeLocalPbx, prepareLocalPbx, waitUntilReady } from "../local-pbx";
import { withLock } from "../lock";
import { isMountPoint, mountProc, unmountUnder } from "../mounts";
import { cacheDir } from "../paths";
import type { Log, PbxProvider, ProviderStatus } from "../provider";
import { lastLines, run, runChecked } from "../run";
import { asteriskIds, CHROOT_ENV, ensureChrootRoot } from "./chroot-root";

const BOOT_TIMEOUT_MS = 30_000;
const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
// A first build downloads ~650 MB; a second `pbx:up` waits for it rather than failing.
const LOCK_WAIT_MS = 15 * 60_000;

/** Device nodes Asterisk opens; debootstrap makes them, but a root copied without them would fail oddly. */
const DEVICES: ReadonlyArray<readonly [name: string, major: number, minor: number]> = [
  ["null", 1, 3],
  ["zero", 1, 5],
  ["full", 1, 7],
  ["random", 1, 8],
  ["urandom", 1, 9],
  ["tty", 5, 0],
];

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export class ChrootProvider implements PbxProvider {
  readonly name = "chroot";
  readonly root: string;
  private readonly lockFile: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.root = resolve(cacheDir(env), "asterisk-root");
    this.lockFile = `${this.root}.lock`;
  }

  /** The realtime auth table, where Asterisk in the root opens it. */
  get sipAuthDb(): string {
    return this.path(SIP_AUTHS.fileInPbx);
  }

  private path(...inside: string[]): string {
    return join(this.root, ...inside);
  }

  private asteriskCli(command: string) {
    return run("chroot", [this.root, "asterisk", "-rx", command], { env: CHROOT_ENV, timeoutMs: 20_000 });
  }

  /** The pid of the Asterisk running in THIS root, or null: the pid file alone can be stale or foreign. */
  private runningPid(): number | null {
    const pidFile = this.path("run", "asterisk", "asterisk.pid");
    if (!existsSync(pidFile)) return null;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (!Number.isInteger(pid) || pid <= 0) return null;
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
      // The kernel reports the chroot's real path; a zombie (stopped, not yet reaped) has none.
      return comm === "asterisk" && readlinkSync(`/proc/${pid}/root`) === realpathSync(this.root) ? pid : null;
    } catch {
      return null;
    }
  }

  private logTail(): string {
    const file = this.path(MESSAGES_LOG);
    return existsSync(file) ? lastLines(readFileSync(file, "utf8"), 20) : "(no messages.log yet)";
  }

  private async prepareRuntime(): Promise<void> {
    await mountProc(this.root);
    for (const [name, major, minor] of DEVICES) {
      const node = this.path("dev", name);
      if (!existsSync(node)) await runChecked("mknod", ["-m", "666", node, "c", String(major), String(minor)], `Could not create ${node}.`);
    }
  }

  private async start(log: Log): Promise<void> {
    const ports = [
      [PBX_ADDRESSES.amiHost, PBX_ADDRESSES.amiPort],
      [PBX_ADDRESSES.httpHost, PBX_ADDRESSES.httpPort],
      [PBX_ADDRESSES.httpHost, PBX_ADDRESSES.httpsPort],
    ] as const;
    for (const [host, port] of ports) {
      if (await isListening(host, port)) {
        throw new Error(`Something else already listens on ${host}:${port} (another Asterisk?). Stop it ("ss -ltnp | grep ${port}" shows who) and run again.`);
      }
    }
    // var/run in the root is an absolute symlink to /run: created from outside it would land in the host's /run.
    await runChecked("chroot", [this.root, "install", "-d", "-o", "asterisk", "-g", "asterisk", "-m", "0755", "/run/asterisk"], "Could not create /run/asterisk inside the root.", { env: CHROOT_ENV });
    log("starting Asterisk");
    // As root Asterisk cannot open its astdb; it daemonizes, so this returns at once.
    await runChecked("chroot", [this.root, "asterisk", "-U", "asterisk", "-G", "asterisk"], "Asterisk did not start.", { env: CHROOT_ENV });
    const started = Date.now();
    while ((await this.asteriskCli("core waitfullybooted")).code !== 0) {
      const waited = Date.now() - started;
      // The pid file appears within a second or two; without it after 5 s Asterisk has died (config error).
      const died = waited > 5000 && this.runningPid() === null;
      if (died || waited > BOOT_TIMEOUT_MS) {
        throw new Error(`Asterisk ${died ? "exited while booting" : `did not finish booting within ${BOOT_TIMEOUT_MS / 1000} s`}. Its log (${this.path(MESSAGES_LOG)}) ends with:\n${this.logTail()}`);
      }
      await sleep(200);
    }
  }

  private async stop(log: Log): Promise<void> {
    const pid = this.runningPid();
    if (pid === null) return;
    log(`stopping Asterisk (pid ${pid})`);
    // SIGTERM means a graceful stop that can take over 10 s; "core stop now" hangs up calls at once.
    await this.asteriskCli("core stop now");
    const deadline = Date.now() + STOP_TIMEOUT_MS;
    while (this.runningPid() === pid && Date.now() < deadline) await sleep(100);
    if (this.runningPid() === pid) {
      log(`Asterisk (pid ${pid}) ignored "core stop now" for ${STOP_TIMEOUT_MS / 1000} s: killing it`);
      process.kill(pid, "SIGKILL");
      while (this.runningPid() === pid) await sleep(100);
    }
    // Its pid file goes early in the shutdown, before its sockets close: a start right now would find the ports taken.
    while (Date.now() < deadline && (await this.portsTaken())) await sleep(100);
  }

  private async portsTaken(): Promise<boolean> {
    return (
      (await isListening(PBX_ADDRESSES.amiHost, PBX_ADDRESSES.amiPort)) ||
      (await isListening(PBX_ADDRESSES.httpHost, PBX_ADDRESSES.httpPort)) ||
      (await isListening(PBX_ADDRESSES.httpHost, PBX_ADDRESSES.httpsPort))
    );
  }

  async up(log: Log): Promise<PbxConnection> {
    return withLock(this.lockFile, LOCK_WAIT_MS, (pid) => log(`waiting for another pbx command (pid ${pid}) to finish`), async () => {
      await ensureChrootRoot(this.root, log);
      const ids = asteriskIds(this.root);
      const { config, connection } = prepareLocalPbx("chroot", this.sipAuthDb, { owner: ids });
      await this.prepareRuntime();
      const { gid } = ids;
      // 0640 root:asterisk: Asterisk reads the secrets in these files, other users of the machine cannot.
      const change = syncConfigDir(this.path("etc", "asterisk"), config, 0o640, { uid: 0, gid });
      const changed = [...change.written, ...change.removed];
      const pid = this.runningPid();
      if (pid !== null && changed.length > 0) {
        log(`config changed (${changed.join(", ")}): restarting Asterisk`);
        await this.stop(log);
      } else if (pid !== null) {
        log(`Asterisk already runs (pid ${pid}) with the current config`);
      }
      if (this.runningPid() === null) await this.start(log);
      await waitUntilReady(connection, READY_TIMEOUT_MS);
      return connection;
    });
  }

  async down(log: Log): Promise<void> {
    await withLock(this.lockFile, LOCK_WAIT_MS, (pid) => log(`waiting for another pbx command (pid ${pid}) to finish`), async () => {
      if (!existsSync(this.root)) {
        log(`nothing to stop: ${this.root} does not exist`);
        return;
      }
      if (this.runningPid() === null) log("Asterisk is not running");
      await this.stop(log);
      await unmountUnder(this.root);
      log(`stopped; the root stays cached at ${this.root}`);
    });
  }

  async status(): Promise<ProviderStatus> {
    const pid = existsSync(this.root) ? this.runningPid() : null;
    const lines = [`root:       ${this.root}${existsSync(this.root) ? "" : " (not built yet: the first up builds it)"}`];
    lines.push(`state:      ${pid === null ? "stopped" : `running (pid ${pid})`}${isMountPoint(this.path("proc")) ? "" : ", /proc not mounted"}`);
    lines.push(`log:        ${this.path(MESSAGES_LOG)}`);
    lines.push(...describeLocalPbx("chroot", this.sipAuthDb));
    return { running: pid !== null, lines };
  }
}

