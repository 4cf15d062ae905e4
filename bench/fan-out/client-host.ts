/**
 * Many socket.io clients in one process, as the app's main process connects
 * (socket.io-client, bearer token in auth.token, websocket transport). Each
 * client holds one connection to the real server and one to the baseline; when
 * armed, it notes when the armed server's presence.updated for the extension
 * reached it, on the clock every process shares. Started by ../fan-out.ts.
 */
import type { DirectoryEntry } from "@handoff/contract";
import { io, type Socket } from "socket.io-client";
import { isHostCommand, monotonicMs, type ArmCommand, type ConnectCommand, type HostCounters, type HostMessage, type Target } from "./protocol";

const CONNECT_TIMEOUT_MS = 20_000;

interface Client {
  readonly subject: Socket;
  readonly baseline: Socket;
}

const clients: Client[] = [];
let armed: ArmCommand | undefined;
let arrivals: (number | null)[] = [];
let arrived = 0;
let foreignWhileArmed = 0;
let reported = true;
const counters = { disconnects: 0, foreign: 0, unexpected: 0, offTarget: 0, pbxStatus: 0 } satisfies HostCounters;
let stopping = false;
/** The extension whose presence the samples follow; set by the connect command. */
let extension = "";

function send(message: HostMessage): void {
  process.send?.(message);
}

function report(sample: number): void {
  reported = true;
  send({ type: "arrivals", sample, arrivals, foreignWhileArmed, counters: { ...counters } });
}

/** The one hot path: runs once per client per event. */
function onPresence(index: number, target: Target, entry: DirectoryEntry): void {
  const at = monotonicMs();
  if (entry.extension !== extension) {
    counters.foreign++;
    if (armed !== undefined && target === armed.target && !reported) foreignWhileArmed++;
    return;
  }
  if (armed === undefined || target !== armed.target) {
    counters.offTarget++;
    return;
  }
  if (entry.presence !== armed.presence) {
    if (armed.purpose === "sample") counters.unexpected++;
    return;
  }
  if (arrivals[index] !== null) return;
  arrivals[index] = at;
  arrived++;
  if (arrived === clients.length && !reported) report(armed.sample);
}

function open(url: string, token: string, index: number, target: Target): Promise<Socket> {
  // forceNew: one engine.io connection per client, as 1,000 separate apps would have.
  const socket = io(url, { auth: { token }, transports: ["websocket"], forceNew: true, reconnection: false, timeout: CONNECT_TIMEOUT_MS });
  socket.on("presence.updated", (entry: DirectoryEntry) => onPresence(index, target, entry));
  socket.on("pbx.status", () => counters.pbxStatus++);
  return new Promise((resolve, reject) => {
    socket.once("connect", () => {
      socket.on("disconnect", () => {
        if (!stopping) counters.disconnects++;
      });
      resolve(socket);
    });
    socket.once("connect_error", (error) => {
      socket.close();
      reject(new Error(`${target} refused client ${index}: ${error.message}`));
    });
  });
}

/** Adds one client per token, after those already connected (the benchmark grows the count step by step). */
async function connectAll(command: ConnectCommand): Promise<void> {
  const first = clients.length;
  let next = 0;
  const worker = async () => {
    while (next < command.tokens.length) {
      const index = first + next;
      const token = command.tokens[next++] ?? "";
      const [subject, baseline] = await Promise.all([open(command.subjectUrl, token, index, "subject"), open(command.baselineUrl, token, index, "baseline")]);
      clients[index] = { subject, baseline };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, command.concurrency) }, worker));
}

function closeAll(): void {
  stopping = true;
  for (const client of clients) {
    client.subject.close();
    client.baseline.close();
  }
}

// The benchmark process went away: close the connections and leave.
process.on("disconnect", () => {
  closeAll();
  process.exit(1);
});

process.on("message", (message) => {
  if (!isHostCommand(message)) return;
  switch (message.type) {
    case "connect":
      extension = message.extension;
      connectAll(message).then(
        () => send({ type: "ready", clients: clients.length, error: undefined }),
        (error: unknown) => send({ type: "ready", clients: clients.length, error: error instanceof Error ? error.message : String(error) }),
      );
      break;
    case "arm":
      armed = message;
      arrivals = new Array<number | null>(clients.length).fill(null);
      arrived = 0;
      foreignWhileArmed = 0;
      reported = false;
      send({ type: "armed", sample: message.sample });
      break;
    case "collect":
      if (armed?.sample === message.sample && !reported) report(message.sample);
      armed = undefined;
      break;
    case "stop":
      closeAll();
      // Let the close frames go out before leaving.
      setTimeout(() => process.exit(0), 200);
      break;
  }
});
