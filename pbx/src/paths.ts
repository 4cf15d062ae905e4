import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where pbx/ keeps its files. Everything per-install lives under var/ (git-ignored). */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEMO_DATA_FILE = join(REPO_ROOT, "pbx", "demo-data.json");
export const DOCKER_DIR = join(REPO_ROOT, "pbx", "docker");
export const STATE_DIR = join(REPO_ROOT, "var", "pbx");
export const SECRETS_FILE = join(STATE_DIR, "secrets.json");
export const CONNECTION_FILE = join(STATE_DIR, "connection.json");
/** Generated config for the docker provider; the chroot provider writes into its root instead. */
export const DOCKER_ETC_DIR = join(STATE_DIR, "docker-etc");
/** The docker provider's realtime auth table, mounted where Asterisk opens it (SIP_AUTHS.fileInPbx). */
export const DOCKER_SIP_AUTH_DB = join(STATE_DIR, "docker-sip-auths", "sip-auths.sqlite3");

/** The cache survives `git clean` and new work trees, so the 650 MB root is built once per machine. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HANDOFF_CACHE_DIR) return env.HANDOFF_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME || join(env.HOME || homedir(), ".cache");
  return join(xdg, "handoff");
}
