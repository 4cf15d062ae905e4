import { ServerEvents, type RealtimeState, type ServerEventName, type ServerEventPayload, type SessionEndReason } from "@handoff/contract";
import type { Socket } from "socket.io-client";
import { parseUrl, type Clock, type ClientLog } from "./host";
import type { Transport } from "./transport";

/** A validated server event other than session.ended (which ends the session instead). */
export type RealtimeEventName = Exclude<ServerEventName, "session.ended">;
export type RealtimeEvent = { [N in RealtimeEventName]: { name: N; payload: ServerEventPayload<N> } }[RealtimeEventName];

/**
 * The socket.io link of one session (bearer token in `auth.token`, read afresh on every
 * attempt, so a renewed token is used without rebuilding the socket).
 *
 *   offline ──start──▶ connecting ──▶ connected ◀──▶ reconnecting
 *      ▲                  │                │               │
 *      └──────────────────┴────────── stop ────────────────┘
 *
 * No answer: socket.io reconnects by itself (1 s, growing to 10 s, randomized).
 * Handshake refused: socket.io gives up, so the session renews the token (unless a
 * fresher one is there already) and the link retries after 0.5 s, doubling to 30 s.
 * Closed by the server without session.ended: retried the same way, with the current token.
 * session.ended: reported to the session, which stops the link; nothing reconnects.
 */

const TRANSITIONS: Readonly<Record<RealtimeState, readonly RealtimeState[]>> = {
  offline: ["connecting"],
  connecting: ["connected", "reconnecting", "offline"],
  connected: ["reconnecting", "offline"],
  reconnecting: ["connected", "offline"],
};

export class IllegalRealtimeTransitionError extends Error {
  override readonly name = "IllegalRealtimeTransitionError";
}

export interface RealtimeLinkOptions {
  /** Normalized server URL (server-url.ts). */
  serverUrl: string;
  transport: Transport;
  clock: Clock;
  log: ClientLog;
  token(): string | null;
  /** The server refused a handshake made with `token`: resolves when a retry may go, rejects when the session is over. */
  refused(token: string): Promise<void>;
  onEvent(event: RealtimeEvent): void;
  onState(state: RealtimeState): void;
  onSessionEnded(reason: SessionEndReason): void;
}

const REFUSED_RETRY_FIRST_MS = 500;
const REFUSED_RETRY_MAX_MS = 30_000;

export class RealtimeLink {
  private socket: Socket | null = null;
  private current: RealtimeState = "offline";
  private retryTimer: unknown = null;
  private refusals = 0;
  /** The token the latest handshake carried. */
  private sentToken = "";

  constructor(private readonly options: RealtimeLinkOptions) {}

  get state(): RealtimeState {
    return this.current;
  }

  start(): void {
    if (this.socket !== null) return;
    const base = parseUrl(this.options.serverUrl);
    const socket = this.options.transport.connect(base.origin, {
      // A path in the server URL is the API's mount point, not a socket.io namespace.
      path: `${base.pathname.replace(/\/+$/, "")}/socket.io`,
      autoConnect: false,
      forceNew: true,
      transports: ["websocket"],
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 10_000,
      auth: (send) => {
        this.sentToken = this.options.token() ?? "";
        send({ token: this.sentToken });
      },
    });
    this.socket = socket;

    socket.on("connect", () => {
      this.refusals = 0;
      this.transition("connected");
    });
    socket.on("disconnect", () => {
      if (this.socket !== socket) return;
      this.transition("reconnecting");
      // Closed on purpose by the server ("io server disconnect"): socket.io will not retry by itself.
      if (!socket.active) this.retry(socket, this.nextRefusalDelay());
    });
    socket.on("connect_error", (error) => {
      if (this.socket !== socket) return;
      if (this.current !== "connecting") this.transition("reconnecting");
      // Inactive after connect_error: the server's middleware refused the handshake.
      if (!socket.active) this.afterRefusal(socket, error.message);
    });
    for (const name of Object.keys(ServerEvents) as ServerEventName[]) {
      socket.on(name, (payload: unknown) => this.receive(name, payload));
    }
    this.transition("connecting");
    socket.connect();
  }

  stop(): void {
    const socket = this.socket;
    this.socket = null;
    this.clearRetry();
    if (socket !== null) {
      socket.removeAllListeners();
      socket.disconnect();
    }
    if (this.current !== "offline") this.transition("offline");
  }

  private receive(name: ServerEventName, payload: unknown): void {
    const parsed = ServerEvents[name].safeParse(payload);
    if (!parsed.success) {
      this.options.log.warn(`dropped a ${name} event that does not match the contract`, { issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
      return;
    }
    const event = { name, payload: parsed.data } as RealtimeEvent | { name: "session.ended"; payload: ServerEventPayload<"session.ended"> };
    if (event.name === "session.ended") this.options.onSessionEnded(event.payload.reason);
    else this.options.onEvent(event);
  }

  private afterRefusal(socket: Socket, why: string): void {
    const delay = this.nextRefusalDelay();
    this.options.log.info(`real-time link refused (${why}); retrying in ${delay} ms`);
    this.options.refused(this.sentToken).then(
      () => this.retry(socket, delay),
      // The session is over (it stops this link), or the renewal failed for now: the old token may still do.
      () => this.retry(socket, delay),
    );
  }

  private nextRefusalDelay(): number {
    const delay = Math.min(REFUSED_RETRY_MAX_MS, REFUSED_RETRY_FIRST_MS * 2 ** Math.min(this.refusals, 6));
    this.refusals += 1;
    return delay;
  }

  private retry(socket: Socket, delay: number): void {
    if (this.socket !== socket) return;
    this.clearRetry();
    this.retryTimer = this.options.clock.setTimeout(() => {
      this.retryTimer = null;
      if (this.socket === socket && !socket.connected) socket.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.options.clock.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private transition(next: RealtimeState): void {
    if (next === this.current) return;
    if (!TRANSITIONS[this.current].includes(next)) throw new IllegalRealtimeTransitionError(`The real-time link cannot go from ${this.current} to ${next}.`);
    this.current = next;
    this.options.onState(next);
  }
}
