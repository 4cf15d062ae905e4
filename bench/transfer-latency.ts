/**
 * Transfer latency on the real Asterisk: a customer bridged to agent 1001 (a
 * real WebRTC phone in Chromium) is moved to the outside line, which answers at
 * once, by (a) POST /api/transfers/execute through the real server, (b) a raw
 * AMI BlindTransfer written directly, (c) a SIP REFER sent by SIP.js from a
 * phone of its own (an endpoint that may REFER, made for this run: agents' may
 * not); interleaved, the order rotated each round. With --baseline-root,
 * the same POST also goes to a second server run from that checkout (a before/after
 * in one run). Each server times its requests inside itself too (HANDOFF_TIMINGS_FILE).
 * Run alone: npx tsx bench/transfer-latency.ts [--rounds N] [--baseline-root DIR]
 */
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { HANDOFF_CONTEXTS } from "@handoff/dialplan";
import { HandoffClient, nodeTransport } from "@handoff/client";
import { AmiClient, type AmiMessage } from "../server/src/ami";
import { loadPbxConnection } from "../pbx/src/connection";
import { epochNow, launchChromium, PhonePage, servePhonePage } from "./lib/browser";
import type { Benchmark, BenchmarkContext, BenchmarkResult, BenchmarkRow } from "./lib/benchmark";
import { formatMs } from "./lib/format";
import { isMain, runAlone } from "./lib/run-alone";
import { baselineRootFromEnv, startServerProcess, type ServerProcess } from "./lib/server-process";
import { INSIDE_MEASURES, insideBreakdown, insideCauses, insideRows } from "./lib/server-timings";
import { callAgentAsCustomer } from "./lib/customer-call";
import { pollUntil } from "./lib/poll";
import { REFER_ENDPOINT, ReferEndpoint } from "./lib/refer-endpoint";
import { percentile } from "./lib/stats";
import type { GcPause, RequestTiming } from "../server/src/http/request-timings";

const AGENT = "1001";
/** An outside number: handoff-outside answers it at once, so no browser's accept() is timed. */
const TARGET = "0155501234";
const TRANSFER_CONTEXT = HANDOFF_CONTEXTS.transfer;
const BENCH_ACTIONS = new Set(["Originate", "Hangup", "BlindTransfer", "CoreShowChannels"]);
const STEP_TIMEOUT_MS = 15_000;

const allModes = ["server", "baseline", "ami", "refer"] as const;
type Mode = (typeof allModes)[number];
const labels: Record<Mode, string> = {
  server: "server: POST /api/transfers/execute (app's client)",
  baseline: "baseline server (--baseline-root), same POST",
  ami: "raw AMI BlindTransfer",
  refer: "SIP REFER from SIP.js (bench endpoint)",
};

interface Sample {
  readonly round: number;
  readonly mode: Mode;
  /** ms from the request leaving to its answer (HTTP 202, AMI Response: Success, SIP 202 Accepted). */
  readonly response: number;
  /** ms to the target's channel appearing in Asterisk (its Newchannel event). */
  readonly target: number;
  /** ms to caller and target sharing a bridge (the second of their BridgeEnter events). */
  readonly bridged: number;
  /** The transfer a server started, to find its inside timings. */
  readonly transferId?: string;
}

/** Reads one field of an AMI message (the one place that knows the message's shape). */
const field = (message: AmiMessage, key: string): string | undefined => message.get(key);

/** The benchmark's own AMI connection: every event with the moment it arrived, on the benchmark's clock. */
class EventLog {
  readonly events: { at: number; message: AmiMessage }[] = [];
  private waiters: (() => void)[] = [];

