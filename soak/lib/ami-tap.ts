/**
 * The TCP proxy between the server under test and Asterisk. It records every
 * action the server writes (decoded with the server's own AmiDecoder, timed and
 * tagged with the Asterisk epoch) and cuts the link on demand, refusing new
 * connections for a while, as a network fault would.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { AmiDecoder } from "../../server/src/ami/codec";
import type { RecordedAction } from "../duplicates";

export class AmiTap {
  readonly actions: RecordedAction[] = [];
  /** Incremented by the soak after each Asterisk restart. */
  epoch = 0;
  private readonly server: Server;
  private readonly pairs = new Set<readonly [Socket, Socket]>();
  private refuseUntil = 0;

  constructor(
    private readonly upstream: { host: string; port: number },
    private readonly clock: () => number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return { host: "127.0.0.1", port: (this.server.address() as AddressInfo).port };
  }

  /** Cuts every open link; for `downMs` new connections are closed at once, so the server's reconnects fail too. */
  cut(downMs: number): void {
    this.refuseUntil = Date.now() + downMs;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  get connections(): number {
    return this.pairs.size;
  }

  async close(): Promise<void> {
    this.cut(0);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (Date.now() < this.refuseUntil) {
      client.destroy();
      return;
    }
    const upstream = connect(this.upstream);
    const pair = [client, upstream] as const;
    this.pairs.add(pair);
    const decoder = new AmiDecoder();
    client.on("data", (chunk) => {
      for (const message of decoder.push(chunk)) {
        const fields = message.fields();
        // Never keep the AMI secret: the actions end up in the results file.
        if (fields.Action !== "Login") this.actions.push({ at: this.clock(), epoch: this.epoch, fields });
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of pair) {
      socket.on("close", end);
      socket.on("error", end);
    }
  }
}
