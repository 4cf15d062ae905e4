import { HandoffRequest, HandoffResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { TransferService } from "../../transfers/service";
import { callerOf, guard } from "../auth-guard";

export const handoffsRoutes: FastifyPluginAsyncZod<{ sessions: SessionService; transfers: TransferService }> = async (app, { sessions, transfers }) => {
  app.post("/api/handoffs", { schema: { body: HandoffRequest, response: { 202: HandoffResponse } }, preHandler: guard(sessions, ["bot"]) }, async (request, reply) => {
    const transfer = await transfers.handoff(callerOf(request), request.body);
    return reply.status(202).send({ transfer });
  });
};
