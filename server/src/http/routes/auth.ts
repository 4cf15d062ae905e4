import type {} from "@fastify/rate-limit";
import { LoginRequest, LoginResponse, LogoutResponse, RenewResponse, type SipConfig } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { SignInsBusyError, type PasswordChecks } from "../../auth/password-checks";
import type { SessionService } from "../../auth/sessions";
import { InvalidTokenError } from "../../auth/tokens";
import type { AgentRow, AgentsStore } from "../../store/agents";
import { bearerToken, callerOf, guard } from "../auth-guard";
import { HttpError } from "../http-error";
import { LoginBudget } from "../login-budget";

export interface AuthRoutesOptions {
  agents: AgentsStore;
  sessions: SessionService;
  passwords: PasswordChecks;
  sip: { wsServer: string; domain: string };
  /** Login attempts per minute from one address, whatever the usernames (a guesser cycling names). */
  loginsPerAddressPerMinute: number;
}

function sipConfigOf(agent: AgentRow, sip: AuthRoutesOptions["sip"]): SipConfig | null {
  if (agent.extension === null || agent.sip_password === null) return null;
  return {
    wsServer: sip.wsServer,
    aor: `sip:${agent.extension}@${sip.domain}`,
    authorizationUsername: agent.extension,
    authorizationPassword: agent.sip_password,
    displayName: agent.name,
  };
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { agents, sessions, passwords, sip, loginsPerAddressPerMinute }) => {
  // Two budgets: per address (a flood of made-up names from one place) and, inside it, per
  // address and username (slows guessing one password without locking a whole office out).
  const perAddress = app.rateLimit({ max: loginsPerAddressPerMinute, timeWindow: "1 minute", keyGenerator: (request) => `login:${request.ip}` });
  const perUsername = new LoginBudget(10, 60_000);
  app.post(
    "/api/auth/login",
    {
      schema: { body: LoginRequest, response: { 200: LoginResponse } },
      preHandler: perAddress,
    },
    async (request, reply) => {
      if (!perUsername.take(`${request.ip}|${request.body.username}`)) throw new HttpError("rate_limited", "Too many attempts. Wait a minute and try again.");
      const agent = await agents.byUsername(request.body.username);
      let valid: boolean;
      try {
        valid = await passwords.check(agent?.password_hash, request.body.password);
      } catch (error) {
        if (!(error instanceof SignInsBusyError)) throw error;
        void reply.header("retry-after", "3");
        throw new HttpError("rate_limited", error.message);
      }
      if (agent === undefined || !valid) throw new HttpError("unauthenticated", "Wrong username or password.");
      const { token, expiresAt } = await sessions.start({ id: agent.id, role: agent.role });
      request.log.info({ agentId: agent.id }, "signed in");
      return {
        token,
        expiresAt,
        agent: { id: agent.id, name: agent.name, username: agent.username, extension: agent.extension, role: agent.role },
        sip: sipConfigOf(agent, sip),
      };
    },
  );

  // Not behind the guard: renewing a token that was already renewed must reach the session, which then ends.
  app.post("/api/auth/renew", { schema: { response: { 200: RenewResponse } } }, async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new HttpError("unauthenticated", "Sign in first: send Authorization: Bearer <token>.");
    try {
      const { token: renewed, expiresAt } = await sessions.renew(token);
      return { token: renewed, expiresAt };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new HttpError("unauthenticated", error.message);
      throw error;
    }
  });

  app.post("/api/auth/logout", { schema: { response: { 200: LogoutResponse } }, preHandler: guard(sessions, ["agent", "supervisor", "bot"]) }, async (request) => {
    const { sessionId, agentId } = callerOf(request);
    await sessions.end(sessionId, "signed_out");
    request.log.info({ agentId }, "signed out");
    return { signedOut: true as const };
  });
};
