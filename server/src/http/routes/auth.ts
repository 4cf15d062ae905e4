import type {} from "@fastify/rate-limit";
import { LoginRequest, LoginResponse, RenewResponse, type SipConfig } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { verifyPassword } from "../../auth/passwords";
import type { TokenService } from "../../auth/tokens";
import type { AgentRow, AgentsStore } from "../../store/agents";
import { callerOf, guard } from "../auth-guard";
import { HttpError } from "../http-error";

export interface AuthRoutesOptions {
  agents: AgentsStore;
  tokens: TokenService;
  sip: { wsServer: string; domain: string };
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

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, { agents, tokens, sip }) => {
  app.post(
    "/api/auth/login",
    {
      schema: { body: LoginRequest, response: { 200: LoginResponse } },
      // Per address and username: slows guessing without letting one user lock out a whole office.
      config: { rateLimit: { max: 10, timeWindow: "1 minute", keyGenerator: (request) => `${request.ip}|${String((request.body as { username?: unknown } | undefined)?.username ?? "")}` } },
    },
    async (request) => {
      const agent = await agents.byUsername(request.body.username);
      const valid = await verifyPassword(agent?.password_hash, request.body.password);
      if (agent === undefined || !valid) throw new HttpError("unauthenticated", "Wrong username or password.");
      const { token, expiresAt } = await tokens.issue({ agentId: agent.id, role: agent.role });
      request.log.info({ agentId: agent.id }, "signed in");
      return {
        token,
        expiresAt,
        agent: { id: agent.id, name: agent.name, username: agent.username, extension: agent.extension, role: agent.role },
        sip: sipConfigOf(agent, sip),
      };
    },
  );

  app.post(
    "/api/auth/renew",
    { schema: { response: { 200: RenewResponse } }, preHandler: guard(tokens, ["agent", "supervisor", "bot"]) },
    async (request) => {
      const agent = await agents.byId(callerOf(request).agentId);
      if (agent === undefined) throw new HttpError("unauthenticated", "This account no longer exists.");
      return tokens.issue({ agentId: agent.id, role: agent.role });
    },
  );
};
