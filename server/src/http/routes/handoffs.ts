import { HandoffRequest, HandoffResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { TokenService } from "../../auth/tokens";
import type { TransferEngine } from "../../pbx/transfer-engine";
import { callerOf, guard } from "../auth-guard";

export const handoffsRoutes: FastifyPluginAsyncZod<{ tokens: TokenService; engine: TransferEngine }> = async (app, { tokens, engine }) => {
  app.post("/api/handoffs", { schema: { body: HandoffRequest, response: { 202: HandoffResponse } }, preHandler: guard(tokens, ["bot"]) }, async (request, reply) => {
    const transfer = await engine.handoff(callerOf(request), request.body);
    return reply.status(202).send({ transfer });
  });
};
