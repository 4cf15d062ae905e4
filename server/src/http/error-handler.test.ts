import { z } from "zod";
import Fastify, { type InjectOptions } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installErrorHandler } from "./error-handler";
import { HttpError } from "./http-error";

// The app's own wiring of the handler, with one route of each kind Fastify itself may refuse before our code runs.
const app = Fastify({ logger: false, bodyLimit: 1024 }).withTypeProvider<ZodTypeProvider>();

beforeAll(async () => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.post("/api/things", { schema: { body: z.object({ name: z.string() }).strict() } }, async () => ({ ok: true }));
  app.get("/api/refused", async () => {
    throw new HttpError("forbidden", "Not yours.");
  });
  app.get("/api/broken", async () => {
    throw new Error("database password is hunter2");
  });
  await app.ready();
});

afterAll(() => app.close());

describe("the one error shape", () => {
  const cases: Array<[string, InjectOptions, number]> = [
    ["unknown route", { method: "GET", url: "/api/nothing-here" }, 404],
    ["unknown method on a known path", { method: "DELETE", url: "/api/things" }, 404],
    ["malformed JSON", { method: "POST", url: "/api/things", headers: { "content-type": "application/json" }, payload: "{not json" }, 400],
    ["wrong content type", { method: "POST", url: "/api/things", headers: { "content-type": "text/xml" }, payload: "<a/>" }, 415],
    ["body too large", { method: "POST", url: "/api/things", headers: { "content-type": "application/json" }, payload: JSON.stringify({ name: "x".repeat(2048) }) }, 413],
    ["empty JSON body", { method: "POST", url: "/api/things", headers: { "content-type": "application/json" }, payload: "" }, 400],
    ["schema refusal", { method: "POST", url: "/api/things", payload: { name: 1 } }, 400],
    ["our own refusal", { method: "GET", url: "/api/refused" }, 403],
    ["an internal failure", { method: "GET", url: "/api/broken" }, 500],
  ];

  it.each(cases)("%s answers {error:{code,message}} with nosniff", async (_name, request, status) => {
    const response = await app.inject(request);
    expect(response.statusCode).toBe(status);
    const body = response.json<{ error: { code: string; message: string } }>();
    expect(Object.keys(body)).toEqual(["error"]);
    expect(typeof body.error.code).toBe("string");
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(response.body).not.toContain("hunter2");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });
});
