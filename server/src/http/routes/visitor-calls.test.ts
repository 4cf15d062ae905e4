import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { VisitorCallResponse } from "@handoff/contract";
import { installErrorHandler } from "../error-handler";
import { visitorCallsRoutes } from "./visitor-calls";

const SITE = "https://www.example.com";
const CALL: VisitorCallResponse = {
  sip: { wsServer: "wss://pbx.example.com:8089/ws", aor: "sip:visitor-1@example.com", authorizationUsername: "visitor-1", authorizationPassword: "pw", displayName: "Website visitor", target: "sip:bot@example.com" },
  expiresAt: "2026-12-03T09:00:30.000Z",
};

let app: FastifyInstance;
let issued: number;
let free: boolean;
let connected: boolean;

async function build(widgetOrigins: string[] = [SITE]): Promise<void> {
  app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  await app.register(rateLimit, { global: false, hook: "preHandler" });
  const lines = {
    issue: () => {
      if (!free) return null;
      issued += 1;
      return CALL;
    },
  };
  await app.register(visitorCallsRoutes, { lines, widgetOrigins, callsPerAddressPerMinute: 3, pbxConnected: () => connected });
}

const ask = (origin?: string) => app.inject({ method: "POST", url: "/api/visitor-calls", headers: origin === undefined ? {} : { origin } });

beforeEach(async () => {
  issued = 0;
  free = true;
  connected = true;
  await build();
});
afterEach(() => app.close());

describe("POST /api/visitor-calls", () => {
  it("gives an allowed page a one-call credential it may read, never cached", async () => {
    const response = await ask(SITE);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(CALL);
    expect(response.headers["access-control-allow-origin"]).toBe(SITE);
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("refuses another origin, or none, and issues nothing", async () => {
    for (const origin of ["https://evil.example", "null", undefined]) {
      const response = await ask(origin);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe("forbidden");
      expect(response.json().error.message).toMatch(/HANDOFF_WIDGET_ORIGINS/);
      expect(response.headers["access-control-allow-origin"]).toBeUndefined();
    }
    expect(issued).toBe(0);
  });

  it("is off when no page is allowed", async () => {
    await app.close();
    await build([]);
    const response = await ask(SITE);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toMatch(/off on this server/);
  });

  it("counts calls per address: the fourth in a minute is told to wait", async () => {
    for (let i = 0; i < 3; i++) expect((await ask(SITE)).statusCode).toBe(200);
    const fourth = await ask(SITE);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe("rate_limited");
    expect(issued).toBe(3);
  });

  it("says so when every line is busy, and when the PBX is not watched", async () => {
    free = false;
    const busy = await ask(SITE);
    expect(busy.statusCode).toBe(503);
    expect(busy.json().error).toMatchObject({ code: "busy", message: expect.stringMatching(/Every visitor line is in use/) });
    expect(busy.headers["access-control-allow-origin"]).toBe(SITE);
    free = true;
    connected = false;
    const down = await ask(SITE);
    expect(down.statusCode).toBe(503);
    expect(down.json().error.code).toBe("pbx_unavailable");
    expect(issued).toBe(0);
  });
});
