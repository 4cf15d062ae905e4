import { ServerEvents, type RealtimeState, type ServerEventName, type ServerToClientEvents } from "@handoff/contract";
import { io, type Socket } from "socket.io-client";

export interface RealtimeCallbacks {
  events: ServerToClientEvents;
  state(state: RealtimeState): void;
  /** The server refused the token at the handshake: renew it; true means try again. */
  refused(): Promise<boolean>;
}

const RETRY_AFTER_REFUSAL_MS = 2_000;

/**
 * The socket.io link of web mode. Every event is parsed with the contract's
 * schema before anyone sees it; the token is read at each (re)connection, so
 * a renewed one is used without rebuilding the socket.
 */
export class WebRealtime {
  private socket: Socket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly serverUrl: string,
    private readonly token: () => string | null,
    private readonly callbacks: RealtimeCallbacks,
  ) {}

  open(): void {
    const url = new URL(this.serverUrl);
    // A path in the server URL is a mount point, not a socket.io namespace.
    const socket = io(url.origin, {
      path: `${url.pathname.replace(/\/+$/, "")}/socket.io`,
      transports: ["websocket"],
      auth: (send) => send({ token: this.token() ?? "" }),
      reconnectionDelayMax: 10_000,
    });
    for (const name of Object.keys(ServerEvents) as ServerEventName[]) {
      socket.on(name, (payload: unknown) => {
        const parsed = ServerEvents[name].safeParse(payload);
        if (!parsed.success) {
          console.warn(`Ignored a malformed "${name}" event from the server.`, parsed.error.issues);
          return;
        }
        (this.callbacks.events[name] as (payload: unknown) => void)(parsed.data);
      });
    }
    socket.on("connect", () => this.callbacks.state("connected"));
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") {
        this.callbacks.state("offline");
        return;
      }
      this.callbacks.state("reconnecting");
      // The server closing us on purpose (a restart, an expired token) is the one case socket.io does not retry.
      if (reason === "io server disconnect") this.retryTimer = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
    });
    socket.on("connect_error", () => {
      // socket.active is false when the server's middleware refused us: socket.io will not retry by itself.
      if (socket.active) {
        this.callbacks.state("reconnecting");
        return;
      }
      void this.callbacks.refused().then((again) => {
        if (!again || this.socket !== socket) {
          this.callbacks.state("offline");
          return;
        }
        this.callbacks.state("reconnecting");
        this.retryTimer = setTimeout(() => socket.connect(), RETRY_AFTER_REFUSAL_MS);
      });
    });
    this.socket = socket;
    this.callbacks.state("connecting");
  }

  close(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket !== null) {
      socket.removeAllListeners();
      socket.disconnect();
      this.callbacks.state("offline");
    }
  }
}
