import {
  ChangeMonitoringMode,
  MonitoringSessionParams,
  MonitoringSessionResponse,
  MonitoringSessionsResponse,
  MonitoringStartResponse,
  StartMonitoringRequest,
  StopMonitoringRequest,
} from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { MonitoringService } from "../../monitoring/service";
import { callerOf, guard } from "../auth-guard";

export interface MonitoringRoutesOptions {
  sessions: SessionService;
  monitoring: MonitoringService;
}

/** Supervisor listen / whisper / barge (contract/src/monitoring.ts lists the routes). */
export const monitoringRoutes: FastifyPluginAsyncZod<MonitoringRoutesOptions> = async (app, { sessions, monitoring }) => {
  const supervisors = guard(sessions, ["supervisor"]);

  app.get("/api/monitoring", { schema: { response: { 200: MonitoringSessionsResponse } }, preHandler: supervisors }, async () => ({ sessions: monitoring.live() }));

  app.post("/api/monitoring", { schema: { body: StartMonitoringRequest, response: { 201: MonitoringStartResponse } }, preHandler: supervisors }, async (request, reply) => {
    const started = await monitoring.start(callerOf(request), request.body.agentId, request.body.mode);
    return reply.code(201).send(started);
  });

  app.put(
    "/api/monitoring/:sessionId/mode",
    { schema: { params: MonitoringSessionParams, body: ChangeMonitoringMode, response: { 200: MonitoringSessionResponse } }, preHandler: supervisors },
    async (request) => ({ session: await monitoring.changeMode(callerOf(request), request.params.sessionId, request.body.mode) }),
  );

  app.post(
    "/api/monitoring/:sessionId/stop",
    { schema: { params: MonitoringSessionParams, body: StopMonitoringRequest, response: { 200: MonitoringSessionResponse } }, preHandler: supervisors },
    async (request) => ({ session: await monitoring.stop(callerOf(request), request.params.sessionId) }),
  );
};
