import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serverEnvOf, type PbxConnection } from "../pbx/src/connection";
import type { DemoData } from "../pbx/src/demo-data";
import { REPO_ROOT } from "../pbx/src/paths";
import { writePrivateFile } from "../pbx/src/private-file";

const STATE_DIR = join(REPO_ROOT, "var", "server");

interface DemoSecrets {
  jwtSecret: string;
  passwords: Record<string, string>;
}

/** The demo's per-install server secrets: made once, kept in var/server (git-ignored, 0600). */
function demoSecrets(demo: DemoData): DemoSecrets {
  const file = join(STATE_DIR, "secrets.json");
  const existing: Partial<DemoSecrets> = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Partial<DemoSecrets>) : {};
  const secrets: DemoSecrets = { jwtSecret: existing.jwtSecret ?? randomBytes(32).toString("hex"), passwords: { ...existing.passwords } };
  for (const user of demo.users) secrets.passwords[user.username] ??= `${user.username}-${randomBytes(3).toString("hex")}`;
  writePrivateFile(file, JSON.stringify(secrets, null, 2));
  return secrets;
}

/** Environment for the reference voice bot beside the demo server: the demo's bot login and the PBX's bot AMI user. */
export function demoBotEnv(pbx: PbxConnection, demo: DemoData, port: number): Record<string, string> | null {
  const bot = demo.users.find((user) => user.role === "bot");
  const password = bot === undefined ? undefined : demoSecrets(demo).passwords[bot.username];
  if (bot === undefined || password === undefined || pbx.amiBot === null) return null;
  return {
    HANDOFF_URL: `http://127.0.0.1:${port}`,
    HANDOFF_BOT_USERNAME: bot.username,
    HANDOFF_BOT_PASSWORD: password,
    HANDOFF_AMI_HOST: pbx.amiBot.host,
    HANDOFF_AMI_PORT: String(pbx.amiBot.port),
    HANDOFF_AMI_BOT_USERNAME: pbx.amiBot.username,
    HANDOFF_AMI_BOT_SECRET: pbx.amiBot.secret,
  };
}

/** Environment for running the server against the local PBX with the demo agents, and their logins to print. */
export function demoServerEnv(pbx: PbxConnection, demo: DemoData, port: number): { env: Record<string, string>; logins: Record<string, string> } {
  const secrets = demoSecrets(demo);
  const seedFile = join(STATE_DIR, "seed.json");
  writePrivateFile(
    seedFile,
    JSON.stringify(
      demo.users.map((user) => ({
        ...user,
        password: secrets.passwords[user.username],
      })),
    ),
  );
  return {
    logins: secrets.passwords,
    env: {
      HANDOFF_HTTP_PORT: String(port),
      ...serverEnvOf(pbx),
      HANDOFF_JWT_SECRET: secrets.jwtSecret,
      HANDOFF_SQLITE_PATH: join(REPO_ROOT, "var", "handoff.sqlite"),
      HANDOFF_SEED_FILE: seedFile,
      HANDOFF_QUEUES: demo.queues.map((q) => `${q.name}=${q.extension}`).join(","),
      // The widget's demo page (/widget/) is served by this server: its own origin may start visitor calls.
      HANDOFF_WIDGET_ORIGINS: `http://127.0.0.1:${port},http://localhost:${port}`,
    },
  };
}
