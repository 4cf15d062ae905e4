import { webcrypto } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";
import type { Role } from "@handoff/contract";

const ISSUER = "handoff-server";
const AUDIENCE = "handoff-app";
// One algorithm, named: a token claiming "none" or RS256 is refused outright.
const ALGORITHM = "HS256";

export interface TokenClaims {
  agentId: string;
  role: Role;
  /** The sign-in session the token belongs to (sid). */
  sessionId: string;
  /** This token's own id (jti): a session accepts one at a time. */
  tokenId: string;
}

export class InvalidTokenError extends Error {
  override readonly name = "InvalidTokenError";
  constructor(reason: string) {
    super(`Sign in again: ${reason}.`);
  }
}

/** How many verified tokens are remembered: a few per signed-in agent and bot. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Short-lived bearer tokens for agents and bots, signed with the server's secret.
 *
 * Every request and socket carries a token, and a transfer must reach Asterisk
 * within a millisecond of its request: so the HMAC key is imported once (jose
 * would import a raw secret on every call) and a token that verified is
 * remembered with its expiry, so the next request with the very same string
 * costs a map lookup. Only a token whose signature verified is remembered.
 */
export class TokenService {
  private readonly key: Promise<webcrypto.CryptoKey>;
  private readonly verified = new Map<string, { claims: TokenClaims; expiresAtMs: number }>();

  constructor(secret: string, private readonly ttlSeconds: number, private readonly nowMs: () => number = Date.now) {
    this.key = webcrypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  }

  /** How long a token lives at most: a session not renewed within it after a restart has lapsed. */
  get lifetimeMs(): number {
    return this.ttlSeconds * 1000;
  }

  /** A token for the claims, living the configured time but never past `notAfter` (the session's maximum age). */
  async issue(claims: TokenClaims, now = new Date(), notAfter?: Date): Promise<{ token: string; expiresAt: string; expiresAtMs: number }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = Math.min(issuedAt + this.ttlSeconds, notAfter === undefined ? Infinity : Math.floor(notAfter.getTime() / 1000));
    const token = await new SignJWT({ role: claims.role, sid: claims.sessionId })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(claims.agentId)
      .setJti(claims.tokenId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(await this.key);
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString(), expiresAtMs: expiresAt * 1000 };
  }

  async verify(token: string): Promise<TokenClaims> {
    return (await this.verifyWithExpiry(token)).claims;
  }

  /** The claims and when the token expires (the moment a socket opened with it must close). */
  async verifyWithExpiry(token: string): Promise<{ claims: TokenClaims; expiresAtMs: number }> {
    const remembered = this.verified.get(token);
    if (remembered !== undefined) {
      if (this.nowMs() < remembered.expiresAtMs) return remembered;
      this.verified.delete(token);
      throw new InvalidTokenError("the token has expired");
    }
    const { claims, expiresAtMs } = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_CACHE_SIZE) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { claims, expiresAtMs });
    return { claims, expiresAtMs };
  }

  private async verifySignature(token: string): Promise<{ claims: TokenClaims; expiresAtMs: number }> {
    try {
      const { payload } = await jwtVerify(token, await this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        currentDate: new Date(this.nowMs()),
        requiredClaims: ["exp"],
      });
      const role = payload.role;
      if (typeof payload.sub !== "string" || (role !== "agent" && role !== "supervisor" && role !== "bot")) {
        throw new InvalidTokenError("the token does not name an agent and a role");
      }
      if (typeof payload.sid !== "string" || typeof payload.jti !== "string") throw new InvalidTokenError("the token names no session");
      return { claims: { agentId: payload.sub, role, sessionId: payload.sid, tokenId: payload.jti }, expiresAtMs: (payload.exp ?? 0) * 1000 };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError("the token has expired");
      throw new InvalidTokenError("the token is not valid");
    }
  }
}
