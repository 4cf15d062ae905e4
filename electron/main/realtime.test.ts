import type { RealtimeState } from "@handoff/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventMethod } from "./ipc-channels";
import { silentLogger } from "./logger";
import { RealtimeLink, type ServerEvent } from "./realtime";
import { ServerError } from "./server-error";
import { FakeRealtimeServer } from "./test-support/fake-realtime-server";
import { callContext, directoryEntry, RENEWED_TOKEN, TOKEN, transfer } from "./test-support/fixtures";

let server: FakeRealtimeServer;
let link: RealtimeLink | null;
let sent: Array<{ event: EventMethod; payload: unknown }>;
let observed: ServerEvent[];
let token: string;

beforeEach(async () => {
  server = await FakeRealtimeServer.start();
  link = null;
  sent = [];
  observed = [];
  token = TOKEN;
});
afterEach(async () => {
  link?.stop();
  await server.close();
});

async function until(condition: () => boolean, what: string, ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function start(refreshToken: () => Promise<string> = async () => token): RealtimeLink {
  link = new RealtimeLink({
    serverUrl: server.url,
    token: () => token,
    refreshToken,
    send: (event, payload) => sent.push({ event, payload }),
    observe: (event) => observed.push(event),
    log: silentLogger,
    retryBaseMs: 10,
  });
  link.start();
  return link;
}

const states = () => sent.filter((message) => message.event === "onRealtimeState").map((message) => message.payload as RealtimeState);

describe("RealtimeLink", () => {
  it("connects with the token in auth.token and no Origin, and reports its state", async () => {
    server.accepted.add(TOKEN);
    const subject = start();
    await until(() => subject.state === "connected", "connected");
    expect(server.handshakes).toEqual([TOKEN]);
    expect(server.origins).toEqual([undefined]);
    expect(states()).toEqual(["connecting", "connected"]);
  });

  it("forwards each contract event to the renderer and to main's observers", async () => {
    server.accepted.add(TOKEN);
    const subject = start();
    await until(() => subject.state === "connected", "connected");
    server.emit("transfer.updated", transfer());
    server.emit("presence.updated", directoryEntry());
    server.emit("call.context", callContext());
    server.emit("pbx.status", { status: "degraded", at: "2025-01-01T10:00:00.000Z" });
    await until(() => sent.length >= 6, "four events");
    expect(sent.slice(2).map((message) => message.event)).toEqual(["onTransferUpdated", "onPresenceUpdated", "onCallContext", "onPbxStatus"]);
    expect(sent[2]?.payload).toEqual(transfer());
    expect(observed.map((event) => event.name)).toEqual(["transfer.updated", "presence.updated", "call.context", "pbx.status"]);
  });

  it("drops an event that does not match the contract, and unknown events", async () => {
    server.accepted.add(TOKEN);
    const subject = start();
    await until(() => subject.state === "connected", "connected");
    server.emit("transfer.updated", { id: 1 });
    server.emit("admin.command", { run: "rm -rf" });
    server.emit("pbx.status", { status: "recovered", at: "now" });
    await until(() => sent.length >= 3, "the valid event");
    expect(sent.slice(2).map((message) => message.event)).toEqual(["onPbxStatus"]);
  });

  it("after a refused handshake, renews the token and reconnects with the new one", async () => {
    server.accepted.add(RENEWED_TOKEN);
    let renewals = 0;
    const subject = start(async () => {
      renewals += 1;
      token = RENEWED_TOKEN;
      return token;
    });
    await until(() => subject.state === "connected", "connected after renewal");
    expect(renewals).toBe(1);
    expect(server.handshakes).toEqual([TOKEN, RENEWED_TOKEN]);
    expect(states()).toEqual(["connecting", "connected"]);
  });

  it("reconnects by itself when the server closes the link, with the current token", async () => {
    server.accepted.add(TOKEN);
    const subject = start(async () => {
      token = RENEWED_TOKEN;
      server.accepted.add(RENEWED_TOKEN);
      return token;
    });
    await until(() => subject.state === "connected", "connected");
    server.kickAll();
    await until(() => states().length >= 4, "reconnected");
    expect(states()).toEqual(["connecting", "connected", "reconnecting", "connected"]);
    expect(server.handshakes.at(-1)).toBe(RENEWED_TOKEN);
  });

  it("goes offline and stops when the session is over", async () => {
    const subject = start(async () => {
      throw new ServerError("This account no longer exists.", "unauthenticated", 401);
    });
    await until(() => subject.state === "offline", "offline");
    const handshakes = server.handshakes.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.handshakes.length).toBe(handshakes);
    expect(states()).toEqual(["connecting", "offline"]);
  });

  it("stop() closes the link and reports offline", async () => {
    server.accepted.add(TOKEN);
    const subject = start();
    await until(() => subject.state === "connected", "connected");
    subject.stop();
    expect(states().at(-1)).toBe("offline");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await server.connected()).toHaveLength(0);
  });
});
