import {
  AgentQueueStateResponse,
  AgentRefParams,
  BoardSnapshot,
  CallIdParams,
  DispositionRequest,
  DispositionResponse,
  EndPauseRequest,
  PauseRequest,
  QueueFiguresResponse,
  QueueSelectionRequest,
  QueueSettings,
  SupervisorAuditQuery,
  SupervisorAuditResponse,
} from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { SupervisorBoard } from "../../queues/board";
import type { QueueWork } from "../../queues/service";
import { settingsOf } from "../../queues/settings";
import type { QueueWorkStore } from "../../store/queue-work";
import { callerOf, guard } from "../auth-guard";
import { HttpError } from "../http-error";

export interface QueuesRoutesOptions {
  sessions: SessionService;
  work: QueueWork;
  board: SupervisorBoard;
  store: QueueWorkStore;
  queues: ReadonlyMap<string, string>;
}

/** Queue membership, pauses, dispositions, figures, the board and its audit trail (contract/src/queues.ts lists them). */
export const queuesRoutes: FastifyPluginAsyncZod<QueuesRoutesOptions> = async (app, { sessions, work, board, store, queues }) => {
  const humans = guard(sessions, ["agent", "supervisor"]);
  const supervisors = guard(sessions, ["supervisor"]);
  const agentIdOf = (param: string, callerId: string) => (param === "me" ? callerId : param);

  app.get("/api/queues/settings", { schema: { response: { 200: QueueSettings } }, preHandler: humans }, async () => settingsOf(work.settings, queues));

  app.get("/api/queues", { schema: { response: { 200: QueueFiguresResponse } }, preHandler: humans }, async (request) => ({
    queues: work.visibleQueues(callerOf(request)).map((queue) => work.figuresOf(queue)),
  }));

  app.get("/api/agents/:agentId/queue-state", { schema: { params: AgentRefParams, response: { 200: AgentQueueStateResponse } }, preHandler: humans }, async (request) => {
    const caller = callerOf(request);
    const agentId = agentIdOf(request.params.agentId, caller.agentId);
    if (agentId !== caller.agentId && caller.role !== "supervisor") throw new HttpError("forbidden", "Only a supervisor may see another agent's queue work.");
    return { state: work.stateOf(agentId) };
  });

  const withState = { params: AgentRefParams, response: { 200: AgentQueueStateResponse } };
  app.post("/api/agents/:agentId/queues/join", { schema: { ...withState, body: QueueSelectionRequest }, preHandler: humans }, async (request) => ({
    state: await work.join(callerOf(request), request.params.agentId, request.body.queues),
  }));
  app.post("/api/agents/:agentId/queues/leave", { schema: { ...withState, body: QueueSelectionRequest }, preHandler: humans }, async (request) => ({
    state: await work.leave(callerOf(request), request.params.agentId, request.body.queues),
  }));
  app.post("/api/agents/:agentId/pause", { schema: { ...withState, body: PauseRequest }, preHandler: humans }, async (request) => ({
    state: await work.pause(callerOf(request), request.params.agentId, request.body.reason),
  }));
  app.post("/api/agents/:agentId/resume", { schema: { ...withState, body: EndPauseRequest }, preHandler: humans }, async (request) => ({
    state: await work.resume(callerOf(request), request.params.agentId),
  }));

  app.put(
    "/api/calls/:callId/disposition",
    { schema: { params: CallIdParams, body: DispositionRequest, response: { 200: DispositionResponse } }, preHandler: humans },
    async (request) => {
      const { disposition, state } = await work.dispose(callerOf(request), request.params.callId, request.body.disposition, request.body.note);
      return { callId: request.params.callId, disposition, state };
    },
  );

  app.get("/api/supervisor/board", { schema: { response: { 200: BoardSnapshot } }, preHandler: supervisors }, async () => board.snapshot());

  app.get("/api/supervisor/audit", { schema: { querystring: SupervisorAuditQuery, response: { 200: SupervisorAuditResponse } }, preHandler: supervisors }, async (request) => ({
    entries: await store.auditTrail(request.query.limit ?? 100),
  }));
};
