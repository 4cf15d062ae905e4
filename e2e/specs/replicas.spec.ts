import { randomBytes } from "node:crypto";
import { expect, test, type Browser } from "@playwright/test";
import type { Transfer } from "@handoff/contract";
import type { AmiClient } from "../../server/src/ami";
import { openDatabase } from "../../server/src/store/database";
import { TransfersStore } from "../../server/src/store/transfers";
import { AmiProxy } from "../../server/test/support/ami-proxy";
import { startNginxBalancer } from "../../server/test/support/nginx-proxy";
import type { TempRedis } from "../../server/test/support/redis";
import { startReplicaPair, type ReplicaPair } from "../../server/test/support/replica-pair";
import type { ServerProcess } from "../../server/test/support/server-process";
import { AgentSession } from "../support/agent-session";
import { callAgentAsCustomer, connectTestAmi, customerPartners, liveChannels, pbx } from "../support/pbx";
import { answer, phoneOf, ringing } from "../support/transfer-rig";

// Two server replicas on one PostgreSQL and one Redis, against the real Asterisk, agents' phones in Chromium:
// a transfer one replica follows reaches the apps on the other, a call is moved once whichever replica is asked,
// and Redis restarting under a transfer loses none of its updates. Every AMI action of both replicas passes one
// recording proxy, so "one action" is counted on the wire.
test.describe.configure({ mode: "serial" });

let pair: ReplicaPair;
let redis: TempRedis;
let proxy: AmiProxy;
let ami: AmiClient;
let replicas: readonly [ServerProcess, ServerProcess];
let sessions: AgentSession[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  proxy = new AmiProxy(pbx().ami);
  const amiPort = await proxy.listen();
  ami = await connectTestAmi();
  pair = await startReplicaPair({ HANDOFF_AMI_HOST: "127.0.0.1", HANDOFF_AMI_PORT: String(amiPort) });
  ({ redis, replicas } = pair);
});

test.afterEach(async () => {
  proxy.delayToServerMs = 0;
  await Promise.all(sessions.map((session) => session.close()));
  sessions = [];
  await ami.send("Hangup", { Channel: "/^(PJSIP|Local)\\//" }).catch(() => undefined);
  await expect.poll(async () => (await liveChannels(ami)).length).toBe(0);
});

test.afterAll(async () => {
  await pair?.stop();
  await ami?.close();
  await proxy?.close();
});

async function agentOn(browser: Browser, replica: Pick<ServerProcess, "url" | "password">, username: string): Promise<AgentSession> {
  const session = await AgentSession.signIn(replica, username);
  sessions.push(session);
  const phone = await session.openPhone(browser);
  await expect.poll(() => phone.registration()).toBe("registered");
  return session;
}

/** Alice's customer call, answered on her phone and bridged; its SIP Call-ID. */
async function customerOnAlice(alice: AgentSession): Promise<string> {
  await callAgentAsCustomer(ami, "1001");
  const { sipCallId } = await answer(phoneOf(alice));
  await expect.poll(() => customerPartners(ami)).toEqual([expect.stringMatching(/^PJSIP\/1001-/)]);
  return sipCallId;
}

/** The agent's request to a given replica (the token is good on every one). */
async function requestVia(replica: ServerProcess, agent: AgentSession, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${replica.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${agent.token}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { transfer?: Transfer; error?: { code: string } } };
}

function transferVia(replica: ServerProcess, agent: AgentSession, sipCallId: string, key: string, mode: "blind" | "attended" = "blind") {
  return requestVia(replica, agent, "/api/transfers/execute", { callId: sipCallId, target: { kind: "agent", value: "bob" }, mode }, { "idempotency-key": key });
}

const blindTransfers = (mark: number) => proxy.actionsSince(mark).filter((action) => action.Action === "BlindTransfer");

