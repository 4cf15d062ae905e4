/**
 * One candidate in a process of its own, so its peak RSS is its own: connect to
 * the replay server, log in, decode until every expected event has arrived
 * (that is when the clock stops), keep reading until the server closes (to catch
 * invented events), report over IPC and exit. Started by ../ami-decoding.ts.
 */
import { connect, type Socket } from "node:net";
import { AmiDecoder, type AmiMessage } from "../../server/src/ami/codec";
import { MessageEndCounter } from "./message-end-counter";
import { NaiveDecoder } from "./naive-decoder";
import type { CandidateId, ChildReport, ChildSpec } from "./protocol";

const HOST = "127.0.0.1";
/** Same bytes for every candidate that owns its socket; asterisk-manager sends its own Login. */
const LOGIN = "Action: Login\r\nActionID: bench-login\r\nUsername: bench\r\nSecret: bench\r\nEvents: on\r\n\r\n";

interface Tally {
  events: number;
  eventNameChars: number;
  responses: number;
  others: number;
  chunks: number;
  bytes: number;
  elapsedMs: number | undefined;
  cpuMs: number | undefined;
  rssAtConnectBytes: number;
  error: string | undefined;
}

const spec = JSON.parse(process.argv[2] ?? "{}") as ChildSpec;
const tally: Tally = { events: 0, eventNameChars: 0, responses: 0, others: 0, chunks: 0, bytes: 0, elapsedMs: undefined, cpuMs: undefined, rssAtConnectBytes: 0, error: undefined };
let started = 0;
let startedCpu: NodeJS.CpuUsage | undefined;
let reported = false;

// The benchmark process went away: nobody is left to read the figures.
process.on("disconnect", () => process.exit(1));

function startClock(): void {
  tally.rssAtConnectBytes = process.memoryUsage.rss();
  startedCpu = process.cpuUsage();
  started = performance.now();
}

function allArrived(expectedMessages: number): void {
  if (tally.elapsedMs === undefined && tally.events + tally.responses >= expectedMessages) {
    tally.elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(startedCpu);
    tally.cpuMs = (cpu.user + cpu.system) / 1000;
  }
}

function report(): void {
  if (reported) return;
  reported = true;
  const result: ChildReport = { candidate: spec.candidate, ...tally, maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  if (process.send === undefined) {
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  process.send(result, () => process.exit(0));
}

/** Shared by the candidates that read the socket themselves: log in, report when the server closes. */
function prepare(socket: Socket): void {
  socket.setNoDelay(true);
  socket.on("connect", () => socket.write(LOGIN));
  socket.on("error", (error) => (tally.error = error.message));
  socket.on("close", report);
}

/** A socket read the usual way, through 'data' events (one fresh buffer per read). */
function open(onData: (socket: Socket) => void): void {
  startClock();
  const socket = connect({ host: HOST, port: spec.port });
  prepare(socket);
  onData(socket);
}

/** A socket read into one reused 64 KiB buffer, as AmiClient reads (server/src/ami/client.ts). */
function openReusingBuffer(onChunk: (chunk: Buffer) => void): void {
  startClock();
  const buffer = Buffer.allocUnsafe(64 * 1024);
  const onread = {
    buffer,
    callback: (size: number): boolean => {
      tally.chunks++;
      tally.bytes += size;
      onChunk(buffer.subarray(0, size));
      return true;
    },
  };
  prepare(connect({ host: HOST, port: spec.port, onread }));
}

const expected = spec.expectedEvents + 1; // + the Login reply

/** Counts one decoded message the same way for every candidate that yields plain records. */
function countMessage(message: { readonly [key: string]: string | undefined }): void {
  const name = message.Event;
  if (name !== undefined) {
    tally.events++;
    tally.eventNameChars += name.length;
  } else if (message.Response !== undefined) tally.responses++;
  else tally.others++;
}

/** Reads what AmiClient.dispatch reads of every message: its kind and, for an event, the name. */
function countOurs(message: AmiMessage): void {
  if (message.response !== undefined) {
    tally.responses++;
    return;
  }
  const name = message.event;
  if (name !== undefined) {
    tally.events++;
    tally.eventNameChars += name.length;
  } else tally.others++;
}

const candidates: Record<CandidateId, () => Promise<void> | void> = {
  ours: () => {
    const decoder = new AmiDecoder();
    openReusingBuffer((chunk) => {
      for (const message of decoder.push(chunk)) countOurs(message);
      allArrived(expected);
    });
  },

  naive: () =>
    open((socket) => {
      const decoder = new NaiveDecoder();
      socket.setEncoding("utf8");
      socket.on("data", (text: string) => {
        tally.chunks++;
        tally.bytes += text.length;
        for (const message of decoder.push(text)) countMessage(message);
        allArrived(expected);
      });
    }),

  // The same socket path as ours, so that it stays the ceiling for ours.
  "message-ends": () => {
    const counter = new MessageEndCounter();
    openReusingBuffer((chunk) => {
      counter.push(chunk);
      tally.events = counter.count;
      allArrived(expected);
    });
  },

  "asterisk-manager": async () => {
    const { default: createManager } = await import("asterisk-manager");
    startClock();
    // Connects and sends Login at once; the replay server accepts it, then streams.
    const manager = createManager(spec.port, HOST, "bench", "bench", true);
    manager.on("managerevent", (event) => {
      tally.events++;
      tally.eventNameChars += event.event.length;
      allArrived(expected);
    });
    // It also emits 'response' for events that carry Response and ActionID (OriginateResponse).
    manager.on("response", (item) => {
      if (typeof item === "object" && item !== null && "event" in item) return;
      tally.responses++;
      allArrived(expected);
    });
    manager.on("asterisk", () => tally.others++);
    manager.on("error", (error) => (tally.error = error instanceof Error ? error.message : String(error)));
    // Its events are emitted on process.nextTick, all before 'close' fires.
    manager.on("close", () => setImmediate(report));
  },
};

const run = candidates[spec.candidate];
Promise.resolve()
  .then(run)
  .catch((error: unknown) => {
    tally.error = error instanceof Error ? error.message : String(error);
    report();
  });
