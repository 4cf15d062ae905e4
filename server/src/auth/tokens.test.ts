import { describe, expect, it } from "vitest";
import { InvalidTokenError, TokenService } from "./tokens";

const SECRET = "a-test-secret-of-at-least-32-characters!";
const T0 = Date.parse("2026-11-21T08:00:00Z");

function service(clock: { now: number }, secret = SECRET) {
  return new TokenService(secret, 900, () => clock.now);
}

describe("TokenService", () => {
  it("verifies what it issued, the first time and again from memory", async () => {
    const clock = { now: T0 };
    const tokens = service(clock);
    const { token, expiresAt } = await tokens.issue({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" }, new Date(T0));
    expect(expiresAt).toBe("2026-11-21T08:15:00.000Z");
    expect(await tokens.verify(token)).toEqual({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" });
    expect(await tokens.verify(token)).toEqual({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" });
  });

  it("refuses a token whose signature was changed, even after the genuine one was remembered", async () => {
    const tokens = service({ now: T0 });
    const { token } = await tokens.issue({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" }, new Date(T0));
    await tokens.verify(token);
    const last = token.at(-1) === "A" ? "B" : "A";
    await expect(tokens.verify(token.slice(0, -1) + last)).rejects.toThrow(InvalidTokenError);
    await expect(tokens.verify(token.replace(/\.[^.]+\./, ".eyJzdWIiOiJhZ2VudC0yIiwicm9sZSI6InN1cGVydmlzb3IifQ."))).rejects.toThrow("not valid");
  });

  it("refuses a token signed with another secret", async () => {
    const { token } = await service({ now: T0 }, "another-secret-of-at-least-32-characters").issue({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" }, new Date(T0));
    await expect(service({ now: T0 }).verify(token)).rejects.toThrow("not valid");
  });

  it("stops accepting a remembered token the moment it expires", async () => {
    const clock = { now: T0 };
    const tokens = service(clock);
    const { token } = await tokens.issue({ agentId: "agent-1", role: "bot", sessionId: "session-1", tokenId: "token-1" }, new Date(T0));
    await tokens.verify(token);
    clock.now = T0 + 900_000 - 1;
    expect(await tokens.verify(token)).toEqual({ agentId: "agent-1", role: "bot", sessionId: "session-1", tokenId: "token-1" });
    clock.now = T0 + 900_000;
    await expect(tokens.verify(token)).rejects.toThrow("expired");
    // Forgotten, and refused again by the signature check.
    await expect(tokens.verify(token)).rejects.toThrow("expired");
  });

  it("refuses an expired token it never saw", async () => {
    const clock = { now: T0 };
    const { token } = await service(clock).issue({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" }, new Date(T0 - 901_000));
    await expect(service(clock).verify(token)).rejects.toThrow("expired");
  });

  it("refuses a correctly signed token that names no session", async () => {
    const { SignJWT } = await import("jose");
    const token = await new SignJWT({ role: "agent" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("agent-1")
      .setIssuer("handoff-server")
      .setAudience("handoff-app")
      .setExpirationTime(T0 / 1000 + 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(service({ now: T0 }).verify(token)).rejects.toThrow("names no session");
  });

  it("never issues a token living past the session's maximum age", async () => {
    const { expiresAt } = await service({ now: T0 }).issue({ agentId: "agent-1", role: "agent", sessionId: "session-1", tokenId: "token-1" }, new Date(T0), new Date(T0 + 60_000));
    expect(expiresAt).toBe("2026-11-21T08:01:00.000Z");
  });

  it("refuses an unsigned token (alg none)", async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const unsigned = `${encode({ alg: "none" })}.${encode({ sub: "agent-1", role: "supervisor", iss: "handoff-server", aud: "handoff-app", exp: T0 / 1000 + 60 })}.`;
    await expect(service({ now: T0 }).verify(unsigned)).rejects.toThrow("not valid");
  });
});
