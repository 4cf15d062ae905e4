import type { DirectoryEntry, LoginResponse } from "@handoff/contract";
import { randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { IdempotentRunner } from "../src/http/idempotency";
import { AgentsStore } from "../src/store/agents";
import { openDatabase, type Db } from "../src/store/database";
import { IdempotencyStore } from "../src/store/idempotency";
import { startNginxBalancer, type NginxProxy } from "./support/nginx-proxy";
import type { TempPostgres } from "./support/postgres";
import type { TempRedis } from "./support/redis";
import { startReplicaPair, type ReplicaPair } from "./support/replica-pair";
import type { ServerProcess } from "./support/server-process";
import { SipTestPhone } from "./support/sip-test-phone";

/**
 * Two real server replicas on one PostgreSQL and one Redis, behind nginx, against the shared Asterisk:
 * what one replica learns reaches the apps of the other, what both compute reaches each app once, and
 * Redis or PostgreSQL going away and coming back needs no server restart.
 */
let pair: ReplicaPair;
let postgres: TempPostgres;
let redis: TempRedis;
let replicas: readonly [ServerProcess, ServerProcess];
let balancer: NginxProxy;
const sockets: Socket[] = [];
const phones: SipTestPhone[] = [];

beforeAll(async () => {
  pair = await startReplicaPair({ HANDOFF_TRUST_PROXY: "127.0.0.1", HANDOFF_LOGINS_PER_ADDRESS_PER_MINUTE: "20" });
  ({ postgres, redis, replicas } = pair);
  balancer = await startNginxBalancer(replicas.map((replica) => replica.url));
}, 120_000);

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  for (const phone of phones.splice(0)) {
    await phone.register(0).catch(() => undefined);
    phone.close();
  }
});

afterAll(async () => {
  await balancer?.close();
  await pair?.stop();
}, 60_000);

async function api<Body>(url: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Body; headers: Headers }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Body, headers: response.headers };
}

async function login(replica: ServerProcess, username: string): Promise<LoginResponse> {
  const { status, body } = await api<LoginResponse>(replica.url, "POST", "/api/auth/login", undefined, { username, password: replica.password(username) });
  expect(status, `${username} signs in`).toBe(200);
  return body;
}

