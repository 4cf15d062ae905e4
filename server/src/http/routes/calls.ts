import { CallHistoryResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { TokenService } from "../../auth/tokens";
import type { CallsStore } from "../../store/calls";
import { callerOf, guard } from "../auth-guard";

export const callsRoutes: FastifyPluginAsyncZod<{ tokens: TokenService; calls: CallsStore }> = async (app, { tokens, calls }) => {
  app.get("/api/calls/history", { schema: { response: { 200: CallHistoryResponse } }, preHandler: guard(tokens, ["agent", "supervisor"]) }, async (request) => {
    const caller = callerOf(request);
    return { calls: await calls.history(caller.role === "supervisor" ? null : caller.agentId) };
  });
};
