/**
 * One signed-in user of the server under test, through its real HTTP API and
 * socket.io stream. Signs in once per run (the login is rate-limited); the
 * token outlives a server restart because the restarted server keeps the secret.
 */
import { io, type Socket } from "socket.io-client";

export interface ApiReply {
  readonly status: number;
  readonly body: { transfer?: { id: string; status: string; reason: string | null }; error?: { code: string; message: string } };
}

/** The server did not answer at all (killed, restarting): worth a retry once it is back. */
export class ServerUnreachableError extends Error {
  override readonly name = "ServerUnreachableError";
}

export class ApiUser {
  /** transfer.updated as this user's socket received them, by transfer id. */
  readonly streamed = new Map<string, string[]>();
  private readonly socket: Socket;

  constructor(
    private readonly url: string,
    readonly username: string,
    readonly agentId: string,
    private readonly token: string,
  ) {
    this.socket = io(url, { auth: { token }, transports: ["websocket"], reconnectionDelay: 250, reconnectionDelayMax: 1_000 });
    this.socket.on("transfer.updated", (transfer: { id: string; status: string }) => {
      const list = this.streamed.get(transfer.id) ?? [];
      list.push(transfer.status);
      this.streamed.set(transfer.id, list);
    });
  }

  /** Resolves once the socket is connected (at once if it is), or after `ms`. */
  reconnected(ms: number): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.socket.off("connect", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.socket.on("connect", done);
    });
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiReply> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new ServerUnreachableError(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text().catch(() => "");
    let parsed: ApiReply["body"];
    try {
      parsed = text === "" ? {} : (JSON.parse(text) as ApiReply["body"]);
    } catch {
      parsed = { error: { code: "not_json", message: text.slice(0, 200) } };
    }
    return { status: response.status, body: parsed };
  }

  /** The transfer's status as GET /api/transfers/:id says now; null when the server cannot say. */
  async status(id: string): Promise<string | null> {
    try {
      const reply = await this.request("GET", `/api/transfers/${id}`);
      return reply.status === 200 ? (reply.body.transfer?.status ?? null) : null;
    } catch {
      return null;
    }
  }

  close(): void {
    this.socket.close();
  }
}
