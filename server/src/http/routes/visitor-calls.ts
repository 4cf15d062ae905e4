import type {} from "@fastify/rate-limit";
import { VisitorCallResponse } from "@handoff/contract";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { VisitorLines } from "../../visitors/visitor-lines";
import { HttpError } from "../http-error";

export interface VisitorCallsRoutesOptions {
  lines: Pick<VisitorLines, "issue">;
  /** Pages that embed the call widget (HANDOFF_WIDGET_ORIGINS); none: visitor calls are off. */
  widgetOrigins: readonly string[];
  callsPerAddressPerMinute: number;
  /** Without the AMI link the server cannot see the call start, so it could not spend the credential. */
  pbxConnected: () => boolean;
}

/**
 * POST /api/visitor-calls: no account, so the checks are who asks (the Origin the browser sets on a
 * cross-site POST, which a page cannot forge), how often from one address, and the PBX being watched.
 * The answer is readable by that origin only (CORS), and never cached.
 */
export const visitorCallsRoutes: FastifyPluginAsyncZod<VisitorCallsRoutesOptions> = async (app, { lines, widgetOrigins, callsPerAddressPerMinute, pbxConnected }) => {
  const perAddress = app.rateLimit({ max: callsPerAddressPerMinute, timeWindow: "1 minute", keyGenerator: (request) => `visitor:${request.ip}` });
  app.post(
    "/api/visitor-calls",
    {
      schema: { response: { 200: VisitorCallResponse } },
      onRequest: async (request) => {
        const origin = request.headers.origin;
        if (widgetOrigins.length === 0) throw new HttpError("forbidden", "Visitor calls are off on this server: HANDOFF_WIDGET_ORIGINS names no page that may embed the call widget.");
        if (typeof origin !== "string" || !widgetOrigins.includes(origin)) {
          throw new HttpError("forbidden", `This page may not start visitor calls: its origin (${typeof origin === "string" ? origin : "none"}) is not in HANDOFF_WIDGET_ORIGINS.`);
        }
      },
      preHandler: perAddress,
    },
    async (_request, reply) => {
      if (!pbxConnected()) throw new HttpError("pbx_unavailable", "The phone system is not reachable right now. Try again in a moment.");
      const call = lines.issue();
      if (call === null) throw new HttpError("busy", "Every visitor line is in use. Try again in a minute.");
      return reply.header("Cache-Control", "no-store").send(call);
    },
  );
  // Even refusals name the origin, so the widget can read why (the Origin check above has already run).
  app.addHook("onSend", async (request, reply) => {
    const origin = request.headers.origin;
    if (request.url === "/api/visitor-calls" && typeof origin === "string" && widgetOrigins.includes(origin)) {
      void reply.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
    }
  });
};
