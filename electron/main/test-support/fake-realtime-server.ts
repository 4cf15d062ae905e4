import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server, type Socket } from "socket.io";

/**
 * A real socket.io server with the Handoff hub's handshake rule (a token in
 * `auth.token`, refused with "unauthenticated: …" otherwise), for testing the
 * real client end to end.
 */
export class FakeRealtimeServer {
  /** Tokens the server accepts now. */
  readonly accepted = new Set<string>();
  /** Every token a handshake carried, in order. */
  readonly handshakes: unknown[] = [];
  readonly origins: Array<string | undefined> = [];
  private readonly io: Server;

  private constructor(private readonly http: HttpServer) {
    this.io = new Server(http, { serveClient: false });
    this.io.use((socket, next) => {
      const token: unknown = socket.handshake.auth.token;
      this.handshakes.push(token);
      this.origins.push(socket.handshake.headers.origin);
      if (typeof token === "string" && this.accepted.has(token)) next();
      else next(new Error("unauthenticated: token expired"));
    });
  }

  static async start(): Promise<FakeRealtimeServer> {
    const server = new FakeRealtimeServer(createServer());
    await new Promise<void>((resolve) => server.http.listen(0, "127.0.0.1", resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  emit(event: string, payload: unknown): void {
    this.io.emit(event, payload);
  }

  async connected(): Promise<Socket[]> {
    return this.io.fetchSockets() as unknown as Promise<Socket[]>;
  }

  /** The server closes every link on purpose ("io server disconnect"). */
  kickAll(): void {
    this.io.disconnectSockets(true);
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await this.io.close();
  }
}
