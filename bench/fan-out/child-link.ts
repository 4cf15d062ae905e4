import { fork, type ChildProcess } from "node:child_process";

const UNCLAIMED_LIMIT = 50;

interface Waiter<In> {
  readonly match: (message: In) => boolean;
  readonly resolve: (message: In | undefined) => void;
}

/**
 * A forked helper process and its IPC channel, with bounded waits: every wait
 * ends, with undefined when the time is up or the process exited.
 */
export class ChildLink<Out, In> {
  private readonly waiters = new Set<Waiter<In>>();
  /** Messages nobody waited for yet (an answer that beat its wait's registration by a hair), newest last. */
  private readonly unclaimed: In[] = [];
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    isMessage: (value: unknown) => value is In,
  ) {
    process.on("message", (message) => {
      if (!isMessage(message)) return;
      for (const waiter of this.waiters) {
        if (waiter.match(message)) {
          this.waiters.delete(waiter);
          waiter.resolve(message);
          return;
        }
      }
      this.unclaimed.push(message);
      if (this.unclaimed.length > UNCLAIMED_LIMIT) this.unclaimed.shift();
    });
    process.once("exit", () => {
      this.exited = true;
      for (const waiter of this.waiters) waiter.resolve(undefined);
      this.waiters.clear();
    });
  }

  /** Forks a TypeScript module; process.execArgv carries tsx's loader, so the child runs TypeScript too. */
  static fork<Out, In>(module: string, isMessage: (value: unknown) => value is In, args: readonly string[] = []): ChildLink<Out, In> {
    const child = fork(module, [...args], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    return new ChildLink<Out, In>(child, isMessage);
  }

  get pid(): number {
    return this.process.pid ?? 0;
  }

  send(message: Out): void {
    if (!this.exited && this.process.connected) this.process.send(message as object);
  }

  /** The next message that matches, or the oldest unclaimed one that does. */
  next<T extends In>(match: (message: In) => message is T, timeoutMs: number): Promise<T | undefined> {
    const index = this.unclaimed.findIndex(match);
    if (index !== -1) return Promise.resolve(this.unclaimed.splice(index, 1)[0] as T);
    if (this.exited) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        resolve(undefined);
      }, timeoutMs);
      const waiter: Waiter<In> = {
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message as T | undefined);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** Sends a message and waits for the answer that matches. */
  request<T extends In>(message: Out, match: (message: In) => message is T, timeoutMs: number): Promise<T | undefined> {
    const answer = this.next(match, timeoutMs);
    this.send(message);
    return answer;
  }

  /** Asks the process to stop, and kills it if it has not exited within the grace time. */
  async stop(command: Out, graceMs: number): Promise<void> {
    if (this.exited || this.process.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
    this.send(command);
    const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
