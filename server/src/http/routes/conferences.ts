import { ConferenceIdParams, ConferenceParticipantParams, ConferenceResponse, MergeConferenceRequest } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { ConferenceService } from "../../conferences/service";
import { callerOf, guard } from "../auth-guard";

export interface ConferencesRoutesOptions {
  sessions: SessionService;
  conferences: ConferenceService;
}

/** Merge a consultation into a conference, then leave, drop someone or end it; the service checks who may. */
export const conferencesRoutes: FastifyPluginAsyncZod<ConferencesRoutesOptions> = async (app, { sessions, conferences }) => {
  const humans = guard(sessions, ["agent", "supervisor"]);
  const answer = { response: { 200: ConferenceResponse } };

  app.post("/api/conferences", { schema: { body: MergeConferenceRequest, ...answer }, preHandler: humans }, async (request) => ({
    conference: await conferences.merge(callerOf(request), request.body),
  }));

  app.get("/api/conferences/:id", { schema: { params: ConferenceIdParams, ...answer }, preHandler: humans }, async (request) => ({
    conference: conferences.get(callerOf(request), request.params.id),
  }));

  app.post("/api/conferences/:id/leave", { schema: { params: ConferenceIdParams, ...answer }, preHandler: humans }, async (request) => ({
    conference: await conferences.leave(callerOf(request), request.params.id),
  }));

  app.post("/api/conferences/:id/participants/:participantId/drop", { schema: { params: ConferenceParticipantParams, ...answer }, preHandler: humans }, async (request) => ({
    conference: await conferences.drop(callerOf(request), request.params.id, request.params.participantId),
  }));

  app.post("/api/conferences/:id/end", { schema: { params: ConferenceIdParams, ...answer }, preHandler: humans }, async (request) => ({
    conference: await conferences.end(callerOf(request), request.params.id),
  }));
};
