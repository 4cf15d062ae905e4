import type { FastifyInstance } from "fastify";

/** A year: browsers then refuse plain http to this host, even a first request typed without https://. */
const HSTS = "max-age=31536000";

/**
 * Over https (the server's own TLS, or a trusted proxy's X-Forwarded-Proto) every answer tells the browser
 * to use https only from now on. Never over http: a browser ignores it there, and loopback development stays
 * plain. Not includeSubDomains: the administrator's other hosts are not ours to decide.
 */
export function requireHttpsFromNowOn(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply) => {
    if (request.protocol === "https") void reply.header("Strict-Transport-Security", HSTS);
  });
}
