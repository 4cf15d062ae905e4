import { createServer, type IncomingHttpHeaders, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo, Socket as NetSocket } from "node:net";
import type { SessionEndReason } from "@handoff/contract";
import { Server as SocketServer } from "socket.io";

/**
 * A Handoff server in-process, on a real port: REST routes that each test answers as it
 * needs, and a real socket.io server on the same port with the hub's handshake rule (a
 * token in `auth.token`, refused with "unauthenticated: …" unless accepted). Every request
 * and every handshake is recorded.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export type Answer =
  | { status: number; body?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  /** Close the connection without answering (the request did reach the server). */
  | { drop: true; delayMs?: number };

export type RouteHandler = (request: RecordedRequest, attempt: number) => Answer | Promise<Answer>;

export class FakeHandoffServer {
  readonly requests: RecordedRequest[] = [];
  /** Tokens the socket.io handshake accepts now. */
  readonly accepted = new Set<string>();
  /** Every token a handshake carried, in order. */
  readonly handshakes: unknown[] = [];
  readonly origins: Array<string | undefined> = [];
  private readonly routes = new Map<string, RouteHandler>();
  private readonly sockets = new Set<NetSocket>();
  private readonly io: SocketServer;

  private constructor(readonly http: HttpServer) {
    http.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    http.on("request", (request, response) => {
      // socket.io answers its own path.
      if (request.url?.startsWith("/socket.io/") === true) return;
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const url = new URL(request.url ?? "/", "http://fake");
        const text = Buffer.concat(chunks).toString("utf8");
        const recorded: RecordedRequest = { method: request.method ?? "GET", path: url.pathname, query: url.searchParams, headers: request.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
        this.requests.push(recorded);
        void this.answer(recorded, response);
      });
    });
    this.io = new SocketServer(http, { serveClient: false });
    this.io.use((socket, next) => {
      const token: unknown = socket.handshake.auth.token;
      this.handshakes.push(token);
      this.origins.push(socket.handshake.headers.origin);
      if (typeof token === "string" && this.accepted.has(token)) next();
      else next(new Error("unauthenticated: token expired"));
    });
  }

  static async start(): Promise<FakeHandoffServer> {
    const server = new FakeHandoffServer(createServer());
    await new Promise<void>((resolve) => server.http.listen(0, "127.0.0.1", resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** Answers `method path`; the handler also gets how many such requests came before this one (1 for the first). */
  on(method: string, path: string, handler: RouteHandler | Answer): this {
    this.routes.set(`${method} ${path}`, typeof handler === "function" ? handler : () => handler);
    return this;
  }

  seen(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  /** Sends a real-time event to every connected app. */
  emit(event: string, payload: unknown): void {
    this.io.emit(event, payload);
  }

  /** What the hub does when a session ends: tell its sockets why, then close them. */
  endSessions(reason: SessionEndReason): void {
    this.io.emit("session.ended", { reason });
    this.io.disconnectSockets(true);
  }

  /** The server closes every link on purpose ("io server disconnect"), without saying why. */
  kickAll(): void {
    this.io.disconnectSockets(true);
  }

  async connectedCount(): Promise<number> {
    return (await this.io.fetchSockets()).length;
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await this.io.close();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async answer(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const handler = this.routes.get(`${request.method} ${request.path}`);
    const answer: Answer =
      handler === undefined ? { status: 404, body: { error: { code: "not_found", message: `No route ${request.method} ${request.path}.` } } } : await handler(request, this.seen(request.method, request.path).length);
    if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if ("drop" in answer) {
      response.socket?.destroy();
      return;
    }
    if (response.destroyed) return;
    response.writeHead(answer.status, { "Content-Type": answer.text === undefined ? "application/json" : "text/html", ...answer.headers });
    response.end(answer.text ?? (answer.body === undefined ? undefined : JSON.stringify(answer.body)));
  }
}

export function errorAnswer(status: number, code: string, message: string): Answer {
  return { status, body: { error: { code, message } } };
}
