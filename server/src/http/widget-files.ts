import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";

export const WIDGET_SCRIPT_PATH = "/widget/handoff-widget.js";

/** A page to try the widget on (`npm start` allows this server's own origin): what a center's website would carry. */
function demoPage(): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Example website with the Handoff call widget</title></head>
<body>
<h1>Example website</h1>
<p>The button at the bottom right calls the voice bot from this browser; press 0 in the call to be handed to a person.</p>
<script src="${WIDGET_SCRIPT_PATH}" defer></script>
</body>
</html>
`;
}

/**
 * The widget's script (built by `vite build -c widget/vite.config.ts`), loadable from any site by a <script>
 * tag; what it may then do is decided by POST /api/visitor-calls (the Origin check), not here.
 */
export async function serveWidget(app: FastifyInstance, widgetRoot: string, sipWsUrl: string): Promise<void> {
  const file = resolve(widgetRoot, "handoff-widget.js");
  if (!existsSync(file)) {
    app.log.warn({ widgetRoot }, "no built call widget here (vite build -c widget/vite.config.ts); visitor calls have no script to start them");
    return;
  }
  const script = readFileSync(file);
  app.get(WIDGET_SCRIPT_PATH, async (_request, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("X-Content-Type-Options", "nosniff")
      // Other sites embed it: their pages may load it, nothing else about this server changes.
      .header("Cross-Origin-Resource-Policy", "cross-origin")
      .header("Cache-Control", "public, max-age=300")
      .send(script),
  );
  app.get("/widget/", async (_request, reply) =>
    reply
      .type("text/html; charset=utf-8")
      .header("X-Content-Type-Options", "nosniff")
      .header(
        "Content-Security-Policy",
        `default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self' ${new URL(sipWsUrl).origin.replace(/^http/, "ws")}; media-src 'self' blob: mediastream:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
      )
      .header("Permissions-Policy", "microphone=(self)")
      .send(demoPage()),
  );
}
