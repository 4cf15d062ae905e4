import { ExecuteTransferRequest, IdempotencyKey, TransferIdParams, TransferResponse, TrunksResponse, type TrunkSummary } from "@handoff/contract";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { SessionService } from "../../auth/sessions";
import type { TransferService } from "../../transfers/service";
import { callerOf, guard } from "../auth-guard";
import type { IdempotentRunner } from "../idempotency";

export interface TransfersRoutesOptions {
  sessions: SessionService;
  transfers: TransferService;
  idempotency: IdempotentRunner;
  /** Trunks to other PBXs (HANDOFF_TRUNKS): names and labels only, never hosts or credentials. */
  trunks: readonly TrunkSummary[];
  /** With several replicas: sends a request about a transfer another replica follows to that replica (cluster/transfer-forwarding.ts). */
  forward?: (transferId: string, request: FastifyRequest) => Promise<{ statusCode: number; body: unknown } | null>;
}

export const transfersRoutes: FastifyPluginAsyncZod<TransfersRoutesOptions> = async (app, { sessions, transfers, idempotency, trunks, forward }) => {
  const humans = guard(sessions, ["agent", "supervisor"]);
  const answer = { trunks: trunks.map(({ name, label }) => ({ name, label })) };

  app.get("/api/transfers/trunks", { schema: { response: { 200: TrunksResponse } }, preHandler: guard(sessions, ["agent", "supervisor", "bot"]) }, async () => answer);

  app.post(
    "/api/transfers/execute",
    {
      schema: {
        body: ExecuteTransferRequest,
        headers: z.object({ "idempotency-key": IdempotencyKey }),
        response: { 202: TransferResponse },
      },
      preHandler: humans,
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { statusCode, body } = await idempotency.run(caller.agentId, request.headers["idempotency-key"], request.body, async () => ({
        statusCode: 202,
        body: { transfer: await transfers.execute(caller, request.body) },
      }));
      // A replayed refusal keeps its own status (4xx) and error body; only 202 has a schema.
      return reply.status(statusCode as 202).send(body as never);
    },
  );

  // Complete and cancel act on what the following replica holds in memory: another replica passes them on.
  app.post("/api/transfers/:id/complete", { schema: { params: TransferIdParams, response: { 200: TransferResponse } }, preHandler: humans }, async (request, reply) => {
    const forwarded = await forward?.(request.params.id, request);
    // The follower's own answer, whatever its status: its schema was checked there.
    if (forwarded != null) return reply.status(forwarded.statusCode as 200).send(forwarded.body as never);
    return { transfer: await transfers.complete(callerOf(request), request.params.id) };
  });

  app.post("/api/transfers/:id/cancel", { schema: { params: TransferIdParams, response: { 200: TransferResponse } }, preHandler: humans }, async (request, reply) => {
    const forwarded = await forward?.(request.params.id, request);
    if (forwarded != null) return reply.status(forwarded.statusCode as 200).send(forwarded.body as never);
    return { transfer: await transfers.cancel(callerOf(request), request.params.id) };
  });

  // A bot follows its own handoffs here too; the service checks whose transfer it is.
  app.get("/api/transfers/:id", { schema: { params: TransferIdParams, response: { 200: TransferResponse } }, preHandler: guard(sessions, ["agent", "supervisor", "bot"]) }, async (request) => ({
    transfer: await transfers.get(callerOf(request), request.params.id),
  }));
};
