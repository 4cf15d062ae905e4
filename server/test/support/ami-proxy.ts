import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { AmiDecoder } from "../../src/ami/codec";

/** One AMI message as the proxy saw it pass. */
export interface RecordedMessage {
  from: "server" | "asterisk";
  fields: Record<string, string>;
}

/**
 * A TCP proxy between the server and the real Asterisk. It records every action
 * the server writes (so a test can prove that nothing was sent) and can cut the
 * link the way a network fault would.
 */
export class AmiProxy {
  /** Every action written, as plain records (they are filtered and compared like objects). */
  readonly actions: Record<string, string>[] = [];
  bytesToAsterisk = 0;
  /** Holds Asterisk's bytes back this long before the server sees them: the server's view trails Asterisk. */
  delayToServerMs = 0;
  /** While set, every message both ways, in order: a journey to keep as a fixture. */
  private recording: RecordedMessage[] | null = null;
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();

  constructor(private readonly upstream: { host: string; port: number }) {
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  /** Actions written since `mark`, Login and Ping excluded (they move no call). */
  actionsSince(mark: number): Record<string, string>[] {
    return this.actions.slice(mark).filter((a) => a.Action !== "Login" && a.Action !== "Ping");
  }

  startRecording(): void {
    this.recording = [];
  }

  stopRecording(): RecordedMessage[] {
    const recorded = this.recording ?? [];
    this.recording = null;
    return recorded;
  }

  cutAll(): void {
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const upstream = connect(this.upstream);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const decoder = new AmiDecoder();
    const fromAsterisk = new AmiDecoder();
    client.on("data", (chunk) => {
      this.bytesToAsterisk += chunk.length;
      for (const action of decoder.push(chunk)) {
        this.actions.push(action.fields());
        this.recording?.push({ from: "server", fields: action.fields() });
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => {
      // Always decoded, so a recording started mid-stream begins on a message boundary.
      for (const message of fromAsterisk.push(chunk)) this.recording?.push({ from: "asterisk", fields: message.fields() });
      if (this.delayToServerMs > 0) setTimeout(() => client.writable && client.write(chunk), this.delayToServerMs);
      else client.write(chunk);
    });
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  }
}
