import type { ExecuteTransferRequest } from "@handoff/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { IdempotencyKeys } from "./idempotency-keys";
import { ServerClient } from "./server-client";
import { ServerError } from "./server-error";
import { errorAnswer, FakeHandoffServer } from "./test-support/fake-handoff-server";
import { callRecord, directoryEntry, loginResponse, TOKEN, transfer, TRANSFER_ID } from "./test-support/fixtures";

let server: FakeHandoffServer;
let token: string | null;

beforeEach(async () => {
  server = await FakeHandoffServer.start();
  token = TOKEN;
});
afterEach(async () => {
  await server.close();
});

function client(options: Partial<ConstructorParameters<typeof ServerClient>[0]> = {}): ServerClient {
  return new ServerClient({ baseUrl: server.url, token: () => token, retryDelaysMs: [], ...options });
}

async function failure(promise: Promise<unknown>): Promise<ServerError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ServerError);
  return error as ServerError;
}

const request: ExecuteTransferRequest = { callId: "abc@pbx", target: { kind: "extension", value: "1002" }, mode: "blind" };

describe("ServerClient", () => {
  it("logs in without a token and returns the validated answer", async () => {
    server.on("POST", "/api/auth/login", () => ({ status: 200, body: loginResponse() }));
    const answer = await client().login({ username: "alice", password: "pw" });
    expect(answer.agent.username).toBe("alice");
    expect(server.requests[0]?.body).toEqual({ username: "alice", password: "pw" });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("sends the bearer token on every other call and reads each answer", async () => {
    server
      .on("GET", "/api/agents", () => ({ status: 200, body: { agents: [directoryEntry()] } }))
      .on("GET", "/api/transfers/available-agents", (r) => ({ status: 200, body: { agents: r.query.get("search") === "bo" ? [directoryEntry()].map(({ role: _role, ...rest }) => rest) : [] } }))
      .on("PUT", "/api/agents/me/status", () => ({ status: 200, body: { status: "away", presence: "away" } }))
      .on("POST", `/api/transfers/${TRANSFER_ID}/complete`, () => ({ status: 200, body: { transfer: transfer({ status: "completed" }) } }))
      .on("POST", `/api/transfers/${TRANSFER_ID}/cancel`, () => ({ status: 200, body: { transfer: transfer({ status: "cancelled" }) } }))
      .on("GET", "/api/calls/history", () => ({ status: 200, body: { calls: [callRecord()] } }));
    const api = client();
    expect(await api.directory()).toHaveLength(1);
    expect(await api.availableAgents("bo")).toHaveLength(1);
    expect(await api.setStatus("away")).toEqual({ status: "away", presence: "away" });
    expect((await api.completeTransfer(TRANSFER_ID)).status).toBe("completed");
    expect((await api.cancelTransfer(TRANSFER_ID)).status).toBe("cancelled");
    expect(await api.callHistory()).toHaveLength(1);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(Array(6).fill(`Bearer ${TOKEN}`));
    expect(server.requests[2]?.body).toEqual({ status: "away" });
  });

  it("keeps a base path of the server URL", async () => {
    server.on("GET", "/handoff/api/agents", () => ({ status: 200, body: { agents: [] } }));
    expect(await client({ baseUrl: `${server.url}/handoff` }).directory()).toEqual([]);
  });

  it("refuses to call without a token", async () => {
    token = null;
    const error = await failure(client().directory());
    expect(error.code).toBe("signed_out");
    expect(server.requests).toHaveLength(0);
  });

  describe("errors", () => {
    it("carries the server's own message and code", async () => {
      server.on("POST", "/api/auth/login", () => errorAnswer(401, "unauthenticated", "Wrong username or password."));
      const error = await failure(client().login({ username: "alice", password: "bad" }));
      expect(error.message).toBe("Wrong username or password.");
      expect(error.code).toBe("unauthenticated");
      expect(error.status).toBe(401);
      expect(error.sessionEnded).toBe(true);
    });

    it("says the server cannot be reached when nothing listens", async () => {
      const url = server.url;
      await server.close();
      server = await FakeHandoffServer.start();
      const error = await failure(new ServerClient({ baseUrl: url, token: () => token }).directory());
      expect(error.code).toBe("network");
      expect(error.message).toMatch(/Cannot reach the Handoff server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the server URL/);
      expect(error.outcomeUnknown).toBe(true);
    });

    it("says the server did not answer in time", async () => {
      server.on("GET", "/api/agents", () => ({ status: 200, body: { agents: [] }, delayMs: 500 }));
      const error = await failure(client({ timeoutMs: 50 }).directory());
      expect(error.code).toBe("timeout");
      expect(error.message).toContain("did not answer in time");
    });

    it("rejects a 2xx answer that does not match the contract", async () => {
      server.on("GET", "/api/agents", () => ({ status: 200, body: { agents: [{ id: 1 }] } }));
      const error = await failure(client().directory());
      expect(error.code).toBe("bad_response");
      expect(error.message).toContain("unexpected answer to GET /api/agents");
    });

    it("names the status of an error without the Handoff error shape", async () => {
      server.on("GET", "/api/agents", () => ({ status: 502, text: "<html>Bad gateway</html>" }));
      const error = await failure(client().directory());
      expect(error.status).toBe(502);
      expect(error.message).toContain("answered 502");
      expect(error.message).not.toContain("<html>");
    });

    it("does not follow a redirect (it would carry the token elsewhere)", async () => {
      let followed = false;
      server.on("GET", "/api/agents", () => ({ status: 302, headers: { Location: "/elsewhere" } })).on("GET", "/elsewhere", () => {
        followed = true;
        return { status: 200, body: { agents: [] } };
      });
      const error = await failure(client().directory());
      expect(followed).toBe(false);
      expect(error.message).toContain("redirected");
    });
  });

  describe("Idempotency-Key", () => {
    it("gives each new transfer its own key", async () => {
      server.on("POST", "/api/transfers/execute", () => ({ status: 202, body: { transfer: transfer() } }));
      const api = client();
      await api.executeTransfer(request);
      await api.executeTransfer(request);
      const keys = server.requests.map((r) => r.headers["idempotency-key"]);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/);
      expect(keys[0]).not.toBe(keys[1]);
    });

    it("reuses the key on automatic retries after the connection dropped", async () => {
      let calls = 0;
      server.on("POST", "/api/transfers/execute", () => (++calls < 3 ? { drop: true } : { status: 202, body: { transfer: transfer() } }));
      const result = await client({ retryDelaysMs: [1, 1], sleep: async () => undefined }).executeTransfer(request);
      expect(result.id).toBe(TRANSFER_ID);
      const keys = server.requests.map((r) => r.headers["idempotency-key"]);
      expect(keys).toHaveLength(3);
      expect(new Set(keys).size).toBe(1);
    });

    it("reuses the key when the agent retries an action whose outcome is unknown, and not after an answer", async () => {
      let drop = true;
      server.on("POST", "/api/transfers/execute", () => (drop ? { drop: true } : { status: 202, body: { transfer: transfer() } }));
      const api = client();
      const first = await failure(api.executeTransfer(request));
      expect(first.outcomeUnknown).toBe(true);
      drop = false;
      await api.executeTransfer({ ...request }); // the agent presses Transfer again
      await api.executeTransfer(request); // a new action after a definite answer
      const keys = server.requests.map((r) => r.headers["idempotency-key"]);
      expect(keys[1]).toBe(keys[0]);
      expect(keys[2]).not.toBe(keys[0]);
    });

    it("uses a new key once the server refused (the refusal is an answer)", async () => {
      server.on("POST", "/api/transfers/execute", () => errorAnswer(409, "conflict", "This call is already being transferred."));
      const api = client();
      expect((await failure(api.executeTransfer(request))).message).toBe("This call is already being transferred.");
      await failure(api.executeTransfer(request));
      const keys = server.requests.map((r) => r.headers["idempotency-key"]);
      expect(keys[0]).not.toBe(keys[1]);
    });

    it("does not reuse a key for a different request", () => {
      const keys = new IdempotencyKeys();
      const a = keys.keyFor(request);
      expect(keys.keyFor({ ...request, mode: "attended" })).not.toBe(a);
      expect(keys.keyFor({ mode: "blind", target: { value: "1002", kind: "extension" }, callId: "abc@pbx" })).toBe(a);
    });

    it("forgets an unknown outcome after the reuse window", () => {
      let now = 0;
      const keys = new IdempotencyKeys({ now: () => now, reuseWindowMs: 1_000 });
      const a = keys.keyFor(request);
      now = 2_000;
      expect(keys.keyFor(request)).not.toBe(a);
    });
  });
});
