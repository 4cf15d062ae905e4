import type { Server as HttpServer } from "node:http";
import type { ServerEventName, ServerEventPayload, ServerToClientEvents, SessionEndReason } from "@handoff/contract";
import { Server } from "socket.io";
import type { Adapter } from "socket.io-adapter";
import type { FastifyBaseLogger } from "fastify";
import type { SessionService } from "../auth/sessions";
import type { TokenClaims } from "../auth/tokens";
import type { PeerEvents } from "../cluster/peer-events";

export const agentRoomOf = (agentId: string) => `agent:${agentId}`;
const roomOf = agentRoomOf;
const sessionRoomOf = (sessionId: string) => `session:${sessionId}`;
/** Rooms by what a socket's agent may see beyond their own events: supervisors', and each queue's. */
export const SUPERVISORS_ROOM = "role:supervisor";
export const queueRoomOf = (queue: string) => `queue:${queue}`;

/** Windows one sign-in may hold open at once: a few app windows, not a fan-out from a leaked token. */
export const DEFAULT_SOCKETS_PER_SESSION = 5;

/**
 * socket.io for the apps: the same bearer token as REST (its session must be live),
 * an Origin allowlist, one room per agent so each receives only what concerns it,
 * and one per session so a session's sockets are told, then closed, when it ends.
 */
export class RealtimeHub {
  private readonly connectListeners = new Set<(agentId: string) => void>();
  private roomsOf: (claims: TokenClaims) => readonly string[] = () => [];
  private readonly io: Server<Record<string, never>, ServerToClientEvents, PeerEvents, { claims: TokenClaims }>;
  /** With several replicas: the events each replica sends to its own sockets only (cluster/replica-local-events.ts). */
  private localEvents: ReadonlySet<ServerEventName> = new Set();

  /** Open sockets per session, counted from the handshake that admits them to their disconnect. */
  private readonly perSession = new Map<string, number>();

  constructor(httpServer: HttpServer, sessions: SessionService, allowedOrigins: readonly string[], log: FastifyBaseLogger, socketsPerSession = DEFAULT_SOCKETS_PER_SESSION) {
    this.io = new Server(httpServer, {
      serveClient: false,
      cors: { origin: [...allowedOrigins] },
      // A browser always sends Origin: refuse pages other than ours (the web app this
      // server serves, or an allowlisted one). Non-browser clients (Electron main)
      // send none and still need a valid token.
      allowRequest: (request, callback) => {
        const origin = request.headers.origin;
        const host = request.headers.host;
        const sameOrigin = host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
        callback(null, origin === undefined || sameOrigin || allowedOrigins.includes(origin));
      },
    });
    this.io.use((socket, next) => {
      const token: unknown = socket.handshake.auth.token;
      if (typeof token !== "string") return next(new Error("unauthenticated: send auth.token"));
      sessions.verify(token).then(
        ({ claims }) => {
          const open = this.perSession.get(claims.sessionId) ?? 0;
          if (open >= socketsPerSession) {
            return next(new Error(`too many connections: this sign-in already has ${socketsPerSession} real-time connections open; close another window of the app`));
          }
          // Counted here, synchronously, so simultaneous handshakes cannot all slip under the cap.
          this.perSession.set(claims.sessionId, open + 1);
          socket.data.claims = claims;
          next();
        },
        (error: unknown) => next(new Error(`unauthenticated: ${error instanceof Error ? error.message : "invalid token"}`)),
      );
    });
    this.io.on("connection", (socket) => {
      const { agentId, sessionId } = socket.data.claims;
      socket.on("disconnect", () => {
        const open = (this.perSession.get(sessionId) ?? 1) - 1;
        if (open <= 0) this.perSession.delete(sessionId);
        else this.perSession.set(sessionId, open);
      });
      void socket.join([roomOf(agentId), sessionRoomOf(sessionId), ...(socket.data.claims.role === "supervisor" ? [SUPERVISORS_ROOM] : []), ...this.roomsOf(socket.data.claims)]);
      log.debug({ agentId }, "realtime client connected");
      for (const listener of this.connectListeners) listener(agentId);
    });
  }

  /** Tells every socket of the session why it ends, then closes them (they must not reconnect with its tokens). */
  endSession(sessionId: string, reason: SessionEndReason): void {
    const room = this.io.to(sessionRoomOf(sessionId));
    room.emit("session.ended", { reason });
    // The event is written to each socket before its close packet, so it arrives first.
    room.disconnectSockets(true);
  }

  /** Called for every (re)connected app, so what it missed while away can be sent again. */
  onAgentConnected(listener: (agentId: string) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** Which further rooms a socket joins at connect (the queues its agent may join). */
  joinRoomsBy(roomsOf: (claims: TokenClaims) => readonly string[]): void {
    this.roomsOf = roomsOf;
  }

  /** Joins the other replicas through socket.io's adapter; `localEvents` stay on this replica's sockets. */
  useAdapter(adapter: (nsp: unknown) => Adapter, localEvents: ReadonlySet<ServerEventName>): void {
    this.io.adapter(adapter as never);
    this.localEvents = localEvents;
  }

  /** Tells the other replicas something only this one learnt. */
  toPeers<E extends keyof PeerEvents>(event: E, ...payload: Parameters<PeerEvents[E]>): void {
    (this.io.serverSideEmit as (event: E, ...payload: Parameters<PeerEvents[E]>) => boolean)(event, ...payload);
  }

  onPeers<E extends keyof PeerEvents>(event: E, listener: PeerEvents[E]): void {
    (this.io.on as (event: E, listener: PeerEvents[E]) => void)(event, listener);
  }

  /** Sends to the sockets of these rooms, each once. */
  toRooms<E extends ServerEventName>(rooms: readonly string[], event: E, payload: ServerEventPayload<E>): void {
    if (rooms.length === 0) return;
    (this.reach(event).to([...rooms]).emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  /** Sends to the named agents only (each may have several windows). */
  toAgents<E extends ServerEventName>(agentIds: readonly string[], event: E, payload: ServerEventPayload<E>): void {
    const rooms = [...new Set(agentIds)].map(roomOf);
    if (rooms.length === 0) return;
    (this.reach(event).to(rooms).emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  /** Sends to every connected app: presence and PBX status concern all. */
  toAll<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    (this.reach(event).emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  /** Every replica's sockets, or this replica's only for what each replica computes itself. */
  private reach(event: ServerEventName) {
    return this.localEvents.has(event) ? this.io.local : this.io;
  }

  get connectedCount(): number {
    return this.io.engine.clientsCount;
  }

  /**
   * Drops every app's connection at the transport level, as a network fault would,
   * so their clients reconnect by themselves once the server is back.
   */
  close(): void {
    this.io.engine.close();
  }
}
