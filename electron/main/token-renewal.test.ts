import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ServerClient } from "./server-client";
import { errorAnswer, FakeHandoffServer } from "./test-support/fake-handoff-server";
import { RENEWED_TOKEN, TOKEN } from "./test-support/fixtures";
import { ManualTimers, settle } from "./test-support/manual-timers";
import { TokenRenewal, type Renewed } from "./token-renewal";

let server: FakeHandoffServer;
let timers: ManualTimers;
let token: string;
let renewed: Renewed[];
let expired: string[];

beforeEach(async () => {
  server = await FakeHandoffServer.start();
  timers = new ManualTimers();
  token = TOKEN;
  renewed = [];
  expired = [];
});
afterEach(async () => {
  await server.close();
});

function renewal(): TokenRenewal {
  const client = new ServerClient({ baseUrl: server.url, token: () => token });
  return new TokenRenewal({
    renew: () => client.renew(),
    onRenewed: (next) => {
      token = next.token;
      renewed.push(next);
    },
    onExpired: (reason) => expired.push(reason),
    now: () => timers.now,
    timers,
  });
}

const inMinutes = (minutes: number) => new Date(timers.now + minutes * 60_000).toISOString();

describe("TokenRenewal", () => {
  it("renews a minute before expiry with the current token, then schedules the next renewal", async () => {
    const newExpiry = inMinutes(30);
    server.on("POST", "/api/auth/renew", () => ({ status: 200, body: { token: RENEWED_TOKEN, expiresAt: newExpiry } }));
    renewal().start(inMinutes(15));
    expect(timers.delays).toEqual([14 * 60_000]);

    timers.fireNext();
    await settle();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(renewed).toEqual([{ token: RENEWED_TOKEN, expiresAt: newExpiry }]);
    expect(timers.delays).toEqual([(30 - 14 - 1) * 60_000]);
  });

  it("renews at half the remaining time when little is left", () => {
    renewal().start(new Date(timers.now + 60_000).toISOString());
    expect(timers.delays).toEqual([30_000]);
  });

  it("retries after a network failure while the token is still valid", async () => {
    let attempts = 0;
    server.on("POST", "/api/auth/renew", () => (++attempts === 1 ? { drop: true } : { status: 200, body: { token: RENEWED_TOKEN, expiresAt: inMinutes(30) } }));
    renewal().start(inMinutes(15));
    timers.fireNext();
    await settle();
    expect(renewed).toHaveLength(0);
    expect(expired).toHaveLength(0);
    expect(timers.delays).toEqual([15_000]);
    timers.fireNext();
    await settle();
    expect(renewed).toHaveLength(1);
  });

  it("ends the session when the server refuses the token", async () => {
    server.on("POST", "/api/auth/renew", () => errorAnswer(401, "unauthenticated", "This account no longer exists."));
    renewal().start(inMinutes(15));
    timers.fireNext();
    await settle();
    expect(expired).toEqual(["This account no longer exists."]);
    expect(timers.delays).toEqual([]);
  });

  it("ends the session when the token expired before it could be renewed", async () => {
    server.on("POST", "/api/auth/renew", () => ({ drop: true }));
    renewal().start(new Date(timers.now + 4_000).toISOString());
    for (let i = 0; i < 5 && expired.length === 0; i++) {
      timers.fireNext();
      await settle();
    }
    expect(expired).toEqual(["Your session has expired. Sign in again."]);
  });

  it("stops: no renewal after sign-out", () => {
    const subject = renewal();
    subject.start(inMinutes(15));
    subject.stop();
    expect(timers.delays).toEqual([]);
  });

  it("shares one request between concurrent renewNow callers", async () => {
    server.on("POST", "/api/auth/renew", () => ({ status: 200, body: { token: RENEWED_TOKEN, expiresAt: inMinutes(30) }, delayMs: 20 }));
    const subject = renewal();
    subject.start(inMinutes(15));
    const [a, b] = await Promise.all([subject.renewNow(), subject.renewNow()]);
    expect(a).toEqual(b);
    expect(server.requests).toHaveLength(1);
  });
});
