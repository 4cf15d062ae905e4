import { ServerEvents, type RealtimeState, type ServerEventName, type ServerEventPayload } from "@handoff/contract";
import { io, type Socket } from "socket.io-client";
import type { EventMethod, EventPayload, RendererSend } from "./ipc-channels";
import type { Logger } from "./logger";
import { ServerError } from "./server-error";
import type { Timers } from "./token-renewal";

/**
 * The real-time link to the server (socket.io, bearer token in `auth.token`).
 * Main holds it, not the renderer: events are validated against the contract
 * and forwarded through `send`, together with the link's own state.
 *
 *   offline ──start──▶ connecting ──▶ connected ◀──▶ reconnecting
 *      ▲                  │                │               │
 *      └──────────────────┴──── stop / session ended ──────┘
 *
 * socket.io reconnects by itself after network failures, reading the current
 * token on every attempt. When the server refuses the handshake (token
 * expired) it does not: then the token is renewed first and the link retries
 * with a growing delay; a session the server no longer accepts ends it.
 */

const FORWARDED = {
  "transfer.updated": "onTransferUpdated",
  "presence.updated": "onPresenceUpdated",
  "call.context": "onCallContext",
  "pbx.status": "onPbxStatus",
  "session.ended": "onSessionEnded",
} as const satisfies { readonly [N in ServerEventName]: EventMethod };

/** A validated server event, for main's own listeners (tray, notifications). */
export type ServerEvent = { [N in ServerEventName]: { name: N; payload: ServerEventPayload<N> } }[ServerEventName];

const TRANSITIONS: Readonly<Record<RealtimeState, readonly RealtimeState[]>> = {
  offline: ["connecting"],
  connecting: ["connected", "reconnecting", "offline"],
  connected: ["reconnecting", "offline"],
  reconnecting: ["connected", "offline"],
};

export class IllegalRealtimeTransitionError extends Error {
  override name = "IllegalRealtimeTransitionError";
}

export interface RealtimeLinkOptions {
  serverUrl: string;
  token: () => string | null;
  /** Renews the token; rejects with a ServerError when the session is over. */
  refreshToken: () => Promise<string>;
  send: RendererSend;
  /** Main's own view of each validated event. */
  observe?: (event: ServerEvent) => void;
  log: Logger;
  /** socket.io-client's io(); replaceable for tests. */
  connect?: typeof io;
  timers?: Timers;
  /** First wait after a refused handshake; doubles up to 30 s. */
  retryBaseMs?: number;
}

export class RealtimeLink {
  private socket: Socket | null = null;
  private current: RealtimeState = "offline";
  private retryTimer: unknown = null;
  private refusals = 0;

  constructor(private readonly options: RealtimeLinkOptions) {}

  get state(): RealtimeState {
    return this.current;
  }

  start(): void {
    if (this.socket !== null) return;
    const base = new URL(this.options.serverUrl);
    const socket = (this.options.connect ?? io)(base.origin, {
      path: `${base.pathname.replace(/\/?$/, "/")}socket.io`,
      autoConnect: false,
      forceNew: true,
      transports: ["websocket"],
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
      // A function, so every (re)connection attempt sends the token of that moment.
      auth: (callback) => callback({ token: this.options.token() ?? "" }),
    });
    this.socket = socket;

    socket.on("connect", () => {
      this.refusals = 0;
      this.transition("connected");
    });
    socket.on("disconnect", (reason) => {
      if (this.socket !== socket) return;
      this.transition("reconnecting");
      // "io server disconnect": the server closed us on purpose; socket.io will not retry by itself.
      if (!socket.active) this.retryWithFreshToken(socket, `server closed the link (${reason})`);
    });
    socket.on("connect_error", (error) => {
      if (this.socket !== socket) return;
      if (this.current !== "connecting") this.transition("reconnecting");
      // Inactive after connect_error means the server's middleware refused the handshake.
      if (!socket.active) this.retryWithFreshToken(socket, error.message);
    });
    for (const name of Object.keys(FORWARDED) as ServerEventName[]) {
      socket.on(name, (payload: unknown) => this.forward(name, payload));
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

  private forward(name: ServerEventName, payload: unknown): void {
    const parsed = ServerEvents[name].safeParse(payload);
    if (!parsed.success) {
      this.options.log.warn(`dropped a ${name} event that does not match the contract`, { issues: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
      return;
    }
    const event = { name, payload: parsed.data } as ServerEvent;
    this.options.send(FORWARDED[name], parsed.data as EventPayload<(typeof FORWARDED)[typeof name]>);
    // The server closes the link next; its tokens are dead, so there is nothing to reconnect with.
    if (event.name === "session.ended") this.stop();
    this.options.observe?.(event);
  }

  private retryWithFreshToken(socket: Socket, why: string): void {
    this.clearRetry();
    const delay = Math.min(30_000, (this.options.retryBaseMs ?? 1_000) * 2 ** Math.min(this.refusals, 5));
    this.refusals += 1;
    this.options.log.info(`real-time link refused (${why}); renewing the token and retrying in ${delay} ms`);
    this.options.refreshToken().then(
      () => this.scheduleConnect(socket, delay),
      (error: unknown) => {
        if (error instanceof ServerError && (error.sessionEnded || error.code === "forbidden")) {
          this.options.log.warn("real-time link stopped: the session is over", { reason: error.message });
          this.stop();
          return;
        }
        // Could not renew (network): the old token may still be fine; try again later.
        this.scheduleConnect(socket, delay);
      },
    );
  }

  private scheduleConnect(socket: Socket, delay: number): void {
    if (this.socket !== socket) return;
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (this.socket === socket && !socket.connected) socket.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private transition(next: RealtimeState): void {
    if (next === this.current) return;
    if (!TRANSITIONS[this.current].includes(next)) throw new IllegalRealtimeTransitionError(`real-time link cannot go from ${this.current} to ${next}`);
    this.current = next;
    this.options.send("onRealtimeState", next);
  }

  private get timers(): Timers {
    return this.options.timers ?? { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };
  }
}
