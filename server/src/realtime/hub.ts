import type { Server as HttpServer } from "node:http";
import type { ServerEventName, ServerEventPayload, ServerToClientEvents } from "@handoff/contract";
import { Server } from "socket.io";
import type { FastifyBaseLogger } from "fastify";
import type { TokenClaims, TokenService } from "../auth/tokens";

const roomOf = (agentId: string) => `agent:${agentId}`;

/**
 * socket.io for the apps: the same bearer token as REST, an Origin allowlist,
 * and one room per agent so each receives only what concerns it.
 */
export class RealtimeHub {
  private readonly connectListeners = new Set<(agentId: string) => void>();
  private readonly io: Server<Record<string, never>, ServerToClientEvents, Record<string, never>, { claims: TokenClaims }>;

  constructor(httpServer: HttpServer, tokens: TokenService, allowedOrigins: readonly string[], log: FastifyBaseLogger) {
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
      tokens.verify(token).then(
        (claims) => {
          socket.data.claims = claims;
          next();
        },
        (error: unknown) => next(new Error(`unauthenticated: ${error instanceof Error ? error.message : "invalid token"}`)),
      );
    });
    this.io.on("connection", (socket) => {
      const { agentId } = socket.data.claims;
      void socket.join(roomOf(agentId));
      log.debug({ agentId }, "realtime client connected");
      for (const listener of this.connectListeners) listener(agentId);
    });
  }

  /** Called for every (re)connected app, so what it missed while away can be sent again. */
  onAgentConnected(listener: (agentId: string) => void): () => void {
    this.connectListeners.add(listener);
    return () => this.connectListeners.delete(listener);
  }

  /** Sends to the named agents only (each may have several windows). */
  toAgents<E extends ServerEventName>(agentIds: readonly string[], event: E, payload: ServerEventPayload<E>): void {
    const rooms = [...new Set(agentIds)].map(roomOf);
    if (rooms.length === 0) return;
    (this.io.to(rooms).emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
  }

  /** Sends to every connected app: presence and PBX status concern all. */
  toAll<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>): void {
    (this.io.emit as (event: E, payload: ServerEventPayload<E>) => boolean)(event, payload);
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
