import { AvailableAgentsQuery, AvailableAgentsResponse, DirectoryResponse, SetStatusRequest, SetStatusResponse, type DirectoryEntry } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { SessionService } from "../../auth/sessions";
import type { PresenceDirectory } from "../../pbx/presence";
import type { AgentsStore } from "../../store/agents";
import { callerOf, guard } from "../auth-guard";
import { HttpError } from "../http-error";

export interface AgentsRoutesOptions {
  sessions: SessionService;
  agents: AgentsStore;
  /** Publishes presence changes itself; routes only change what agents choose. */
  directory: PresenceDirectory;
}

const PRESENCE_ORDER = ["available", "ringing", "busy", "away", "offline"];

export const agentsRoutes: FastifyPluginAsyncZod<AgentsRoutesOptions> = async (app, { sessions, agents, directory }) => {
  const humans = guard(sessions, ["agent", "supervisor"]);
  const people = () => directory.entries().filter((entry) => entry.role !== "bot");

  app.get("/api/agents", { schema: { response: { 200: DirectoryResponse } }, preHandler: humans }, async () => ({
    agents: people().sort((a, b) => PRESENCE_ORDER.indexOf(a.presence) - PRESENCE_ORDER.indexOf(b.presence) || a.name.localeCompare(b.name)),
  }));

  app.put("/api/agents/me/status", { schema: { body: SetStatusRequest, response: { 200: SetStatusResponse } }, preHandler: humans }, async (request) => {
    const { agentId } = callerOf(request);
    await agents.setChosenStatus(agentId, request.body.status);
    const entry = directory.setChosenStatus(agentId, request.body.status);
    if (entry === undefined) throw new HttpError("not_found", "Your account is not in the directory; sign in again.");
    return { status: request.body.status, presence: entry.presence };
  });

  app.get(
    "/api/transfers/available-agents",
    { schema: { querystring: AvailableAgentsQuery, response: { 200: AvailableAgentsResponse } }, preHandler: humans },
    async (request) => {
      const { agentId } = callerOf(request);
      const search = request.query.search?.trim().toLowerCase() ?? "";
      const matches = (entry: DirectoryEntry) => {
        const username = directory.agent(entry.id)?.username ?? "";
        return search === "" || [entry.name, entry.extension ?? "", username].some((field) => field.toLowerCase().includes(search));
      };
      return {
        agents: people()
          .filter((entry) => entry.id !== agentId && entry.presence === "available" && matches(entry))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(({ id, name, extension, presence, since }) => ({ id, name, extension, presence, since })),
      };
    },
  );
};
