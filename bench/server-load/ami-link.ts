/**
 * The benchmark's own AMI connection (the test user: Originate, Hangup,
 * CoreShowChannels). Deliberately not server/src/ami: the instrument must not
 * share code, or bugs, with the subject it measures. Logs in with Events: off,
 * so Asterisk spends nothing on sending it the load it creates; event lists
 * (CoreShowChannels) still arrive, as Asterisk writes them to the asking session.
 */
import { connect, type Socket } from "node:net";

export type AmiFields = ReadonlyMap<string, string>;

export interface AmiLinkOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly timeoutMs?: number;
}

interface Pending {
  readonly action: string;
  readonly resolve: (reply: { response: AmiFields; events: AmiFields[] }) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  events: AmiFields[] | null;
  response: AmiFields | null;
}

const MESSAGE_END = Buffer.from("\r\n\r\n");

/** `Key: Value` lines into a map; a repeated key keeps its last value (nothing here reads repeated keys). */
export function parseMessage(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
  }
  return fields;
}

export class AmiLinkError extends Error {
  override readonly name = "AmiLinkError";
}

export class AmiLink {
  private readonly pending = new Map<string, Pending>();
  private buffered: Buffer = Buffer.alloc(0);
  private greeted = false;
  private nextId = 1;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.read(chunk));
    socket.on("close", () => this.failAll(new AmiLinkError("the benchmark's AMI connection closed")));
    socket.on("error", (error) => this.failAll(error));
  }

  static async open(options: AmiLinkOptions): Promise<AmiLink> {
    const socket = connect({ host: options.host, port: options.port });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    const link = new AmiLink(socket, options.timeoutMs ?? 10_000);
    await link.send("Login", { Username: options.username, Secret: options.secret, Events: "off" });
    return link;
  }

  /** One action; resolves with its reply, and with its events when the reply starts an event list. */
  send(action: string, fields: Readonly<Record<string, string>> = {}): Promise<{ response: AmiFields; events: AmiFields[] }> {
    if (this.closed) return Promise.reject(new AmiLinkError(`cannot send ${action}: the benchmark's AMI connection is closed`));
    const actionId = `bench-${this.nextId++}`;
    const lines = [`Action: ${action}`, `ActionID: ${actionId}`, ...Object.entries(fields).map(([key, value]) => `${key}: ${value}`)];
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(new AmiLinkError(`${action} got no reply within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(actionId, { action, resolve, reject, timer, events: null, response: null });
      this.socket.write(`${lines.join("\r\n")}\r\n\r\n`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end("Action: Logoff\r\n\r\n");
      setTimeout(() => this.socket.destroy(), 500).unref();
    });
  }

  private read(chunk: Buffer): void {
    let data = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    if (!this.greeted) {
      const lineEnd = data.indexOf("\r\n");
      if (lineEnd === -1) {
        this.buffered = data;
        return;
      }
      this.greeted = true;
      data = data.subarray(lineEnd + 2);
    }
    let start = 0;
    for (let end = data.indexOf(MESSAGE_END); end !== -1; end = data.indexOf(MESSAGE_END, start)) {
      if (end > start) this.dispatch(parseMessage(data.toString("utf8", start, end)));
      start = end + MESSAGE_END.length;
    }
    this.buffered = Buffer.from(data.subarray(start));
  }

  private dispatch(message: Map<string, string>): void {
    const actionId = message.get("ActionID");
    const pending = actionId === undefined ? undefined : this.pending.get(actionId);
    if (pending === undefined || actionId === undefined) return;
    const response = message.get("Response");
    if (response === "Error") {
      this.settle(actionId, pending, new AmiLinkError(`${pending.action} refused: ${message.get("Message") ?? "no reason given"}`));
    } else if (response !== undefined && message.get("EventList") === "start") {
      pending.response = message;
      pending.events = [];
    } else if (response !== undefined) {
      this.settle(actionId, pending, { response: message, events: [] });
    } else if (pending.events !== null && pending.response !== null) {
      if (message.get("EventList") === "Complete") this.settle(actionId, pending, { response: pending.response, events: pending.events });
      else pending.events.push(message);
    }
  }

  private settle(actionId: string, pending: Pending, outcome: { response: AmiFields; events: AmiFields[] } | Error): void {
    clearTimeout(pending.timer);
    this.pending.delete(actionId);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private failAll(error: Error): void {
    this.closed = true;
    for (const [actionId, pending] of this.pending) this.settle(actionId, pending, error);
  }
}
