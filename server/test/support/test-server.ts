import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { loadPbxConnection, serverEnvOf } from "../../../pbx/src/connection";
import { buildServer } from "../../src/app";
import { loadConfig } from "../../src/config";
import { AmiProxy } from "./ami-proxy";
import { testServerEnv } from "./server-launch";

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
  const test = testServerEnv(dir);
  const passwordOf = test.passwordOf;
  const config = loadConfig({
    HANDOFF_HTTP_PORT: "1",
    ...serverEnvOf(pbx, { host: "127.0.0.1", port: proxyPort }),
    ...test.env,
    ...env,
  });
  let app = await buildServer(config);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    get app() {
      return app;
    },
    // With HANDOFF_TLS_CERT/KEY the server itself speaks TLS.
    url: `${config.tls === null ? "http" : "https"}://127.0.0.1:${port}`,
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
