import { CallHistoryQuery, CallHistoryResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { CallsStore } from "../../store/calls";
import { callerOf, guard } from "../auth-guard";
import { HttpError } from "../http-error";

export const callsRoutes: FastifyPluginAsyncZod<{ sessions: SessionService; calls: CallsStore }> = async (app, { sessions, calls }) => {
  app.get("/api/calls/history", { schema: { querystring: CallHistoryQuery, response: { 200: CallHistoryResponse } }, preHandler: guard(sessions, ["agent", "supervisor"]) }, async (request) => {
    const caller = callerOf(request);
    // An agent sees their own calls; a supervisor everyone's, or one agent's.
    if (caller.role !== "supervisor" && request.query.agentId !== undefined && request.query.agentId !== caller.agentId) throw new HttpError("forbidden", "Only a supervisor may see another agent's calls.");
    if (caller.role !== "supervisor") return { calls: await calls.history(caller.agentId) };
    return { calls: await calls.history(request.query.agentId ?? null) };
  });
};
