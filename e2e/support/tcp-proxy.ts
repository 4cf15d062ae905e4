import { createServer, connect, type Server, type Socket } from "node:net";

/** What the proxy does to traffic now. */
export type ProxyMode = "pass" | "cut" | "blackhole";

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Lost bytes while blackholed: its stream can never be resumed. */
  damaged: boolean;
}

/**
 * A TCP proxy between the browser and Asterisk's SIP WebSocket, with the network faults
 * a softphone meets:
 * - `cut()`: every connection is closed and new ones are refused (ECONNREFUSED), as when
 *   the agent's Wi-Fi drops or the VPN restarts;
 * - `blackhole()`: sockets stay open but every byte is dropped both ways, and new connections
 *   are accepted and dropped too, as behind a dead NAT or a firewall that drops silently;
 * - `heal()`: traffic passes again. A blackholed connection lost bytes mid-stream, so heal
 *   resets it (as a NAT that forgot the flow would) rather than resume a corrupted stream.
 */
export class TcpProxy {
  private mode: ProxyMode = "pass";
  private readonly pairs = new Set<Pair>();
  private server: Server | null = null;
  /** Connections made, ever: a reconnecting phone opens a new one. */
  connections = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    private port: number,
  ) {}

  /** Listens on 127.0.0.1 (an ephemeral port unless given) and forwards to `target`. */
  static async start(target: { host: string; port: number }, port = 0): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, port);
    await proxy.listen();
    return proxy;
  }

  /** A ws:// URL through the proxy for a target URL such as ws://127.0.0.1:8088/ws. */
  static async forUrl(url: string): Promise<TcpProxy> {
    const parsed = new URL(url);
    return TcpProxy.start({ host: parsed.hostname, port: Number(parsed.port) });
  }

  url(path = "/ws"): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  get current(): ProxyMode {
    return this.mode;
  }

  async cut(): Promise<void> {
    this.mode = "cut";
    for (const pair of this.pairs) this.destroy(pair);
    await this.stopListening();
  }

  blackhole(): void {
    this.mode = "blackhole";
    for (const pair of this.pairs) pair.damaged = true;
  }

  async heal(): Promise<void> {
    const was = this.mode;
    this.mode = "pass";
    for (const pair of this.pairs) if (pair.damaged) this.destroy(pair);
    if (was === "cut") await this.listen();
  }

  async close(): Promise<void> {
    this.mode = "cut";
    for (const pair of this.pairs) this.destroy(pair);
    await this.stopListening();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      // The same port each time: the phone was told this URL once.
      server.listen(this.port, "127.0.0.1", () => {
        const address = server.address();
        if (address !== null && typeof address === "object") this.port = address.port;
        resolve();
      });
    });
  }

  private stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    this.connections += 1;
    const upstream = connect(this.target.port, this.target.host);
    const pair: Pair = { client, upstream, damaged: this.mode === "blackhole" };
    this.pairs.add(pair);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const forward = (from: Socket, to: Socket) =>
      from.on("data", (chunk: Buffer) => {
        if (this.mode === "blackhole") {
          pair.damaged = true;
          return;
        }
        if (!pair.damaged) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => this.destroy(pair);
    for (const socket of [client, upstream]) {
      socket.on("close", end);
      socket.on("error", end);
    }
  }

  private destroy(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream.destroy();
  }
}
