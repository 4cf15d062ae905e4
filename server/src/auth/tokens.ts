import { SignJWT, errors, jwtVerify } from "jose";
import type { Role } from "@handoff/contract";

const ISSUER = "handoff-server";
const AUDIENCE = "handoff-app";
// One algorithm, named: a token claiming "none" or RS256 is refused outright.
const ALGORITHM = "HS256";

export interface TokenClaims {
  agentId: string;
  role: Role;
}

export class InvalidTokenError extends Error {
  override readonly name = "InvalidTokenError";
  constructor(reason: string) {
    super(`Sign in again: ${reason}.`);
  }
}

/** Short-lived bearer tokens for agents and bots, signed with the server's secret. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string, private readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  async issue(claims: TokenClaims, now = new Date()): Promise<{ token: string; expiresAt: string }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({ role: claims.role })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(claims.agentId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
      const role = payload.role;
      if (typeof payload.sub !== "string" || (role !== "agent" && role !== "supervisor" && role !== "bot")) {
        throw new InvalidTokenError("the token does not name an agent and a role");
      }
      return { agentId: payload.sub, role };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError("the token has expired");
      throw new InvalidTokenError("the token is not valid");
    }
  }
}
