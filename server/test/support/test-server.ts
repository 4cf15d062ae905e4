import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { loadPbxConnection, sipAuthDbOf } from "../../../pbx/src/connection";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { buildServer } from "../../src/app";
import { loadConfig } from "../../src/config";
import { AmiProxy } from "./ami-proxy";

export interface TestServer {
  readonly app: FastifyInstance;
  url: string;
  proxy: AmiProxy;
  /** The login password of every demo user in this test server. */
  password(username: string): string;
  /** Stops the server; `start()` brings it back on the same port, database and secrets: a restart mid-shift. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The real server against the real Asterisk (through a recording proxy), with a fresh database. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const pbx = loadPbxConnection();
  const proxy = new AmiProxy(pbx.ami);
  const proxyPort = await proxy.listen();
  const dir = mkdtempSync(join(tmpdir(), "handoff-server-"));
  const passwordOf = (username: string) => `test-${username}-password`;
  const seed = loadDemoData().users.map((user) => ({
    username: user.username,
    name: user.name,
    extension: user.extension,
    role: user.role,
    password: passwordOf(user.username),
  }));
  writeFileSync(join(dir, "seed.json"), JSON.stringify(seed));
  const config = loadConfig({
    HANDOFF_HTTP_PORT: "1",
    HANDOFF_AMI_HOST: "127.0.0.1",
    HANDOFF_AMI_PORT: String(proxyPort),
    HANDOFF_AMI_USERNAME: pbx.ami.username,
    HANDOFF_AMI_SECRET: pbx.ami.secret,
    HANDOFF_SIP_WS_URL: pbx.sipWsUrl,
    HANDOFF_SIP_DOMAIN: pbx.sipDomain,
    HANDOFF_SIP_AUTH_DB: sipAuthDbOf(pbx),
    HANDOFF_JWT_SECRET: randomBytes(32).toString("hex"),
    HANDOFF_SQLITE_PATH: join(dir, "handoff.sqlite"),
    HANDOFF_SEED_FILE: join(dir, "seed.json"),
    HANDOFF_LOG_LEVEL: process.env.HANDOFF_TEST_LOG_LEVEL ?? "error",
    // Every test signs in from 127.0.0.1: the per-address login budget would bind across tests (a test of it sets its own).
    HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "10000",
    ...env,
  });
  let app = await buildServer(config);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    get app() {
      return app;
    },
    url: `http://127.0.0.1:${port}`,
    proxy,
    password: passwordOf,
    async stop() {
      await app.close();
    },
    async start() {
      app = await buildServer(config);
      await app.listen({ host: "127.0.0.1", port });
    },
    async close() {
      await app.close();
      await proxy.close();
    },
  };
}
