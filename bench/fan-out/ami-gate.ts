/**
 * A TCP pass-through between a server and Asterisk's AMI that can hold the
 * events Asterisk sends for a while and then deliver them all, in order.
 * Holding the real server's link keeps it from fanning out while the baseline
 * is measured, without pausing the process: the gate keeps reading from
 * Asterisk, so Asterisk never sees a slow reader (it drops those after its
 * writetimeout), and replies to the server's own actions (anything carrying an
 * ActionID: its keepalive Ping, an event list it asked for) still go through at
 * once, so the server never thinks the link is dead.
 *
 * It can also pass only the events that mention one phone: on a PBX shared with
 * other people's tests, their calls would otherwise make the real server fan
 * out their agents' presence in the middle of a sample (the baseline ignores them).
 */
import { connect, createServer, type Server, type Socket } from "node:net";

const MESSAGE_END = Buffer.from("\r\n\r\n");
const ACTION_ID = Buffer.from("ActionID: ");
const LINE_END = Buffer.from("\r\n");

interface Link {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Bytes of a message Asterisk has not finished sending. */
  partial: Buffer;
  /** Whether the one-line greeting (no blank line after it) has been passed on. */
  greeted: boolean;
  /** Whole messages held back, in the order they came. */
  readonly held: Buffer[];
}

export interface AmiGateOptions {
  /** Pass only events whose text contains this (e.g. "/1006": PJSIP/1006, Local/1006@…); replies always pass. */
  readonly onlyMentioning?: string;
}

export class AmiGate {
  private holding = false;
  private readonly links = new Set<Link>();
  /** Events left out because they did not mention the phone. */
  dropped = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly only: Buffer | undefined,
  ) {}

  static async start(upstream: { readonly host: string; readonly port: number }, options: AmiGateOptions = {}): Promise<AmiGate> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("the AMI gate has no port");
    const gate = new AmiGate(server, address.port, options.onlyMentioning === undefined ? undefined : Buffer.from(options.onlyMentioning));
    server.on("connection", (client) => gate.join(client, upstream));
    return gate;
  }

  /** From now on, keep Asterisk's events instead of passing them on. */
  hold(): void {
    this.holding = true;
  }

  /** Delivers every event kept, then passes bytes on as they come. */
  release(): void {
    this.holding = false;
    for (const link of this.links) {
      if (link.held.length > 0) link.client.write(Buffer.concat(link.held.splice(0)));
    }
  }

  async close(): Promise<void> {
    for (const { client, upstream } of this.links) {
      client.destroy();
      upstream.destroy();
    }
    await new Promise((resolve) => this.server.close(resolve));
  }

  private join(client: Socket, target: { readonly host: string; readonly port: number }): void {
    client.setNoDelay(true);
    const upstream = connect({ host: target.host, port: target.port });
    upstream.setNoDelay(true);
    const link: Link = { client, upstream, partial: Buffer.alloc(0), greeted: false, held: [] };
    this.links.add(link);
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk: Buffer) => this.fromAsterisk(link, chunk));
    const end = () => {
      this.links.delete(link);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      socket.on("close", end);
      socket.on("error", end);
    }
  }

  /** Passes the greeting, then whole messages: replies at once, events filtered and held while asked to. */
  private fromAsterisk(link: Link, chunk: Buffer): void {
    const data = link.partial.length === 0 ? chunk : Buffer.concat([link.partial, chunk]);
    const passed: Buffer[] = [];
    let start = 0;
    if (!link.greeted) {
      const lineEnd = data.indexOf(LINE_END);
      if (lineEnd === -1) {
        link.partial = Buffer.from(data);
        return;
      }
      link.greeted = true;
      start = lineEnd + LINE_END.length;
      passed.push(data.subarray(0, start));
    }
    for (let end = data.indexOf(MESSAGE_END, start); end !== -1; end = data.indexOf(MESSAGE_END, start)) {
      const message = data.subarray(start, end + MESSAGE_END.length);
      start = end + MESSAGE_END.length;
      if (message.indexOf(ACTION_ID) !== -1) passed.push(message);
      else if (this.only !== undefined && message.indexOf(this.only) === -1) this.dropped++;
      else if (this.holding) link.held.push(Buffer.from(message));
      else passed.push(message);
    }
    link.partial = Buffer.from(data.subarray(start));
    if (passed.length > 0) link.client.write(passed.length === 1 ? (passed[0] as Buffer) : Buffer.concat(passed));
  }
}