/** A socket of the app on one replica, with every presence event it got. */
async function connected(url: string, token: string) {
  const socket = io(url, { auth: { token }, transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  const presence: DirectoryEntry[] = [];
  const ended: string[] = [];
  socket.on("presence.updated", (entry: DirectoryEntry) => presence.push(entry));
  socket.on("session.ended", (event: { reason: string }) => ended.push(event.reason));
  await new Promise<void>((resolve, reject) => {
    socket.on("connect", () => resolve());
    socket.on("connect_error", reject);
  });
  return { socket, presence, ended };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 25))) {
    if (await check()) return;
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const health = async (replica: ServerProcess) => (await api<{ cluster?: { replica: string; redis: string } }>(replica.url, "GET", "/api/health")).body;

describe("two replicas behind nginx", () => {
  it("each replica says who it is and that it reaches Redis", async () => {
    expect((await health(replicas[0])).cluster).toEqual({ replica: "replica-1", redis: "connected" });
    expect((await health(replicas[1])).cluster).toEqual({ replica: "replica-2", redis: "connected" });
  });

  it("agents on different replicas see each other's presence, each change once", async () => {
    const alice = await login(replicas[0], "alice");
    const bob = await login(replicas[1], "bob");
    const bobApp = await connected(replicas[1].url, bob.token);
    if (alice.sip === null) throw new Error("alice has a phone");
    // A device state: both replicas read it from Asterisk; each sends it to its own apps only.
    const phone = await SipTestPhone.open(alice.sip);
    phones.push(phone);
    await phone.register();
    const aliceSeen = () => bobApp.presence.filter((entry) => entry.id === alice.agent.id);
    await until("bob sees alice available", () => aliceSeen().some((entry) => entry.presence === "available"));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(aliceSeen().filter((entry) => entry.presence === "available")).toHaveLength(1);
    // A choice: only replica 1 takes it; replica 2 learns it from replica 1 and tells bob.
    expect((await api(replicas[0].url, "PUT", "/api/agents/me/status", alice.token, { status: "away" })).status).toBe(200);
    await until("bob sees alice away", () => aliceSeen().some((entry) => entry.presence === "away"));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(aliceSeen().filter((entry) => entry.presence === "away")).toHaveLength(1);
    expect((await api<{ agents: DirectoryEntry[] }>(replicas[1].url, "GET", "/api/agents", bob.token)).body.agents.find((entry) => entry.id === alice.agent.id)?.presence).toBe("away");
    await api(replicas[0].url, "PUT", "/api/agents/me/status", alice.token, { status: "available" });
  });

  it("a sign-out on one replica closes the app on the other and its token stops working there at once", async () => {
    const alice = await login(replicas[0], "alice");
    const app = await connected(replicas[1].url, alice.token);
    const disconnected = new Promise<void>((resolve) => app.socket.on("disconnect", () => resolve()));
    expect((await api(replicas[0].url, "POST", "/api/auth/logout", alice.token, {})).status).toBe(200);
    await disconnected;
    expect(app.ended).toEqual(["signed_out"]);
    expect((await api(replicas[1].url, "GET", "/api/agents", alice.token)).status).toBe(401);
  });

  it("the 21st sign-in from one address is refused, though nginx spread them over both replicas", async () => {
    const from = { "x-forwarded-for": "198.51.100.21" };
    const answers: { status: number; upstream: string | null }[] = [];
    for (let i = 0; i < 21; i++) {
      // Unknown usernames: no password hash is spent, and the per-username budget never binds.
      const { status, headers } = await api(balancer.url, "POST", "/api/auth/login", undefined, { username: `nobody-${i}`, password: "not a password" }, from);
      answers.push({ status, upstream: headers.get("x-upstream") });
    }
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
    expect(answers[20]?.status).toBe(429);
    expect(new Set(answers.map((a) => a.upstream)).size).toBe(2);
  });

  it("the same Idempotency-Key sent to both replicas at once gets one answer", async () => {
    const bob = await login(replicas[1], "bob");
    const key = randomUUID();
    const body = { callId: `no-such-call-${key}@test`, target: { kind: "agent", value: "carol" }, mode: "blind" };
    const [one, two] = await Promise.all(replicas.map((replica) => api<{ error: { code: string } }>(replica.url, "POST", "/api/transfers/execute", bob.token, body, { "idempotency-key": key })));
    expect(one?.status).toBe(404);
    expect(two).toEqual(expect.objectContaining({ status: one?.status, body: one?.body }));
  });
});

describe("Idempotency-Keys on one PostgreSQL shared by two servers", () => {
  let dbs: Db[];

  beforeAll(async () => {
    dbs = [await openDatabase({ databaseUrl: postgres.url, sqlitePath: "unused" }), await openDatabase({ databaseUrl: postgres.url, sqlitePath: "unused" })];
  });
  afterAll(async () => {
    for (const db of dbs) await db.destroy();
  });

  it("a key sent to both at the same instant runs its action once, and both answer with its result", async () => {
    for (let round = 0; round < 20; round++) {
      let actions = 0;
      const act = async () => {
        actions++;
        // As long as a transfer's AMI round trip: the duplicate arrives while the first still runs.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { statusCode: 202, body: { transfer: randomUUID() } };
      };
      const runners = dbs.map((db) => new IdempotentRunner(new IdempotencyStore(db), (error) => { throw error; }));
      const key = randomUUID();
      const answers = await Promise.all(runners.map((runner) => runner.run("a1", key, { callId: "c1" }, act)));
      expect(actions, `round ${round}`).toBe(1);
      expect(answers[1]).toEqual(answers[0]);
    }
  });
});

describe("Redis and PostgreSQL going away under the replicas", () => {
  it("Redis restarted: health says degraded then recovered, and a sign-out sent meanwhile still reaches the app on the other replica", async () => {
    const alice = await login(replicas[0], "alice");
    const app = await connected(replicas[1].url, alice.token);
    // Load through the balancer the whole time: none of it may fail.
    let load = true;
    const failures: number[] = [];
    const bob = await login(replicas[1], "bob");
    const loader = (async () => {
      while (load) {
        const { status } = await api(balancer.url, "GET", "/api/agents", bob.token);
        if (status !== 200) failures.push(status);
      }
    })();
    const restart = redis.restart(1_500);
    await until("replica 2 says its Redis link is down", async () => (await health(replicas[1])).cluster?.redis === "reconnecting", 5_000);
    expect((await api(replicas[0].url, "POST", "/api/auth/logout", alice.token, {})).status).toBe(200);
    await restart;
    await until("replica 2 says its Redis link is back", async () => (await health(replicas[1])).cluster?.redis === "connected", 10_000);
    await until("alice's app on replica 2 is told her session ended", () => app.ended.includes("signed_out"), 10_000);
    load = false;
    await loader;
    expect(failures).toEqual([]);
  }, 40_000);

  it("PostgreSQL stopped: requests get 503 database_unavailable and change nothing; started again, the same replicas serve again", async () => {
    const alice = await login(replicas[0], "alice");
    postgres.pause();
    try {
      const refused = await api<{ error: { code: string; message: string } }>(replicas[0].url, "PUT", "/api/agents/me/status", alice.token, { status: "dnd" });
      expect(refused.status).toBe(503);
      expect(refused.body.error).toEqual({ code: "database_unavailable", message: expect.stringMatching(/cannot reach its database.*nothing was changed/) });
      const signIn = await api<{ error: { code: string } }>(replicas[1].url, "POST", "/api/auth/login", undefined, { username: "bob", password: replicas[1].password("bob") });
      expect([signIn.status, signIn.body.error.code]).toEqual([503, "database_unavailable"]);
    } finally {
      postgres.start();
    }
    let bob: LoginResponse | undefined;
    await until("replica 2 signs bob in again", async () => {
      const answer = await api<LoginResponse>(replicas[1].url, "POST", "/api/auth/login", undefined, { username: "bob", password: replicas[1].password("bob") });
      if (answer.status === 200) bob = answer.body;
      return bob !== undefined;
    });
    // The refused choice was not half-made: the database does not have it.
    const db = await openDatabase({ databaseUrl: postgres.url, sqlitePath: "unused" });
    try {
      expect((await new AgentsStore(db).byUsername("alice"))?.chosen_status).toBe("available");
    } finally {
      await db.destroy();
    }
    expect((await api(replicas[0].url, "PUT", "/api/agents/me/status", alice.token, { status: "available" })).status).toBe(200);
  }, 40_000);
});
