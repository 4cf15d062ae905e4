import type { PbxConnection } from "../connection";
import { connectionFromEnv, describeConnection } from "../connection";
import { waitUntilReady } from "../local-pbx";
import type { Log, PbxProvider, ProviderStatus } from "../provider";
import { tryAmiLogin, trySipWebSocket } from "../readiness";

const READY_TIMEOUT_MS = 30_000;
const PROBE_MS = 3000;

/** The user's own Asterisk, taken as it is: pbx/ neither configures, starts nor stops it. */
export class EnvProvider implements PbxProvider {
  readonly name = "env";

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  async up(log: Log): Promise<PbxConnection> {
    const connection = connectionFromEnv(this.env);
    log(`waiting for AMI at ${connection.ami.host}:${connection.ami.port} and ${connection.sipWsUrl}`);
    await waitUntilReady(connection, READY_TIMEOUT_MS);
    // loadPbxConnection() reads these variables directly: nothing is written to var/pbx.
    return connection;
  }

  async down(log: Log): Promise<void> {
    const connection = connectionFromEnv(this.env);
    log(`nothing to stop: the env provider never starts or stops your Asterisk at ${connection.ami.host}:${connection.ami.port}`);
  }

  async status(): Promise<ProviderStatus> {
    const connection = connectionFromEnv(this.env);
    const probe = (attempt: Promise<void>) => attempt.then(() => "ok", (error: Error) => error.message);
    const ami = await probe(tryAmiLogin(connection.ami, PROBE_MS));
    const ws = await probe(trySipWebSocket(connection.sipWsUrl, PROBE_MS));
    return {
      running: ami === "ok" && ws === "ok",
      lines: [...describeConnection(connection), `AMI login:  ${ami}`, `WS upgrade: ${ws}`],
    };
  }
}