test("a blind transfer asked of both replicas with one Idempotency-Key: one AMI action, one answer, both agents follow it from either replica", async ({ browser }) => {
  const alice = await agentOn(browser, replicas[0], "alice");
  const bob = await agentOn(browser, replicas[1], "bob");
  const sipCallId = await customerOnAlice(alice);
  const mark = proxy.actions.length;
  const key = `key-${randomBytes(8).toString("hex")}`;
  const [one, two] = await Promise.all(replicas.map((replica) => transferVia(replica, alice, sipCallId, key)));
  expect([one?.status, two?.status]).toEqual([202, 202]);
  const id = one?.body.transfer?.id ?? "";
  expect(two?.body.transfer?.id).toBe(id);
  await answer(phoneOf(bob));
  await expect.poll(() => customerPartners(ami)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  // Alice's app is on replica 1, Bob's on replica 2: whichever replica follows it, one of them hears it from the other, each step once.
  await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
  await expect.poll(() => bob.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
  expect(blindTransfers(mark)).toHaveLength(1);
});

test("two transfers of one call sent to different replicas at once: one moves it, the other is refused with 409", async ({ browser }) => {
  const alice = await agentOn(browser, replicas[0], "alice");
  await agentOn(browser, replicas[1], "bob");
  const sipCallId = await customerOnAlice(alice);
  const mark = proxy.actions.length;
  // Both replicas' views trail Asterisk a little, as under load: each still sees the call bridged when it asks, so
  // only the database's claim can stop the second (without the delay the loser may instead find the call already gone: 404).
  proxy.delayToServerMs = 200;
  const answers = await Promise.all(replicas.map((replica, i) => transferVia(replica, alice, sipCallId, `key-${i}-${randomBytes(8).toString("hex")}`)));
  proxy.delayToServerMs = 0;
  expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
  expect(answers.find((a) => a.status === 409)?.body.error?.code).toBe("conflict");
  expect(blindTransfers(mark)).toHaveLength(1);
});

test("Redis restarted while a transfer runs: its updates reach the app on the other replica once Redis is back, none lost", async ({ browser }) => {
  const alice = await agentOn(browser, replicas[0], "alice");
  const bob = await agentOn(browser, replicas[1], "bob");
  const sipCallId = await customerOnAlice(alice);
  const restart = redis.restart(2_000);
  await expect.poll(async () => ((await (await fetch(`${replicas[0].url}/api/health`)).json()) as { cluster?: { redis: string } }).cluster?.redis).toBe("reconnecting");
  // Replica 1 follows it (it was asked); Bob's app is on replica 2, which hears of it only through Redis.
  const started = await transferVia(replicas[0], alice, sipCallId, `key-${randomBytes(8).toString("hex")}`);
  expect(started.status).toBe(202);
  const id = started.body.transfer?.id ?? "";
  await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "completed"]);
  await restart;
  await expect.poll(() => bob.statusesOf(id), { timeout: 20_000 }).toEqual(["initiated", "ringing", "completed"]);
});

test("an attended transfer followed by replica 1 is completed through replica 2: the request reaches its follower, the caller ends with Bob", async ({ browser }) => {
  const alice = await agentOn(browser, replicas[0], "alice");
  const bob = await agentOn(browser, replicas[1], "bob");
  const sipCallId = await customerOnAlice(alice);
  const started = await transferVia(replicas[0], alice, sipCallId, `key-${randomBytes(8).toString("hex")}`, "attended");
  expect(started.status).toBe(202);
  const id = started.body.transfer?.id ?? "";
  await answer(phoneOf(bob));
  await expect.poll(() => alice.statusesOf(id)).toEqual(["initiated", "ringing", "answered"]);
  const completed = await requestVia(replicas[1], alice, `/api/transfers/${id}/complete`, {});
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
  await expect.poll(() => bob.statusesOf(id)).toEqual(["initiated", "ringing", "answered", "completed"]);
  await expect.poll(() => customerPartners(ami), { timeout: 20_000 }).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
  // A second complete, again through replica 2: the follower's state machine refuses it, and nothing more is written.
  const again = await requestVia(replicas[1], alice, `/api/transfers/${id}/complete`, {});
  expect(again.status).toBe(409);
});

// Last: it kills replica 1 for good.
test("replica 1 SIGKILLed while the target rings: replica 2 takes the transfer over within 2 s and follows it to completed, one BlindTransfer on the wire", async ({ browser }) => {
  const balancer = await startNginxBalancer(replicas.map((replica) => replica.url));
  const db = await openDatabase({ databaseUrl: pair.postgres.url, sqlitePath: "unused" });
  try {
    // Alice's app goes through nginx, as in production: when its replica dies it reconnects to the other.
    const alice = await agentOn(browser, { url: balancer.url, password: replicas[0].password }, "alice");
    const bob = await agentOn(browser, replicas[1], "bob");
    const sipCallId = await customerOnAlice(alice);
    const mark = proxy.actions.length;
    const started = await transferVia(replicas[0], alice, sipCallId, `key-${randomBytes(8).toString("hex")}`);
    expect(started.status).toBe(202);
    const id = started.body.transfer?.id ?? "";
    await ringing(phoneOf(bob));
    await expect.poll(() => bob.statusesOf(id)).toEqual(["initiated", "ringing"]);
    const followerOf = () => new TransfersStore(db).followerOf(id);
    expect(await followerOf()).toBe("replica-1");

    const killedAt = Date.now();
    await replicas[0].kill();
    await expect.poll(followerOf, { intervals: [25], timeout: 5_000 }).toBe("replica-2");
    const takeoverMs = Date.now() - killedAt;
    console.log(`takeover: replica 2 followed the transfer ${takeoverMs} ms after replica 1 was killed`);
    expect(takeoverMs).toBeLessThan(2_000);

    await answer(phoneOf(bob));
    await expect.poll(() => customerPartners(ami)).toEqual([expect.stringMatching(/^PJSIP\/1002-/)]);
    await expect.poll(() => bob.statusesOf(id).at(-1)).toBe("completed");
    await expect.poll(() => alice.statusesOf(id).at(-1), { timeout: 20_000 }).toBe("completed");
    expect(blindTransfers(mark)).toHaveLength(1);
  } finally {
    await db.destroy();
    await balancer.close();
  }
});