  constructor(readonly ami: AmiClient) {
    ami.onEvent((message) => {
      this.events.push({ at: epochNow(), message });
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** The first event from index `from` on that matches; rejects after STEP_TIMEOUT_MS. */
  async first(from: number, what: string, match: (message: AmiMessage) => boolean): Promise<{ at: number; message: AmiMessage; index: number }> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (let index = from; ; ) {
      for (; index < this.events.length; index++) {
        const entry = this.events[index];
        if (entry !== undefined && match(entry.message)) return { ...entry, index };
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Forget what is no longer needed, so a long run does not grow without bound. */
  clear(): void {
    this.events.length = 0;
  }
}

interface Rig {
  readonly server: ServerProcess;
  /** The apps' own API client (@handoff/client, Electron main's transport), as the agent's transfer click uses it. */
  readonly client: HandoffClient;
  /** The server of --baseline-root and its own client, when asked for. */
  readonly baseline: { readonly server: ServerProcess; readonly client: HandoffClient } | null;
  readonly phone: PhonePage;
  /** The REFER baseline's phone, registered as the benchmark's own endpoint. */
  readonly referPhone: PhonePage;
  readonly log: EventLog;
  close(): Promise<void>;
}

/** A phone and how its customer calls look in Asterisk. */
interface Line {
  readonly phone: PhonePage;
  /** Rings the phone with a customer who answers and plays a tone. */
  call(ami: AmiClient): Promise<unknown>;
  /** Channel name prefixes: the phone's own, and the customer's half bridged with it. */
  readonly phoneChannel: string;
  readonly callerChannel: string;
}

const agentLine = (phone: PhonePage): Line => ({ phone, call: (ami) => callAgentAsCustomer(ami, AGENT), phoneChannel: `PJSIP/${AGENT}-`, callerChannel: `Local/${AGENT}@handoff-inbound-` });
// The bench endpoint has no dialplan route to it: Asterisk rings it and, once answered, dials the customer.
const referLine = (phone: PhonePage): Line => ({
  phone,
  call: (ami) =>
    ami.send("Originate", { Channel: `PJSIP/${REFER_ENDPOINT}`, Application: "Dial", Data: "Local/s@handoff-customer", CallerID: "Customer <5550100>", Async: "true", Timeout: 30_000 }),
  phoneChannel: `PJSIP/${REFER_ENDPOINT}-`,
  callerChannel: "Local/s@handoff-customer-",
});

async function setUp(baselineRoot: string | undefined): Promise<Rig> {
  const pbx = loadPbxConnection();
  if (pbx.amiTest === null) throw new Error("the PBX has no test AMI user: run npm run pbx:up for the local PBX");
  const server = await startServerProcess({ timings: true });
  const baselineServer = baselineRoot === undefined ? null : await startServerProcess({ root: baselineRoot, timings: true });
  const page = await servePhonePage();
  const browser = await launchChromium();
  const ami = await AmiClient.connect({ ...pbx.amiTest, allowedActions: BENCH_ACTIONS, keepaliveMs: false });
  const phone = await PhonePage.open(browser, page.url);
  await phone.calibrate(300);
  const referEndpoint = ReferEndpoint.create(pbx);
  const referPhone = await PhonePage.open(browser, page.url);
  await referPhone.calibrate(300);
  await referPhone.start(referEndpoint.credentials, true);
  // REST only: the figure is the transfer request, not the real-time link.
  const client = new HandoffClient({ transport: nodeTransport, realtime: false });
  let baseline: Rig["baseline"] = null;
  if (baselineServer !== null) {
    const baselineClient = new HandoffClient({ transport: nodeTransport, realtime: false });
    await baselineClient.signIn({ serverUrl: baselineServer.url, username: "alice", password: baselineServer.passwordOf("alice") });
    baseline = { server: baselineServer, client: baselineClient };
  }
  // After the baseline's: the phone registers with this sign-in's own SIP credential.
  const { session } = await client.signIn({ serverUrl: server.url, username: "alice", password: server.passwordOf("alice") });
  if (session.sip === null || session.sip.authorizationUsername !== AGENT) throw new Error(`alice's login gave no SIP credential for ${AGENT}`);
  await phone.start(session.sip, true);
  return {
    server,
    client,
    baseline,
    phone,
    referPhone,
    log: new EventLog(ami),
    async close() {
      await phone.close().catch(() => undefined);
      await referPhone.close().catch(() => undefined);
      referEndpoint.remove();
      await browser.close().catch(() => undefined);
      await page.close().catch(() => undefined);
      await ami.close();
      await client.signOut();
      await server.stop();
      if (baseline !== null) {
        await baseline.client.signOut();
        await baseline.server.stop();
      }
    },
  };
}

const isChannel = (prefix: string) => (m: AmiMessage) => field(m, "Channel")?.startsWith(prefix) === true;

/** A customer call answered by the line's phone: returns the channels a transfer needs and the phone's Call-ID. */
async function connectCustomer(rig: Rig, line: Line): Promise<{ agentChannel: string; callerChannel: string; callId: string }> {
  const from = rig.log.events.length;
  await line.call(rig.log.ami);
  const agentIn = await rig.log.first(from, "the phone's channel in a bridge", (m) => field(m, "Event") === "BridgeEnter" && isChannel(line.phoneChannel)(m));
  const bridge = field(agentIn.message, "BridgeUniqueid");
  const callerIn = await rig.log.first(
    from,
    "the caller in the phone's bridge",
    (m) => field(m, "Event") === "BridgeEnter" && field(m, "BridgeUniqueid") === bridge && isChannel(line.callerChannel)(m),
  );
  const callIds = await pollUntil("the phone's established call", () => line.phone.established(), (ids) => ids.length === 1);
  // Let media and the server's Call-ID lookup settle: a transfer is timed on a call in progress, not one still starting.
  await sleep(300);
  return { agentChannel: field(agentIn.message, "Channel") ?? "", callerChannel: field(callerIn.message, "Channel") ?? "", callId: callIds[0] ?? "" };
}

/** Sends the transfer one way; returns when it left and when its answer came, on the benchmark's clock. */
async function transfer(rig: Rig, mode: Mode, call: { agentChannel: string; callId: string }): Promise<{ sentAt: number; answeredAt: number; transferId?: string }> {
  if (mode === "server" || mode === "baseline") {
    const client = mode === "server" ? rig.client : rig.baseline?.client;
    if (client === undefined) throw new Error("no baseline server: pass --baseline-root");
    const sentAt = epochNow();
    const { id } = await client.executeTransfer({ callId: call.callId, target: { kind: "external", value: TARGET }, mode: "blind" });
    return { sentAt, answeredAt: epochNow(), transferId: id };
  }
  if (mode === "ami") {
    const sentAt = epochNow();
    await rig.log.ami.send("BlindTransfer", { Channel: call.agentChannel, Exten: TARGET, Context: TRANSFER_CONTEXT });
    return { sentAt, answeredAt: epochNow() };
  }
  const { sentAt, acceptedAt } = await rig.referPhone.refer(call.callId, TARGET);
  return { sentAt: rig.referPhone.toLocal(sentAt), answeredAt: rig.referPhone.toLocal(acceptedAt) };
}

async function measure(rig: Rig, round: number, mode: Mode): Promise<Sample> {
  rig.log.clear();
  const call = await connectCustomer(rig, mode === "refer" ? referLine(rig.referPhone) : agentLine(rig.phone));
  const from = rig.log.events.length;
  const { sentAt, answeredAt, transferId } = await transfer(rig, mode, call);
  const target = await rig.log.first(from, "the target's channel", (m) => field(m, "Event") === "Newchannel" && isChannel(`Local/${TARGET}@handoff-outside-`)(m));
  const targetChannel = field(target.message, "Channel") ?? "";
  // Dial bridges the caller's leg with the ;1 half of the outside line's Local pair.
  const targetIn = await rig.log.first(from, "the target in a bridge", (m) => field(m, "Event") === "BridgeEnter" && field(m, "Channel") === targetChannel);
  const bridge = field(targetIn.message, "BridgeUniqueid");
  const callerIn = await rig.log.first(
    from,
    "the caller in the target's bridge",
    (m) => field(m, "Event") === "BridgeEnter" && field(m, "BridgeUniqueid") === bridge && field(m, "Channel") === call.callerChannel,
  );
  const sample = {
    round,
    mode,
    response: answeredAt - sentAt,
    target: target.at - sentAt,
    bridged: Math.max(targetIn.at, callerIn.at) - sentAt,
    ...(transferId === undefined ? {} : { transferId }),
  };
  await hangUpAll(rig);
  return sample;
}

/** Ends the round's calls and waits until Asterisk has no channel left, so rounds never overlap. */
async function hangUpAll(rig: Rig): Promise<void> {
  // After a REFER the transferor ends its own dialog (RFC 5589): Asterisk does not send it a BYE.
  await rig.phone.hangupAll();
  await rig.referPhone.hangupAll();
  const patterns = [`Local/${AGENT}@handoff-inbound-`, `Local/${TARGET}@handoff-outside-`, `PJSIP/${AGENT}-`, `PJSIP/${REFER_ENDPOINT}-`, "Local/s@handoff-customer-"];
  for (const prefix of patterns) await rig.log.ami.send("Hangup", { Channel: `/^${prefix.replace(/[/.]/g, "\\$&")}/` }).catch(() => undefined);
  await pollUntil(
    "every channel of the round to hang up",
    async () => (await rig.log.ami.send("CoreShowChannels")).events.filter((c) => patterns.some((prefix) => (field(c, "Channel") ?? "").startsWith(prefix))),
    (left) => left.length === 0,
  );
  await pollUntil("the phones to have no call", async () => [...(await rig.phone.established()), ...(await rig.referPhone.established())], (ids) => ids.length === 0);
}

/** An error's first line: a browser's message carries its whole stack. */
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TransferLatencyOptions {
  readonly rounds: number;
  /** A checkout whose server is measured beside this one's, interleaved (e.g. a worktree at the commit before a change). */
  readonly baselineRoot?: string;
}

export async function runTransferLatency(context: BenchmarkContext, options: TransferLatencyOptions = { rounds: 30 }): Promise<BenchmarkResult> {
  const loadAtStart = loadavg()[0] ?? 0;
  const rig = await setUp(options.baselineRoot);
  const modes = allModes.filter((mode) => mode !== "baseline" || rig.baseline !== null);
  const samples: Sample[] = [];
  const problems: { round: number; mode: Mode; error: string }[] = [];
  let inside: Inside | undefined;
  try {
    // One unmeasured round of each warms the JIT, the server's routes and the phone; a way that fails here is reported, not fatal.
    for (const mode of modes) {
      try {
        await measure(rig, 0, mode);
      } catch (error) {
        problems.push({ round: 0, mode, error: firstLine(error) });
        await hangUpAll(rig).catch(() => undefined);
      }
    }
    for (let round = 1; round <= options.rounds; round++) {
      const order = modes.map((_, i) => modes[(i + round) % modes.length] as Mode);
      for (const mode of order) {
        try {
          samples.push(await measure(rig, round, mode));
        } catch (error) {
          problems.push({ round, mode, error: firstLine(error) });
          await hangUpAll(rig).catch(() => undefined);
        }
      }
      if (round % 10 === 0) context.log(`transfer-latency: ${round}/${options.rounds} rounds`);
    }
    // Before close(): stopping a server removes its directory, timings file included.
    inside = { server: rig.server.timings(), baseline: rig.baseline?.server.timings() ?? [], gc: { server: rig.server.gcPauses(), baseline: rig.baseline?.server.gcPauses() ?? [] } };
  } finally {
    await rig.close();
  }
  return report(samples, problems, options, rig.referPhone, loadAtStart, modes, inside ?? { server: [], baseline: [], gc: { server: [], baseline: [] } });
}

/** Each server's own timings of its requests, and its GC pauses. */
interface Inside {
  readonly server: readonly RequestTiming[];
  readonly baseline: readonly RequestTiming[];
  readonly gc: { readonly server: readonly GcPause["gc"][]; readonly baseline: readonly GcPause["gc"][] };
}

const measures = [
  { key: "response", label: "to response" },
  { key: "target", label: "to target channel" },
  { key: "bridged", label: "to bridged" },
] as const;

function report(
  samples: readonly Sample[],
  problems: readonly { round: number; mode: Mode; error: string }[],
  options: TransferLatencyOptions,
  phone: PhonePage,
  loadAtStart: number,
  modes: readonly Mode[],
  inside: Inside,
): BenchmarkResult {
  const p = (mode: Mode, key: (typeof measures)[number]["key"], q: number) =>
    percentile(
      samples.filter((s) => s.mode === mode).map((s) => s[key]),
      q,
    );
  const rows: BenchmarkRow[] = measures.flatMap((m) =>
    modes.map((mode) => {
      const p50 = p(mode, m.key, 50);
      const ours = p("server", m.key, 50);
      const count = samples.filter((s) => s.mode === mode).length;
      return {
        candidate: labels[mode],
        role: mode === "server" ? "subject" : "baseline",
        measure: m.label,
        value: p50,
        unit: "ms",
        tail: { label: "p95", value: p(mode, m.key, 95) },
        ratio: ours !== undefined && p50 !== undefined ? ours / p50 : undefined,
        check: count === options.rounds ? "ok" : `${count} of ${options.rounds} rounds`,
      } satisfies BenchmarkRow;
    }),
  );
  // The servers' own timings of the measured rounds, beside the raw AMI round trip (what a server adding nothing would show).
  const measured = (mode: Mode) => new Set(samples.flatMap((s) => (s.mode === mode && s.transferId !== undefined ? [s.transferId] : [])));
  const timed = (mode: Mode, timings: readonly RequestTiming[]) => {
    const ids = measured(mode);
    return timings.filter((t) => t.transferId !== null && ids.has(t.transferId));
  };
  const insideServer = timed("server", inside.server);
  const insideBaseline = timed("baseline", inside.baseline);
  const rawAmi = samples.filter((s) => s.mode === "ami").map((s) => s.response);
  const insideTable = [
    ...insideRows(labels.server, "subject", insideServer, measured("server").size),
    ...(modes.includes("baseline") ? insideRows(labels.baseline, "baseline", insideBaseline, measured("baseline").size) : []),
    ...[INSIDE_MEASURES.toResponse, INSIDE_MEASURES.ami].map((measure) => ({
      candidate: labels.ami,
      role: "baseline" as const,
      measure,
      value: percentile(rawAmi, 50),
      unit: "ms",
      tail: { label: "p99", value: percentile(rawAmi, 99) },
      ratio: undefined,
      check: "ok: its round trip, the floor of a server's arrival → response",
    })),
  ];
  for (const row of insideTable) {
    const ours = insideTable.find((r) => r.role === "subject" && r.measure === row.measure)?.value;
    rows.push({ ...row, ratio: ours !== undefined && row.value !== undefined && row.value > 0 ? ours / row.value : undefined });
  }
  const insideToAction = percentile(insideServer.map((t) => (t.actionWritten ?? NaN) - t.arrived).filter(Number.isFinite), 50);
  const added = (key: "response" | "bridged") => {
    const server = p("server", key, 50);
    const ami = p("ami", key, 50);
    return server === undefined || ami === undefined ? undefined : server - ami;
  };
  const bridgedServer = p("server", "bridged", 50);
  const bridgedRefer = p("refer", "bridged", 50);
  const addedBridged = added("bridged");
  return {
    name: "transfer-latency",
    title: "blind transfer latency on the real Asterisk: server vs raw AMI vs SIP REFER",
    rows,
    targets: [
      {
        label: "server adds ≤ 1 ms (p50) over raw AMI",
        met: addedBridged === undefined ? undefined : addedBridged <= 1,
        actual: `to bridged +${formatMs(addedBridged)}, to response +${formatMs(added("response"))}`,
      },
      {
        label: "inside the server, arrival → AMI action written ≤ 1 ms (p50)",
        met: insideToAction === undefined ? undefined : insideToAction <= 1,
        actual: formatMs(insideToAction),
      },
      {
        label: "bridged sooner than REFER (p50)",
        met: bridgedServer === undefined || bridgedRefer === undefined ? undefined : bridgedServer < bridgedRefer,
        actual: `server ${formatMs(bridgedServer)}, REFER ${formatMs(bridgedRefer)}`,
      },
    ],
    notes: [
      insideBreakdown("server", insideServer),
      insideCauses("server", insideServer, inside.gc.server),
      ...(modes.includes("baseline")
        ? [insideBreakdown(`baseline server (${options.baselineRoot ?? ""})`, insideBaseline), insideCauses("baseline server", insideBaseline, inside.gc.baseline)]
        : []),
      `inside timings: epoch ms taken in the server process (Fastify onRequest, the transfer service's steps, onResponse), written to HANDOFF_TIMINGS_FILE after each response; p99 of ${options.rounds} samples is about the worst one`,
      `${options.rounds} rounds × ${modes.length} ways, order rotated each round, after one warm-up round; a customer call answered by ${AGENT}'s WebRTC phone in Chromium is moved to the outside line ${TARGET}, which answers at once`,
      "the server's request goes through the apps' own API client (@handoff/client over Node http: axios, keep-alive, response validated), as from the agent's click minus the IPC hop",
      "times start when the request leaves the benchmark (REFER: when SIP.js sends it in the page) and end at its answer, or when the benchmark's own AMI connection receives the event",
      `REFER times come from its page's clock: offset to the benchmark's ${formatMs(phone.offsetMs)} ± ${formatMs(phone.offsetErrorMs)} (half the fastest of 300 round trips)`,
      `REFER comes from the benchmark's own endpoint ${REFER_ENDPOINT} (realtime rows made for this run; agents' endpoints refuse a REFER with 603), whose context is ${TRANSFER_CONTEXT}: all three ways run the same dialplan to the same outside line; its customer is Local/s@handoff-customer dialled by the answered phone`,
      `1-minute load average at start: ${loadAtStart.toFixed(2)}${problems.length > 0 ? `; ${problems.length} failed samples: ${problems.map((x) => `${x.mode} #${x.round}: ${x.error}`).join("; ")}` : ""}`,
    ],
    details: { options, target: TARGET, clockOffsetMs: phone.offsetMs, clockOffsetErrorMs: phone.offsetErrorMs, samples, problems, inside: { server: insideServer, baseline: insideBaseline } },
  };
}

export const transferLatency: Benchmark = {
  name: "transfer-latency",
  title: "blind transfer latency: server vs raw AMI vs SIP REFER",
  run: (context) => runTransferLatency(context, { rounds: 30, ...baselineRootFromEnv() }),
};

if (isMain(import.meta.url)) {
  const { values } = parseArgs({ options: { rounds: { type: "string" }, "baseline-root": { type: "string" } } });
  const baselineRoot = values["baseline-root"] === undefined ? baselineRootFromEnv().baselineRoot : resolve(values["baseline-root"]);
  runAlone((context) => runTransferLatency(context, { rounds: values.rounds === undefined ? 30 : Number(values.rounds), ...(baselineRoot === undefined ? {} : { baselineRoot }) }));
}
