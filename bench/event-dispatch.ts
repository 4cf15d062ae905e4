/**
 * Per-event cost of following transfers, against the number of live transfers and tracked channels.
 * Real Asterisk 22 events (the recorded journeys in server/test/fixtures/journeys) go through the
 * channel tracker and the transfer follower, as in the server, with 1, 100 and 1,000 other transfers
 * live and 10 or 10,000 idle channels tracked. Baseline, in the same run: the way the old engine
 * dispatched, every event handed to every live transfer.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyBaseLogger } from "fastify";
import { loadDemoData } from "../pbx/src/demo-data";
import { AmiMessage } from "../server/src/ami";
import { ChannelTracker } from "../server/src/pbx/channel-tracker";
import { PresenceDirectory } from "../server/src/pbx/presence";
import type { SipCallIds } from "../server/src/pbx/sip-call-ids";
import type { TransfersStore } from "../server/src/store/transfers";
import { signalOf } from "../server/src/transfers/event-signals";
import { TransferFollower } from "../server/src/transfers/follower";
import { initialProgress, type Followed } from "../server/src/transfers/model";
import type { PbxActions } from "../server/src/transfers/pbx-actions";
import { locateCaller } from "../server/src/transfers/whereabouts";
import type { Benchmark, BenchmarkRow } from "./lib/benchmark";
import { isMain, runAlone } from "./lib/run-alone";

const JOURNEYS = fileURLToPath(new URL("../server/test/fixtures/journeys/", import.meta.url));
/** Each measurement replays the events until this much time has passed, after one untimed warm-up pass. */
const MEASURE_MS = 1_500;
const ROUNDS = 5;

/** Every event of every recorded journey, as Asterisk framed it. */
function recordedEvents(): string[] {
  return readdirSync(JOURNEYS)
    .filter((name) => name.endsWith(".jsonl"))
    .flatMap((name) => readFileSync(`${JOURNEYS}${name}`, "utf8").split("\n"))
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { from: string; fields: Record<string, string> })
    .filter((m) => m.from === "asterisk" && m.fields.Event !== undefined)
    .map((m) => Object.entries(m.fields).map(([key, value]) => `${key}: ${value}`).join("\r\n"));
}

const quiet = { info() {}, warn() {}, error() {}, debug() {} } as unknown as FastifyBaseLogger;

/** A live transfer of some other call: it must cost nothing to events that do not concern it. */
function otherTransfer(i: number): Followed {
  return {
    id: `other-${i}`,
    origin: { kind: "transfer", mode: i % 2 === 0 ? "blind" : "attended", sipCallId: `sip-${i}`, agent: { agentId: "alice", endpoint: "1001", uniqueId: `9.${i}`, channel: `PJSIP/1001-${i}`, bridgeId: `bridge-${i}` } },
    target: { kind: "extension", value: "1002", exten: "1002", label: "Bob", agentId: "bob", queue: null },
    watch: { linkedId: `8.${i}`, callerUniqueId: `7.${i}`, consult: [], targetUniqueId: null },
    progress: initialProgress("bob"),
  };
}

function idleChannels(count: number): AmiMessage[] {
  return Array.from({ length: count }, (_, i) =>
    AmiMessage.from({ Event: "CoreShowChannel", Channel: `PJSIP/idle${i}-0000${i}`, Uniqueid: `6.${i}`, Linkedid: `6.${i}`, ChannelStateDesc: "Up", BridgeId: `idle-bridge-${i >> 1}` }),
  );
}

/** Events per second through tracker + dispatch, with `live` other transfers and `channels` idle channels. */
function measure(events: readonly string[], live: number, channels: number, dispatch: "indexed" | "broadcast"): number {
  const demo = loadDemoData();
  const tracker = new ChannelTracker();
  tracker.reset(idleChannels(channels));
  const directory = new PresenceDirectory(demo.users.map((u) => ({ id: u.username, name: u.name, username: u.username, extension: u.extension, role: u.role, chosenStatus: "available" })));
  const follower = new TransferFollower({
    tracker,
    directory,
    callIds: { of: async () => null } as unknown as SipCallIds,
    actions: {} as PbxActions,
    store: { addStep: async () => undefined, saveFollow: async () => undefined } as unknown as TransfersStore,
    notifier: { transfer: () => undefined, context: () => undefined },
    log: quiet,
    ringSeconds: 20,
    fallbackQueue: "support",
    watchdogMs: 3_600_000,
  });
  const others = Array.from({ length: live }, (_, i) => otherTransfer(i));
  for (const followed of others) follower.follow(followed, { id: followed.id } as never);
  const pass = () => {
    for (const text of events) {
      const event = new AmiMessage(text);
      tracker.apply(event);
      if (dispatch === "indexed") follower.onEvent(event);
      else for (const followed of others) signalOf(event, followed, () => locateCaller(tracker, directory, followed));
    }
  };
  pass();
  let passes = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < BigInt(MEASURE_MS) * 1_000_000n) {
    pass();
    passes++;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const seconds = Number(elapsedNs) / 1e9;
  follower.close();
  return (events.length * passes) / seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export const eventDispatch: Benchmark = {
  name: "event-dispatch",
  title: "AMI events through the channel tracker and the transfer follower, against live transfers and tracked channels",
  async run({ log }) {
    const events = recordedEvents();
    const cases = [
      { live: 1, channels: 10 },
      { live: 100, channels: 10 },
      { live: 1000, channels: 10 },
      { live: 1, channels: 10_000 },
      { live: 1000, channels: 10_000 },
    ];
    const rows: BenchmarkRow[] = [];
    const figures: Record<string, number> = {};
    for (const { live, channels } of cases) {
      for (const dispatch of ["indexed", "broadcast"] as const) {
        const rounds = Array.from({ length: ROUNDS }, () => measure(events, live, channels, dispatch));
        const value = median(rounds);
        figures[`${dispatch}-${live}-${channels}`] = value;
        log(`  ${dispatch}, ${live} live transfers, ${channels} channels: ${Math.round(value)} ev/s`);
        rows.push({
          candidate: dispatch === "indexed" ? "ours (registry)" : "every event to every transfer",
          role: dispatch === "indexed" ? "subject" : "baseline",
          measure: `${live} live, ${channels} channels`,
          value,
          unit: "ev/s",
          ratio: dispatch === "indexed" ? undefined : (figures[`indexed-${live}-${channels}`] ?? NaN) / value,
          check: "ok",
        });
      }
    }
    const flat = (figures["indexed-1000-10000"] ?? 0) / (figures["indexed-1-10"] ?? 1);
    return {
      name: "event-dispatch",
      title: eventDispatch.title,
      rows,
      targets: [{ label: "same per-event cost with 1 or 1,000 live transfers and 10 or 10,000 channels (within 20 %)", met: flat > 0.8, actual: `${(flat * 100).toFixed(0)} % of the 1-transfer, 10-channel rate` }],
      notes: [`${events.length} recorded events replayed for ${MEASURE_MS} ms after a warm-up pass, median of ${ROUNDS} rounds, one process; the other live transfers belong to other calls (routing cost only)`],
      details: figures,
    };
  },
};

if (isMain(import.meta.url)) runAlone((context) => eventDispatch.run(context));
