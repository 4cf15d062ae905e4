/**
 * The soak's own view of Asterisk, through the test AMI user (it may Originate,
 * Hangup and list channels; the server's user may not): customers and bot
 * callers, hang-ups, channel snapshots, the ring-time globals, and restarting
 * Asterisk the way `npm run pbx:down` / `pbx:up` do.
 */
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { AmiClient } from "../../server/src/ami";
import { PBX_ADDRESSES } from "../../pbx/src/config/input";
import { loadPbxConnection, type PbxConnection } from "../../pbx/src/connection";
import type { ChannelRecord } from "../truth";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const TEST_ACTIONS: ReadonlySet<string> = new Set(["Originate", "Hangup", "CoreShowChannels", "Getvar", "Setvar", "Status"]);

/** The dialplan's ring-time globals (named in pbx/'s dialplan generator); read at dial time, so a Setvar changes the next call. */
export const RING_GLOBALS = { transfer: "HANDOFF_TRANSFER_RING_SECONDS", recall: "HANDOFF_RECALL_RING_SECONDS" } as const;

export interface Snapshot {
  readonly at: number;
  readonly records: readonly ChannelRecord[];
}

export class PbxAccess {
  private inFlight: Promise<Snapshot> | null = null;
  private saved: Record<string, string> = {};

  private constructor(
    readonly connection: PbxConnection,
    private readonly ami: AmiClient,
  ) {}

  static async open(): Promise<PbxAccess> {
    const connection = loadPbxConnection();
    if (connection.amiTest === null) throw new Error("This PBX has no test AMI user (set HANDOFF_AMI_TEST_USERNAME/SECRET, or use the local PBX): the soak needs it to place and inspect calls.");
    // Reconnects by itself across an Asterisk restart.
    const ami = new AmiClient({ ...connection.amiTest, allowedActions: TEST_ACTIONS, reconnect: () => 500, keepaliveMs: 2_000 });
    const pbx = new PbxAccess(connection, ami);
    ami.start();
    await pbx.connected(20_000);
    return pbx;
  }

  get up(): boolean {
    return this.ami.state === "connected";
  }

  async connected(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.ami.state !== "connected") {
      if (Date.now() > deadline) throw new Error(`the test AMI user could not log in within ${timeoutMs / 1000} s (state ${this.ami.state})`);
      await sleep(100);
    }
  }

  /** Every channel now; concurrent callers share one CoreShowChannels. Throws while Asterisk is unreachable. */
  channels(): Promise<Snapshot> {
    this.inFlight ??= this.ami
      .send("CoreShowChannels", {}, 5_000)
      .then((reply) => ({ at: Date.now(), records: reply.events.map((e) => e.fields()) }))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** A customer calling an agent: the ;2 half of Local/<ext>@handoff-inbound rings the agent (pbx/README.md). */
  async callAgent(extension: string, number: string): Promise<void> {
    await this.ami.send("Originate", { Channel: `Local/${extension}@handoff-inbound`, Context: "handoff-customer", Exten: "s", Priority: 1, CallerID: `Customer <${number}>`, Async: "true", Timeout: 30_000 });
  }

  /** A caller talking to the stand-in voice bot: the ;2 half of Local/s@handoff-bot is what the bot hands off. */
  async callBot(number: string): Promise<void> {
    await this.ami.send("Originate", { Channel: "Local/s@handoff-bot", Context: "handoff-customer", Exten: "s", Priority: 1, CallerID: `Customer <${number}>`, Async: "true" });
  }

  /** Hangs up one channel; a channel already gone is fine. */
  async hangup(channel: string): Promise<void> {
    await this.ami.send("Hangup", { Channel: channel }).catch(() => undefined);
  }

  /** Short ring times so no-answer paths take seconds; the previous values come back with restoreRingTimes(). */
  async shortRingTimes(seconds: number, remember = true): Promise<void> {
    for (const variable of Object.values(RING_GLOBALS)) {
      if (remember && !(variable in this.saved)) this.saved[variable] = (await this.ami.send("Getvar", { Variable: variable })).response.get("Value") ?? "";
      await this.ami.send("Setvar", { Variable: variable, Value: String(seconds) });
    }
  }

  async restoreRingTimes(): Promise<void> {
    for (const [variable, value] of Object.entries(this.saved)) {
      if (value !== "") await this.ami.send("Setvar", { Variable: variable, Value: value }).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.ami.close();
  }
}

/** `npx tsx pbx/src/cli.ts down|up` of this checkout (or of `root`, another commit's), its output to `log`. */
export function pbxCli(command: "down" | "up", log: (line: string) => void, root: string = REPO): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--no-install", "tsx", "pbx/src/cli.ts", command], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    const lines = (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach(log);
    child.stdout.on("data", lines);
    child.stderr.on("data", lines);
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pbx ${command} exited with ${code}`))));
  });
}

/**
 * Asterisk stopped and started again, with `root`'s dialplan. Between the two it waits until
 * nothing listens on the AMI and HTTP ports: the pid file goes before the sockets close, and an
 * `up` that comes too soon finds the ports taken.
 */
export async function restartPbx(log: (line: string) => void, root: string = REPO): Promise<void> {
  await pbxCli("down", log, root);
  const deadline = Date.now() + 20_000;
  while (await pbxListening()) {
    if (Date.now() > deadline) throw new Error("Asterisk's ports were still taken 20 s after pbx down");
    await sleep(100);
  }
  await pbxCli("up", log, root);
}

/** Does anything listen on Asterisk's AMI or HTTP port? */
export async function pbxListening(): Promise<boolean> {
  return (await listening(PBX_ADDRESSES.amiHost, PBX_ADDRESSES.amiPort)) || (await listening(PBX_ADDRESSES.httpHost, PBX_ADDRESSES.httpPort));
}

function listening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
