import type { Role } from "@handoff/contract";
import type { FastifyRequest } from "fastify";
import type { SessionService } from "../auth/sessions";
import { InvalidTokenError, type TokenClaims } from "../auth/tokens";
import { HttpError } from "./http-error";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the guard on every protected route; absent elsewhere. */
    caller?: TokenClaims;
  }
}

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header ?? "");
  return match?.[1] ?? null;
}

/** A preHandler that admits only a valid token of a live session, of one of the given roles. */
export function guard(sessions: SessionService, roles: readonly Role[]) {
  return async (request: FastifyRequest): Promise<void> => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new HttpError("unauthenticated", "Sign in first: send Authorization: Bearer <token>.");
    let claims: TokenClaims;
    try {
      claims = (await sessions.verify(token)).claims;
    } catch (error) {
      throw new HttpError("unauthenticated", error instanceof InvalidTokenError ? error.message : "Sign in again.");
    }
    if (!roles.includes(claims.role)) {
      throw new HttpError("forbidden", `This needs the role ${roles.join(" or ")}; you are signed in as ${claims.role}.`);
    }
    request.caller = claims;
  };
}

/** The caller a guard admitted; a route without a guard calling this is a bug. */
export function callerOf(request: FastifyRequest): TokenClaims {
  if (request.caller === undefined) throw new Error("route has no auth guard");
  return request.caller;
}
