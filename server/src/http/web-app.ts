import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/** What the built index.html carries where each response puts a fresh nonce (vite.config.ts html.cspNonce). */
const NONCE_PLACEHOLDER = "__HANDOFF_CSP_NONCE__";

/**
 * The page may run only its own scripts, reach only this server and the SIP
 * WebSocket, and style itself only through elements carrying this response's nonce.
 */
export function contentSecurityPolicy(sipWsUrl: string, nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src 'self' ${new URL(sipWsUrl).origin.replace(/^http/, "ws")}`,
    "media-src 'self' blob: mediastream:",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function hardenHeaders(reply: FastifyReply): void {
  reply.header("X-Content-Type-Options", "nosniff");
  reply.header("Referrer-Policy", "no-referrer");
  reply.header("Permissions-Policy", "camera=(), geolocation=(), microphone=(self)");
}

/**
 * The web mode of the app, served by the server itself: same origin for REST
 * and socket.io, so no CORS is opened.
 */
export async function serveWebApp(app: FastifyInstance, webRoot: string, sipWsUrl: string): Promise<void> {
  const root = resolve(webRoot);
  const indexFile = resolve(root, "index.html");
  if (!existsSync(indexFile)) {
    app.log.warn({ webRoot: root }, "no built web app here (npm run build:web); serving the API only");
    return;
  }
  const page = readFileSync(indexFile, "utf8");
  await app.register(fastifyStatic, { root, index: false, setHeaders: (reply) => hardenHeaders(reply as unknown as FastifyReply) });
  const sendPage = async (_request: unknown, reply: FastifyReply) => {
    const nonce = randomBytes(16).toString("base64");
    hardenHeaders(reply);
    return reply
      .header("Content-Security-Policy", contentSecurityPolicy(sipWsUrl, nonce))
      .header("Cache-Control", "no-store")
      .type("text/html; charset=utf-8")
      .send(page.replaceAll(NONCE_PLACEHOLDER, nonce));
  };
  app.get("/", sendPage);
  app.get("/index.html", sendPage);
}
