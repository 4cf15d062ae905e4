import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A small in-process HTTP server speaking the Handoff API's shapes, for
 * testing the real axios-based client over a real socket. Each test sets the
 * answers of the routes it uses; every request is recorded.
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
  | { drop: true };

export type RouteHandler = (request: RecordedRequest) => Answer | Promise<Answer>;

export class FakeHandoffServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, RouteHandler>();
  private readonly sockets = new Set<Socket>();

  private constructor(readonly http: Server) {
    http.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<FakeHandoffServer> {
    const server = new FakeHandoffServer(createServer());
    server.http.on("request", (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const url = new URL(request.url ?? "/", "http://fake");
        const text = Buffer.concat(chunks).toString("utf8");
        const recorded: RecordedRequest = { method: request.method ?? "GET", path: url.pathname, query: url.searchParams, headers: request.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
        server.requests.push(recorded);
        void server.answer(recorded, response);
      });
    });
    await new Promise<void>((resolve) => server.http.listen(0, "127.0.0.1", resolve));
    return server;
  }

  get url(): string {
    const { port } = this.http.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  on(method: string, path: string, handler: RouteHandler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async answer(request: RecordedRequest, response: ServerResponse): Promise<void> {
    const handler = this.routes.get(`${request.method} ${request.path}`);
    const answer: Answer = handler === undefined ? { status: 404, body: { error: { code: "not_found", message: `No route ${request.method} ${request.path}.` } } } : await handler(request);
    if ("drop" in answer) {
      response.socket?.destroy();
      return;
    }
    if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (response.destroyed) return;
    response.writeHead(answer.status, { "Content-Type": answer.text === undefined ? "application/json" : "text/html", ...answer.headers });
    response.end(answer.text ?? (answer.body === undefined ? undefined : JSON.stringify(answer.body)));
  }
}

export function errorAnswer(status: number, code: string, message: string): Answer {
  return { status, body: { error: { code, message } } };
}
