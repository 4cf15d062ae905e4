import type { ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { loadDemoData } from "../../../pbx/src/demo-data";

/** Writes the demo users, each with a password made from `prefix`, as a seed file in `dir`; returns how to find a password. */
export function writeDemoSeed(dir: string, prefix: string): { seedFile: string; passwordOf: (username: string) => string } {
  const passwordOf = (username: string) => `${prefix}-${username}-password`;
  const seed = loadDemoData().users.map((user) => ({ ...user, password: passwordOf(user.username) }));
  const seedFile = join(dir, "seed.json");
  writeFileSync(seedFile, JSON.stringify(seed));
  return { seedFile, passwordOf };
}

/**
 * The variables of a throwaway test server in `dir`: fresh secret and database, the demo users seeded with
 * known passwords. Every test signs in from 127.0.0.1, so the per-address login budget would bind across
 * tests: it is lifted here (a test of it sets its own). Wrap-up is off (below).
 */
export function testServerEnv(dir: string): { env: Record<string, string>; passwordOf: (username: string) => string } {
  const { seedFile, passwordOf } = writeDemoSeed(dir, "test");
  return {
    passwordOf,
    env: {
      HANDOFF_JWT_SECRET: randomBytes(32).toString("hex"),
      HANDOFF_SQLITE_PATH: join(dir, "handoff.sqlite"),
      HANDOFF_SEED_FILE: seedFile,
      HANDOFF_LOG_LEVEL: process.env.HANDOFF_TEST_LOG_LEVEL ?? "error",
      HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "10000",
      // Transfer tests hand queue calls to the same agents back to back: after-call work would pause them in
      // between. A test of wrap-up sets its own length.
      HANDOFF_WRAP_UP_SECONDS: "0",
    },
  };
}

/** A port nothing listens on now, for a server process that must keep its port across restarts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** Healthy = the database answers and the AMI link is up: only then does a test or a figure concern the server. */
export async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
      last = `HTTP ${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s (last: ${last})`);
}
