/** The parent's handle on proxy-child.ts: start it, ask for counters and the recorded actions, stop it. */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isProxyMessage, type ProxyAction, type ProxyCommand, type ProxyCounters, type ProxyMessage } from "./proxy-protocol";

const CHILD = fileURLToPath(new URL("./proxy-child.ts", import.meta.url));
const REPLY_TIMEOUT_MS = 10_000;

export class AmiProxyProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(upstream: { host: string; port: number }): Promise<AmiProxyProcess> {
    // process.execArgv carries tsx's loader, so the child runs TypeScript too.
    const child = fork(CHILD, [], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    try {
      const reply = await ask(child, { type: "listen", upstream }, "listening");
      return new AmiProxyProcess(child, reply.port);
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async counters(resetMax: boolean): Promise<ProxyCounters> {
    return (await ask(this.child, { type: "snapshot", resetMax }, "snapshot")).counters;
  }

  async actions(): Promise<readonly ProxyAction[]> {
    return (await ask(this.child, { type: "actions" }, "actions")).actions;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.send({ type: "stop" } satisfies ProxyCommand);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  }
}

function ask<T extends ProxyMessage["type"]>(child: ChildProcess, command: ProxyCommand, expect: T): Promise<Extract<ProxyMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the AMI proxy did not answer "${command.type}" within ${REPLY_TIMEOUT_MS / 1000} s`)), REPLY_TIMEOUT_MS);
    const onMessage = (message: unknown) => {
      if (!isProxyMessage(message)) return;
      if (message.type === "error") finish(new Error(`the AMI proxy failed: ${message.message}`));
      else if (message.type === expect) finish(message as Extract<ProxyMessage, { type: T }>);
    };
    const onExit = (code: number | null) => finish(new Error(`the AMI proxy exited (code ${code}) before answering "${command.type}"`));
    function finish(outcome: Extract<ProxyMessage, { type: T }> | Error) {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    }
    child.on("message", onMessage);
    child.once("exit", onExit);
    child.send(command);
  });
}
