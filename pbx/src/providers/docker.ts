import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PbxConnection } from "../connection";
import { syncConfigDir } from "../config-dir";
import { describeLocalPbx, prepareLocalPbx, waitUntilReady } from "../local-pbx";
import { DOCKER_DIR, DOCKER_ETC_DIR, DOCKER_SIP_AUTH_DB, STATE_DIR } from "../paths";
import type { Log, PbxProvider, ProviderStatus } from "../provider";
import { run, runChecked } from "../run";

const PROJECT = "handoff-pbx";
const SERVICE = "asterisk";
const READY_TIMEOUT_MS = 60_000;

/** `docker info` succeeds only when an engine runs, not merely when the CLI is installed. */
export function dockerWorks(): boolean {
  return spawnSync("docker", ["info"], { stdio: "ignore", timeout: 15_000 }).status === 0;
}

/** Asterisk from pbx/docker/Dockerfile, host networking, generated config mounted read-only. */
export class DockerProvider implements PbxProvider {
  readonly name = "docker";

  private composeArgs(args: readonly string[]): string[] {
    return ["compose", "-f", join(DOCKER_DIR, "compose.yml"), "-p", PROJECT, ...args];
  }

  private readonly composeEnv = { ...process.env, HANDOFF_ASTERISK_ETC: DOCKER_ETC_DIR, HANDOFF_SIP_AUTH_DIR: dirname(DOCKER_SIP_AUTH_DB) };

  private compose(args: readonly string[]) {
    return run("docker", this.composeArgs(args), { env: this.composeEnv });
  }

  private async running(): Promise<boolean> {
    const result = await this.compose(["ps", "--status", "running", "--quiet", SERVICE]);
    return result.code === 0 && result.output.trim() !== "";
  }

  async up(log: Log): Promise<PbxConnection> {
    // var/pbx stays 0700; the mounted directories themselves must be open to the container's asterisk user.
    mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
    chmodSync(STATE_DIR, 0o700);
    const { config, connection } = prepareLocalPbx("docker", DOCKER_SIP_AUTH_DB, { anyUserInside: STATE_DIR });
    mkdirSync(DOCKER_ETC_DIR, { recursive: true });
    chmodSync(DOCKER_ETC_DIR, 0o755);
    const change = syncConfigDir(DOCKER_ETC_DIR, config, 0o644);
    const wasRunning = await this.running();
    log(wasRunning ? "container runs" : "building and starting the container (the first build downloads Asterisk)");
    await runChecked("docker", this.composeArgs(["up", "-d", "--build"]), `"docker compose up" failed for ${DOCKER_DIR}/compose.yml; its output is below.`, { env: this.composeEnv });
    if (wasRunning && change.written.length + change.removed.length > 0) {
      log("config changed: restarting the container");
      await this.compose(["restart", SERVICE]);
    }
    await waitUntilReady(connection, READY_TIMEOUT_MS);
    return connection;
  }

  async down(log: Log): Promise<void> {
    if (await this.running()) {
      // The container's SIGTERM is a graceful stop that can take over 10 s.
      await this.compose(["exec", "-T", SERVICE, "asterisk", "-rx", "core stop now"]);
    } else {
      log("the container is not running");
    }
    await this.compose(["down"]);
  }

  async status(): Promise<ProviderStatus> {
    const running = await this.running();
    return {
      running,
      lines: [`container:  ${PROJECT}-${SERVICE} ${running ? "running" : "stopped"}`, `config:     ${DOCKER_ETC_DIR}`, ...describeLocalPbx("docker", DOCKER_SIP_AUTH_DB)],
    };
  }
}
