import type { ErrorBody } from "@handoff/contract";
import type { FastifyError, FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { databaseUnreachable } from "../store/unreachable";
import { clientError } from "./domain-errors";

/** Every error leaves in one shape; a 5xx never carries internals, only the request id to quote. */
export function installErrorHandler(app: FastifyInstance): void {
  // A JSON answer is never to be sniffed into HTML or script by a browser.
  app.addHook("onSend", async (request, reply) => {
    if (request.url.startsWith("/api")) void reply.header("x-content-type-options", "nosniff");
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let status: number;
    let body: ErrorBody;
    const known = clientError(error);
    if (known !== undefined) {
      status = known.statusCode;
      body = { error: { code: known.code, message: known.message, ...(known.details === undefined ? {} : { details: known.details }) } };
    } else if (hasZodFastifySchemaValidationErrors(error)) {
      status = 400;
      body = {
        error: {
          code: "invalid_request",
          message: `The request ${error.validationContext ?? "body"} is invalid: ${error.validation.map((v) => `${v.instancePath || "(root)"} ${v.message}`).join("; ")}.`,
          details: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
        },
      };
    } else if (error.statusCode === 429) {
      status = 429;
      body = { error: { code: "rate_limited", message: "Too many attempts. Wait a minute and try again." } };
    } else if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own 4xx: malformed JSON, wrong content type, body too large.
      status = error.statusCode;
      body = { error: { code: "invalid_request", message: `The request could not be read: ${error.message}.` } };
    } else if (databaseUnreachable(error)) {
      status = 503;
      request.log.warn({ err: error }, "the database is unreachable");
      body = { error: { code: "database_unavailable", message: "The server cannot reach its database right now, so nothing was changed. Try again in a moment." } };
    } else {
      status = 500;
      request.log.error({ err: error }, "request failed");
      body = { error: { code: "internal", message: `Something went wrong on the server. Quote request ${request.id} when reporting it.` } };
    }
    void reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: { code: "not_found", message: `There is no ${request.method} ${request.url.split("?")[0]}.` } };
    void reply.status(404).send(body);
  });
}
