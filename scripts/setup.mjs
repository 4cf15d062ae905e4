// Installs what `npm start` / `npm test` need on a fresh machine, and nothing
// more. Plain Node on purpose: it runs before any npm package is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const mode = process.argv[2] ?? "start";
if (!["start", "test"].includes(mode)) {
  console.error(`usage: node scripts/setup.mjs start|test (got "${mode}")`);
  process.exit(2);
}

/** @param {string} message */
function say(message) {
  console.log(`[setup] ${message}`);
}

function ensureNpmPackages() {
  // package.json counts too: its allowScripts decide which native modules get built.
  const stampPath = "node_modules/.handoff-install-sha256";
  const wanted = createHash("sha256").update(readFileSync("package.json")).update(readFileSync("package-lock.json")).digest("hex");
  if (existsSync(stampPath) && readFileSync(stampPath, "utf8") === wanted) return;
  say("installing npm packages from package-lock.json");
  // The Electron binary is a download from outside the npm registry; it is
  // fetched only where a desktop is wanted (see README, "Desktop app").
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: "1" };
  // `npm ci`: exactly the lock, which records every platform's optional binaries
  // (esbuild, rolldown, lightningcss, @unrs/resolver-binding-*), so it never rewrites it.
  const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error("[setup] npm ci failed: check the npm registry is reachable, then run the command again.");
    process.exit(1);
  }
  writeFileSync(stampPath, wanted);
}

/** @param {string} name */
function hasCommand(name) {
  return spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;
}

/** @param {{ name: string, present: () => boolean }[]} packages */
function ensureDebianPackages(packages) {
  const missing = packages.filter(({ present }) => !present());
  if (missing.length === 0) return;
  const names = missing.map(({ name }) => name);
  const canInstall = process.platform === "linux" && process.getuid?.() === 0 && hasCommand("apt-get");
  if (!canInstall) {
    console.error(`[setup] missing: ${names.join(", ")}. Install them (Debian/Ubuntu: sudo apt-get install ${names.join(" ")}) and run the command again.`);
    process.exit(1);
  }
  say(`installing Debian packages: ${names.join(", ")}`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...names], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

ensureNpmPackages();
// The local PBX's WSS certificate is signed by a CA of this install, made with openssl (pbx/src/local-ca.ts).
const forBoth = [{ name: "openssl", present: () => hasCommand("openssl") }];
if (mode === "start") ensureDebianPackages(forBoth);
if (mode === "test") {
  ensureDebianPackages([
    ...forBoth,
    // The TLS journeys: nginx as the HTTPS reverse proxy in front of the server (its own instance on a loopback
    // port, never the system service), and certutil to make the test Chromium trust the local CA (an NSS database).
    { name: "nginx-light", present: () => existsSync("/usr/sbin/nginx") },
    { name: "libnss3-tools", present: () => hasCommand("certutil") },
    // The browser tests drive the system's Chromium: Playwright's own download cannot work here.
    { name: "chromium", present: () => Boolean(process.env.HANDOFF_CHROMIUM) || existsSync("/usr/bin/chromium") },
    // e2e/specs/media-loss.spec.ts drops the browser's media with iptables in a network namespace (ip is iproute2's).
    { name: "iptables", present: () => hasCommand("iptables") },
    { name: "iproute2", present: () => hasCommand("ip") },
    // The store is tested on a real PostgreSQL as well as SQLite.
    { name: "postgresql", present: () => existsSync("/usr/lib/postgresql") && hasCommand("runuser") },
    // Several server replicas share live state through Redis (server/test/support/redis.ts runs its own instance).
    { name: "redis-server", present: () => existsSync("/usr/bin/redis-server") },
  ]);
}
say("ready");
