import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/**
 * The web mode of the app, served by the server itself: same origin for REST
 * and socket.io, so no CORS is opened. The page may reach only this server and
 * the SIP WebSocket; MUI's runtime styles need inline style elements.
 */
export function contentSecurityPolicy(sipWsUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
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

export async function serveWebApp(app: FastifyInstance, webRoot: string, sipWsUrl: string): Promise<void> {
  const root = resolve(webRoot);
  if (!existsSync(resolve(root, "index.html"))) {
    app.log.warn({ webRoot: root }, "no built web app here (npm run build:web); serving the API only");
    return;
  }
  const csp = contentSecurityPolicy(sipWsUrl);
  await app.register(fastifyStatic, {
    root,
    index: "index.html",
    setHeaders: (response) => {
      response.header("Content-Security-Policy", csp);
      response.header("X-Content-Type-Options", "nosniff");
      response.header("Referrer-Policy", "no-referrer");
      response.header("Permissions-Policy", "camera=(), geolocation=(), microphone=(self)");
    },
  });
}
