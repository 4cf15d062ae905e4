import type { PbxConnection } from "./connection";
import { describeConnection } from "./connection";
import { renderAsteriskConfig } from "./config/index";
import type { AsteriskConfig } from "./config/index";
import { visitorLineNames } from "@handoff/dialplan";
import { AMI_BOT_USER, AMI_SERVER_USER, AMI_TEST_USER, PBX_ADDRESSES, VISITOR_LINE_COUNT, settingsFromEnv } from "./config/input";
import type { DemoData } from "./demo-data";
import { loadDemoData, phoneUsers } from "./demo-data";
import { readHostFacts } from "./host";
import { LocalCa } from "./local-ca";
import { SECRETS_FILE } from "./paths";
import { waitForAmiLogin, waitForSipWebSocket } from "./readiness";
import type { PbxSecrets } from "./secrets";
import { loadOrCreateSecrets } from "./secrets";
import { ensureSipAuthDb, type SipAuthDbAccess } from "./sip-auth-db";

/** What the chroot and docker providers share: the generated Asterisk and how to reach it. */
export interface LocalPbx {
  readonly config: AsteriskConfig;
  readonly connection: PbxConnection;
}

export const LOCAL_SIP_WS_URL = `ws://${PBX_ADDRESSES.httpHost}:${PBX_ADDRESSES.httpPort}${PBX_ADDRESSES.sipWsPath}`;
/** The same WebSocket over TLS, with a certificate from this install's CA (local-ca.ts: LOCAL_CA_DIR/ca.pem). */
export const LOCAL_SIP_WSS_URL = `wss://${PBX_ADDRESSES.httpHost}:${PBX_ADDRESSES.httpsPort}${PBX_ADDRESSES.sipWsPath}`;

/** How to reach the generated PBX; with `secrets` null every secret is blank (for display). `sipAuthDb`: the realtime auth file as this machine sees it. */
export function localConnection(provider: "chroot" | "docker", demo: DemoData, secrets: PbxSecrets | null, sipAuthDb: string): PbxConnection {
  const ami = { host: PBX_ADDRESSES.amiHost, port: PBX_ADDRESSES.amiPort };
  return {
    provider,
    ami: { ...ami, username: AMI_SERVER_USER, secret: secrets?.amiSecret ?? "" },
    amiTest: { ...ami, username: AMI_TEST_USER, secret: secrets?.amiTestSecret ?? "" },
    amiBot: { ...ami, username: AMI_BOT_USER, secret: secrets?.amiBotSecret ?? "" },
    sipWsUrl: LOCAL_SIP_WS_URL,
    sipDomain: demo.domain,
    endpoints: phoneUsers(demo).map((user) => ({ extension: user.extension })),
    sipAuthDb,
  };
}

/**
 * The config, the connection, and the realtime auth table (created with a row per extension that nobody
 * can use until the server issues a password at a sign-in). `access`: who may open it (sip-auth-db.ts).
 */
export function prepareLocalPbx(provider: "chroot" | "docker", sipAuthDb: string, access: SipAuthDbAccess, env: NodeJS.ProcessEnv = process.env): LocalPbx {
  const demo = loadDemoData();
  const secrets = loadOrCreateSecrets(SECRETS_FILE);
  const tls = LocalCa.ensure().kept("pbx");
  const config = renderAsteriskConfig({ demo, secrets, host: readHostFacts(), settings: settingsFromEnv(env), tls });
  // Visitor lines have an auth row like phones: locked until the server issues a password for one call.
  ensureSipAuthDb(sipAuthDb, [...phoneUsers(demo).map((user) => user.extension), ...visitorLineNames(VISITOR_LINE_COUNT)], access);
  return { config, connection: localConnection(provider, demo, secrets, sipAuthDb) };
}

/** Where a local PBX is reachable, for status: reads no secret. */
export function describeLocalPbx(provider: "chroot" | "docker", sipAuthDb: string): string[] {
  return describeConnection(localConnection(provider, loadDemoData(), null, sipAuthDb));
}

/** Both AMI users and the WebSocket: tests need all three. */
export async function waitUntilReady(connection: PbxConnection, timeoutMs: number): Promise<void> {
  await waitForAmiLogin(connection.ami, timeoutMs);
  if (connection.amiTest) await waitForAmiLogin(connection.amiTest, timeoutMs);
  await waitForSipWebSocket(connection.sipWsUrl, timeoutMs);
  if (connection.provider !== "env") await waitForSipWebSocket(LOCAL_SIP_WSS_URL, timeoutMs, LocalCa.ensure().cert);
}
