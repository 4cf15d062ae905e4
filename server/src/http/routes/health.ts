import { HealthResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sql } from "kysely";
import type { AmiClient } from "../../ami";
import type { Db } from "../../store/database";

export interface HealthRoutesOptions {
  db: Db;
  ami: AmiClient;
  version: string;
  /** With several replicas: this one's name and Redis link. */
  cluster?: () => { replica: string; redis: string };
}

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (app, { db, ami, version, cluster }) => {
  app.get("/api/health", { schema: { response: { 200: HealthResponse, 503: HealthResponse } } }, async (_request, reply) => {
    const database = await sql`select 1`.execute(db).then(
      () => "ok" as const,
      () => "error" as const,
    );
    const healthy = database === "ok" && ami.state === "connected";
    return reply.status(healthy ? 200 : 503).send({
      status: healthy ? "ok" : "degraded",
      process: { uptimeSeconds: Math.round(process.uptime()), version },
      database: { status: database },
      ami: { state: ami.state },
      // Not part of "healthy": without Redis this replica still serves its own apps, and every replica would fail at once.
      ...(cluster === undefined ? {} : { cluster: cluster() }),
    });
  });
};
