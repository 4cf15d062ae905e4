import { CallHistoryResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { CallsStore } from "../../store/calls";
import { callerOf, guard } from "../auth-guard";

export const callsRoutes: FastifyPluginAsyncZod<{ sessions: SessionService; calls: CallsStore }> = async (app, { sessions, calls }) => {
  app.get("/api/calls/history", { schema: { response: { 200: CallHistoryResponse } }, preHandler: guard(sessions, ["agent", "supervisor"]) }, async (request) => {
    const caller = callerOf(request);
    return { calls: await calls.history(caller.role === "supervisor" ? null : caller.agentId) };
  });
};
