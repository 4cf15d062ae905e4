/**
 * The server's AMI link passes through here, in a process of its own so that the
 * benchmark's other work (originating calls, HTTP, driving Chromium) cannot delay
 * it. Bytes are forwarded before anything is looked at; then it counts the events
 * the server was given, timestamps every action the server writes and the reply
 * Asterisk sends back, and watches how many bytes the server has not read yet.
 */
import { readFileSync } from "node:fs";
import { createServer, connect, type AddressInfo, type Socket } from "node:net";
import { parseMessage } from "./ami-link";
import { epochMs, type ProxyAction, type ProxyCommand, type ProxyCounters, type ProxyMessage } from "./proxy-protocol";

const MESSAGE_END = Buffer.from("\r\n\r\n");
const EVENT = Buffer.from("Event: ");
const RESPONSE = Buffer.from("Response: ");
// /proc/net/tcp lists every socket of the machine: read it twice a second, not more.
const BACKLOG_SAMPLE_MS = 500;

interface Pair {
  readonly server: Socket;
  readonly upstream: Socket;
}

const pairs = new Set<Pair>();
const byName = new Map<string, number>();
const actions: { -readonly [K in keyof ProxyAction]: ProxyAction[K] }[] = [];
const pendingReplies = new Map<string, (typeof actions)[number]>();
let events = 0;
let bytesToServer = 0;
let backlogBytes = 0;
let maxBacklogBytes = 0;

function send(message: ProxyMessage): void {
  process.send?.(message);
}

/** Splits a byte stream into AMI messages, keeping an unfinished tail; skips the greeting line. */
class MessageSplitter {
  private tail: Buffer = Buffer.alloc(0);
  private greeted: boolean;

  constructor(expectGreeting: boolean) {
    this.greeted = !expectGreeting;
  }

  push(chunk: Buffer, onMessage: (data: Buffer, start: number, end: number) => void): void {
    const data = this.tail.length === 0 ? chunk : Buffer.concat([this.tail, chunk]);
    let start = 0;
    if (!this.greeted) {
      const lineEnd = data.indexOf("\r\n");
      if (lineEnd === -1) {
        this.tail = Buffer.from(data);
        return;
      }
      this.greeted = true;
      start = lineEnd + 2;
    }
    for (let end = data.indexOf(MESSAGE_END, start); end !== -1; end = data.indexOf(MESSAGE_END, start)) {
      // A stray CRLF between messages leaves an empty block or a leading CRLF.
      while (start < end && (data[start] === 0x0d || data[start] === 0x0a)) start++;
      if (end > start) onMessage(data, start, end);
      start = end + MESSAGE_END.length;
    }
    this.tail = start >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(start));
  }
}

function startsWith(data: Buffer, start: number, prefix: Buffer): boolean {
  return data.length - start >= prefix.length && data.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
}

function onUpstreamMessage(data: Buffer, start: number, end: number): void {
  if (startsWith(data, start, EVENT)) {
    events++;
    const lineEnd = data.indexOf("\r\n", start);
    const name = data.toString("latin1", start + EVENT.length, lineEnd === -1 || lineEnd > end ? end : lineEnd);
    byName.set(name, (byName.get(name) ?? 0) + 1);
    return;
  }
  if (!startsWith(data, start, RESPONSE)) return;
  const at = epochMs();
  const reply = parseMessage(data.toString("utf8", start, end));
  const actionId = reply.get("ActionID");
  const action = actionId === undefined ? undefined : pendingReplies.get(actionId);
  if (action === undefined || actionId === undefined) return;
  pendingReplies.delete(actionId);
  action.repliedAt = at;
  action.response = reply.get("Response") ?? null;
}

function onServerMessage(data: Buffer, start: number, end: number): void {
  const message = parseMessage(data.toString("utf8", start, end));
  const action = message.get("Action");
  const actionId = message.get("ActionID");
  if (action === undefined || actionId === undefined) return;
  const record = { action, actionId, channel: message.get("Channel") ?? null, sentAt: epochMs(), repliedAt: null, response: null };
  actions.push(record);
  pendingReplies.set(actionId, record);
}

function accept(server: Socket, upstreamAddress: { host: string; port: number }): void {
  const upstream = connect(upstreamAddress);
  upstream.setNoDelay(true);
  server.setNoDelay(true);
  const pair: Pair = { server, upstream };
  pairs.add(pair);
  const fromServer = new MessageSplitter(false);
  const fromUpstream = new MessageSplitter(true);
  server.on("data", (chunk) => {
    upstream.write(chunk);
    fromServer.push(chunk, onServerMessage);
  });
  upstream.on("data", (chunk) => {
    server.write(chunk);
    bytesToServer += chunk.length;
    fromUpstream.push(chunk, onUpstreamMessage);
  });
  const end = () => {
    pairs.delete(pair);
    server.destroy();
    upstream.destroy();
  };
  for (const socket of [server, upstream]) {
    socket.on("close", end);
    socket.on("error", end);
  }
}

/** rx_queue of the server's end of each link, from /proc/net/tcp (hex "local remote st tx:rx"). */
function serverReceiveQueues(proxyPort: number): number {
  const serverPorts = new Set([...pairs].map((pair) => pair.server.remotePort));
  if (serverPorts.size === 0) return 0;
  let total = 0;
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const [, local, remote, , queues] = line.trim().split(/\s+/);
    if (local === undefined || remote === undefined || queues === undefined) continue;
    const localPort = parseInt(local.split(":")[1] ?? "", 16);
    const remotePort = parseInt(remote.split(":")[1] ?? "", 16);
    if (remotePort === proxyPort && serverPorts.has(localPort)) total += parseInt(queues.split(":")[1] ?? "0", 16);
  }
  return total;
}

function counters(): ProxyCounters {
  return { at: epochMs(), events, bytesToServer, byName: Object.fromEntries(byName), backlogBytes, maxBacklogBytes };
}

let listener: ReturnType<typeof createServer> | undefined;
let listenPort = 0;
let sampler: NodeJS.Timeout | undefined;

function sampleBacklog(): void {
  if (listenPort === 0) return;
  const unsent = [...pairs].reduce((sum, pair) => sum + pair.server.writableLength, 0);
  backlogBytes = unsent + serverReceiveQueues(listenPort);
  maxBacklogBytes = Math.max(maxBacklogBytes, backlogBytes);
}

process.on("message", (raw: ProxyCommand) => {
  switch (raw.type) {
    case "listen": {
      listener = createServer((socket) => accept(socket, raw.upstream));
      listener.on("error", (error) => send({ type: "error", message: error.message }));
      listener.listen(0, "127.0.0.1", () => {
        listenPort = (listener?.address() as AddressInfo).port;
        sampler = setInterval(sampleBacklog, BACKLOG_SAMPLE_MS);
        send({ type: "listening", port: listenPort });
      });
      return;
    }
    case "snapshot":
      // A window's edges need the backlog as it is now, not as of the last sample.
      sampleBacklog();
      send({ type: "snapshot", counters: counters() });
      if (raw.resetMax) maxBacklogBytes = backlogBytes;
      return;
    case "actions":
      send({ type: "actions", actions });
      return;
    case "stop":
      if (sampler) clearInterval(sampler);
      for (const pair of pairs) {
        pair.server.destroy();
        pair.upstream.destroy();
      }
      listener?.close();
      process.disconnect?.();
      return;
  }
});

// The benchmark going away (crash, Ctrl-C) must not leave this process behind.
process.on("disconnect", () => process.exit(0));
