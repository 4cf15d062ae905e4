import { createHash } from "node:crypto";
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AmiLoginRejectedError, PbxNotReadyError, waitForAmiLogin, waitForSipWebSocket } from "./readiness";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** A real TCP server on a free loopback port, run by `onSocket`. */
async function listen(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    socket.on("error", () => undefined);
    onSocket(socket);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Speaks just enough AMI: greeting, then Login answered per the secret, split across chunks. */
function fakeAmi(goodSecret: string) {
  return (socket: Socket) => {
    socket.write("Asterisk Call Manager/11.0.0\r\n");
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 4);
      if (!block.startsWith("Action: Login")) return;
      const actionId = /ActionID: (.*)/.exec(block)?.[1] ?? "";
      const ok = block.includes(`Secret: ${goodSecret}\r\n`);
      const reply = ok ? `Response: Success\r\nActionID: ${actionId}\r\nMessage: Authentication accepted\r\n\r\n` : `Response: Error\r\nActionID: ${actionId}\r\nMessage: Authentication failed\r\n\r\n`;
      // An unrelated event first, and the reply in two pieces, as a real socket may deliver them.
      socket.write("Event: FullyBooted\r\nPrivilege: system,all\r\n\r\n");
      socket.write(reply.slice(0, 10));
      setTimeout(() => socket.write(reply.slice(10)), 5);
    });
  };
}

function fakeWebSocket(options: { status?: string; protocol?: string | null; wrongAccept?: boolean }) {
  return (socket: Socket) => {
    let head = "";
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      const key = /Sec-WebSocket-Key: (.*)\r\n/.exec(head)?.[1] ?? "";
      const accept = createHash("sha1").update(`${options.wrongAccept ? "x" : ""}${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
      const lines = [options.status ?? "HTTP/1.1 101 Switching Protocols", "Upgrade: websocket", "Connection: Upgrade", `Sec-WebSocket-Accept: ${accept}`];
      if (options.protocol !== null) lines.push(`Sec-WebSocket-Protocol: ${options.protocol ?? "sip"}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      head = "";
    });
  };
}

describe("waitForAmiLogin", () => {
  it("resolves once Asterisk accepts the login", async () => {
    const port = await listen(fakeAmi("right"));
    await expect(waitForAmiLogin({ host: "127.0.0.1", port, username: "handoff", secret: "right" }, 2000)).resolves.toBeUndefined();
  });

  it("fails at once, without retrying, when the secret is wrong", async () => {
    const port = await listen(fakeAmi("right"));
    const started = Date.now();
    await expect(waitForAmiLogin({ host: "127.0.0.1", port, username: "handoff", secret: "wrong" }, 5000)).rejects.toThrow(AmiLoginRejectedError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("keeps trying until the deadline when nothing listens, then says what it saw", async () => {
    const port = await listen(() => undefined);
    await new Promise((done) => servers.pop()?.close(done));
    const started = Date.now();
    const attempt = waitForAmiLogin({ host: "127.0.0.1", port, username: "handoff", secret: "x" }, 600);
    await expect(attempt).rejects.toThrow(PbxNotReadyError);
    await expect(attempt).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it("does not take any TCP server for AMI", async () => {
    const port = await listen((socket) => socket.write("HTTP/1.1 400 Bad Request\r\n\r\n"));
    await expect(waitForAmiLogin({ host: "127.0.0.1", port, username: "handoff", secret: "x" }, 500)).rejects.toThrow(/not an AMI server/);
  });
});

describe("waitForSipWebSocket", () => {
  it("resolves on a 101 with the sip subprotocol and a valid accept key", async () => {
    const port = await listen(fakeWebSocket({}));
    await expect(waitForSipWebSocket(`ws://127.0.0.1:${port}/ws`, 2000)).resolves.toBeUndefined();
  });

  it("rejects an HTTP answer that is not an upgrade", async () => {
    const port = await listen(fakeWebSocket({ status: "HTTP/1.1 404 Not Found" }));
    await expect(waitForSipWebSocket(`ws://127.0.0.1:${port}/ws`, 500)).rejects.toThrow(/404 Not Found/);
  });

  it("rejects an upgrade without the sip subprotocol", async () => {
    const port = await listen(fakeWebSocket({ protocol: null }));
    await expect(waitForSipWebSocket(`ws://127.0.0.1:${port}/ws`, 500)).rejects.toThrow(/without subprotocol sip/);
  });

  it("rejects a wrong Sec-WebSocket-Accept", async () => {
    const port = await listen(fakeWebSocket({ wrongAccept: true }));
    await expect(waitForSipWebSocket(`ws://127.0.0.1:${port}/ws`, 500)).rejects.toThrow(/Sec-WebSocket-Accept/);
  });
});
