import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findDebianMirror } from "../debian-mirror";
import { mountProc, unmountUnder } from "../mounts";
import type { Log } from "../provider";
import { run, runChecked } from "../run";

/**
 * The cached Debian sid root with Asterisk 22 (Debian stable has no Asterisk). Built once into a
 * temporary directory beside it and renamed when complete, so an interrupted build is never used.
 */
// The core sounds carry the queue's position announcements ("you are number 1 in line").
export const ROOT_PACKAGES = ["asterisk", "asterisk-modules", "asterisk-moh-opsound-wav", "asterisk-core-sounds-en-gsm"] as const;
const STAMP = ".handoff-root.json";
const SUITE = "sid";

interface Stamp {
  readonly packages: readonly string[];
  readonly mirror: string;
  readonly builtAt: string;
}

/** A clean environment inside the root: the host's variables (and any secrets in them) stay out. */
export const CHROOT_ENV: NodeJS.ProcessEnv = {
  PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
  LANG: "C.UTF-8",
  HOME: "/root",
  DEBIAN_FRONTEND: "noninteractive",
};

// The sid Release file on the mirror snapshot is past its Valid-Until date.
const APT = ["apt-get", "-o", "Acquire::Check-Valid-Until=false"];

function readStamp(root: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(root, STAMP), "utf8")) as Stamp;
  } catch {
    return null;
  }
}

export function asteriskIds(root: string): { uid: number; gid: number } {
  const passwd = readFileSync(join(root, "etc", "passwd"), "utf8");
  const line = passwd.split("\n").find((entry) => entry.startsWith("asterisk:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`${root} has no asterisk user: the root is damaged. Delete ${root} and run "npm run pbx:up" to rebuild it.`);
  return { uid: Number(uid), gid: Number(gid) };
}

async function ensureDebootstrap(log: Log, logFile: string): Promise<void> {
  if ((await run("sh", ["-c", "command -v debootstrap"])).code === 0) return;
  log("debootstrap is missing: installing it with apt-get");
  const hint = "Install debootstrap yourself (apt-get install debootstrap) and run again.";
  await runChecked("apt-get", ["update"], hint, { logFile });
  await runChecked("apt-get", ["install", "-y", "debootstrap"], hint, { logFile, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}

/** Deletes half-built roots left by interrupted builds, unmounting what they still have mounted. */
async function removeStaleBuilds(cacheDir: string, rootName: string): Promise<void> {
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith(`${rootName}.build-`)) continue;
    const dir = join(cacheDir, name);
    const pid = Number(name.slice(`${rootName}.build-`.length));
    if (pid && pid !== process.pid && isAlive(pid)) continue;
    await unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function installPackages(root: string, packages: readonly string[], logFile: string): Promise<void> {
  const hint = `Installing Asterisk inside ${root} failed; the full log is in ${logFile}.`;
  await runChecked("chroot", [root, ...APT, "update"], hint, { env: CHROOT_ENV, logFile });
  await runChecked("chroot", [root, ...APT, "install", "-y", "--no-install-recommends", ...packages], hint, { env: CHROOT_ENV, logFile });
  await runChecked("chroot", [root, "apt-get", "clean"], hint, { env: CHROOT_ENV, logFile });
}

async function build(root: string, log: Log, logFile: string): Promise<void> {
  const cacheDir = join(root, "..");
  const rootName = root.slice(cacheDir.length + 1);
  await removeStaleBuilds(cacheDir, rootName);
  const temp = join(cacheDir, `${rootName}.build-${process.pid}`);
  await ensureDebootstrap(log, logFile);
  const mirror = findDebianMirror();
  const started = Date.now();
  const step = (what: string) => log(`  ${what} (${Math.round((Date.now() - started) / 1000)} s)`);

  log(`building ${root} once: Debian ${SUITE} from ${mirror} with ${ROOT_PACKAGES.join(", ")}; log: ${logFile}`);
  try {
    await runChecked("debootstrap", ["--variant=minbase", SUITE, temp, mirror], `debootstrap of Debian ${SUITE} failed; the log is in ${logFile}. Check that ${mirror} is reachable.`, { logFile });
    step("debootstrap done");
    // Package scripts must not try to start services inside the root.
    writeFileSync(join(temp, "usr", "sbin", "policy-rc.d"), "#!/bin/sh\nexit 101\n", { mode: 0o755 });
    await mountProc(temp);
    await installPackages(temp, ROOT_PACKAGES, logFile);
    step("Asterisk installed");
    // /etc/asterisk must hold only generated files: keep Debian's samples aside for reference.
    const etc = join(temp, "etc", "asterisk");
    renameSync(etc, join(temp, "etc", "asterisk.dist"));
    mkdirSync(etc);
    const { gid } = asteriskIds(temp);
    chownSync(etc, 0, gid);
    chmodSync(etc, 0o750);
    const stamp: Stamp = { packages: ROOT_PACKAGES, mirror, builtAt: new Date().toISOString() };
    writeFileSync(join(temp, STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
    await unmountUnder(temp);
    renameSync(temp, root);
    step("root ready");
  } catch (error) {
    // Deleting through a live /proc mount would be a disaster; a leftover is cleaned by the next build.
    const unmounted = await unmountUnder(temp).then(() => true, () => false);
    if (unmounted) rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Builds the root if missing; adds packages a newer version of this file asks for. */
export async function ensureChrootRoot(root: string, log: Log): Promise<void> {
  mkdirSync(join(root, ".."), { recursive: true });
  const logFile = `${root}.build.log`;
  if (!existsSync(root)) return build(root, log, logFile);
  const stamp = readStamp(root);
  if (!stamp) throw new Error(`${root} exists but has no ${STAMP}: it was not built by pbx/. Move it away or delete it, then run "npm run pbx:up".`);
  const missing = ROOT_PACKAGES.filter((name) => !stamp.packages.includes(name));
  if (missing.length === 0) return;
  log(`adding ${missing.join(", ")} to ${root}; log: ${logFile}`);
  await mountProc(root);
  await installPackages(root, ROOT_PACKAGES, logFile);
  writeFileSync(join(root, STAMP), `${JSON.stringify({ ...stamp, packages: ROOT_PACKAGES }, null, 2)}\n`);
}
