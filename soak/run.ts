/**
 * npm run soak: the fault-injection soak (README.md). Real server in its own
 * process behind a recording AMI tap, agents' phones in Chromium, customers and
 * bot callers placed through the test AMI user, lanes of transfers chosen at
 * random from a seed, faults at random moments; every transfer judged against
 * Asterisk's own channel list. Prints one table, writes results/<time>.json.
 */
import { randomInt } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { fileURLToPath } from "node:url";
import type { SipConfig } from "@handoff/contract";
import { startServerProcess, type ServerProcess } from "../bench/lib/server-process";
import { findDuplicates, MOVING_ACTIONS } from "./duplicates";
import { planFaults } from "./fault-plan";
import { Faults } from "./faults";
import { Lane, type LaneDeps } from "./lane";
import { AmiTap } from "./lib/ami-tap";
import { ApiUser } from "./lib/api";
import { PbxAccess, pbxListening, restartPbx, sleep } from "./lib/pbx";
import { openPhones, type PhoneBank, type RingPlan } from "./lib/phones";
import { checkOut, type Checkout } from "./lib/checkout";
import { parseSoakOptions, reproduceCommand, SoakUsageError, type SoakOptions } from "./options";
import { anyProblem, counters, renderSummary, type SoakSummary, type TransferResult } from "./report";
import { createRng } from "./rng";
import { pickScenario } from "./scenarios";

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));
const REPO = fileURLToPath(new URL("../", import.meta.url));

/** Lane i: its transferring agent, then its target. 1003 (carol) stays unregistered: the "unregistered" target. */
const LANE_AGENTS = [
  [
    { username: "alice", extension: "1001" },
    { username: "bob", extension: "1002" },
  ],
  [
    { username: "dave", extension: "1004" },
    { username: "erin", extension: "1005" },
  ],
] as const;

async function main(): Promise<number> {
  let options: SoakOptions;
  try {
    options = parseSoakOptions(process.argv.slice(2), () => randomInt(2 ** 31));
  } catch (error) {
    if (error instanceof SoakUsageError) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replaceAll(":", "-");
  mkdirSync(RESULTS, { recursive: true });
  const logFile = `${RESULTS}${stamp}.log`;
  const began = Date.now();
  const clock = () => Date.now() - began;
  const log = (line: string) => {
    const stamped = `[${(clock() / 1000).toFixed(1).padStart(6)} s] ${line}`;
    console.error(stamped);
    appendFileSync(logFile, `${stamped}\n`);
  };
  log(`soak: seed ${options.seed}, ${options.minutes === null ? `${options.transfers} transfers (at most ${options.maxMinutes} min)` : `${options.minutes} min`}, ${options.lanes} lanes; log ${logFile}`);

  const cleanups: (() => Promise<void> | void)[] = [];
  let faults: Faults | null = null;
  try {
    let checkout: Checkout | null = null;
    if (options.ref !== null) {
      checkout = checkOut(options.ref);
      const made = checkout;
      cleanups.push(() => made.remove());
      log(`under test: the server and dialplan of commit ${checkout.commit} (${options.ref}), from ${checkout.root}`);
      // Asterisk takes that commit's dialplan (same secrets); the working tree's comes back at the end, whatever happens.
      cleanups.push(() =>
        restartPbx(log).catch(async (error: unknown) => {
          log(`the working tree's pbx:up failed (${String(error)}); leaving Asterisk up with ${made.commit.slice(0, 12)}'s dialplan`);
          await restartPbx(log, made.root);
        }),
      );
      await restartPbx(log, checkout.root);
    }
    const pbx = await PbxAccess.open();
    const access = pbx;
    cleanups.push(() => access.close());
    await pbx.shortRingTimes(options.ringSeconds);
    cleanups.push(() => access.restoreRingTimes());

    const tap = new AmiTap(pbx.connection.ami, clock);
    const tapAddress = await tap.listen();
    cleanups.push(() => tap.close());
    const server: ServerProcess = await startServerProcess({
      ami: tapAddress,
      ...(checkout === null ? {} : { root: checkout.root }),
      logFile: `${RESULTS}${stamp}-server.log`,
      env: {
        HANDOFF_TRANSFER_RING_SECONDS: String(options.ringSeconds),
        // Every transfer's status changes, with its id, in <time>-server.log: what a failed transfer went through.
        HANDOFF_LOG_LEVEL: "info",
        // One sign-in per user per run (the login is rate-limited): tokens must outlast the whole soak.
        HANDOFF_TOKEN_TTL_SECONDS: String(Math.ceil((options.minutes ?? options.maxMinutes) * 60 + 3_600)),
      },
    });
    cleanups.push(() => server.stop());

    const users = new Map<string, ApiUser>();
    // The phones register with the SIP credential of their agent's sign-in: valid while that session lives.
    const sipOf = new Map<string, SipConfig>();
    for (const username of [...LANE_AGENTS.slice(0, options.lanes).flat().map((a) => a.username), "voicebot"]) {
      const { token, agentId, sip } = await server.login(username);
      if (sip !== null) sipOf.set(sip.authorizationUsername, sip);
      const user = new ApiUser(server.url, username, agentId, token);
      users.set(username, user);
      cleanups.push(() => user.close());
    }

    const lanes: Lane[] = [];
    const router = async (phone: Parameters<Lane["planRing"]>[0], call: Parameters<Lane["planRing"]>[1]): Promise<RingPlan> => {
      const lane = lanes.find((l) => l.current?.number === call.remote.number) ?? lanes.find((l) => l.owns(phone.extension));
      return lane !== undefined && lane.owns(phone.extension) ? lane.planRing(phone, call) : { kind: "ignore" };
    };
    const extensions = LANE_AGENTS.slice(0, options.lanes).flatMap((pair) => pair.map((a) => a.extension));
    log(`building the telephony harness and registering phones ${extensions.join(", ")}`);
    const credentials = new Map(
      extensions.map((extension) => {
        const sip = sipOf.get(extension);
        if (sip === undefined) throw new Error(`the login answer of ${extension}'s agent has no SIP credential: does pbx/demo-data.json give that agent a phone?`);
        return [extension, sip] as const;
      }),
    );
    const bank: PhoneBank = await openPhones(credentials, router, log);
    cleanups.push(() => bank.close());
    const phones = [...bank.phones.values()];
    const registeredBy = Date.now() + 30_000;
    while (phones.some((p) => p.registration !== "registered")) {
      if (Date.now() > registeredBy) throw new Error(`phones did not register: ${phones.map((p) => `${p.extension} ${p.registration}`).join(", ")}`);
      await sleep(200);
    }

    const rng = createRng(options.seed);
    faults = new Faults({ tap, server, pbx, phones, ringSeconds: options.ringSeconds, pbxRoot: checkout?.root, clock, log }, rng.fork("fault-details"));
    const serverUp = async () => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        if (await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false)) return;
        await sleep(250);
      }
      throw new Error("the server did not come back within 120 s");
    };
    const deps: LaneDeps = { pbx, faults, bot: users.get("voicebot") as ApiUser, clock, log, serverUp };
    LANE_AGENTS.slice(0, options.lanes).forEach(([agent, target], index) => {
      const member = (who: { username: string; extension: string }) => ({ ...who, api: users.get(who.username) as ApiUser, phone: bank.phones.get(who.extension) as NonNullable<ReturnType<typeof bank.phones.get>> });
      lanes.push(new Lane(index, member(agent), member(target), deps));
    });

    // The run proper.
    const runStart = clock();
    const runMs = (options.minutes ?? options.maxMinutes) * 60_000;
    let started = 0;
    let aborted: string | null = null;
    const stopStarting = () => aborted !== null || clock() - runStart >= runMs || (options.minutes === null && started >= options.transfers);
    const transfers: TransferResult[] = [];
    const setupFailures: SoakSummary["setupFailures"][number][] = [];
    let seq = 0;

    const laneLoop = async (lane: Lane) => {
      const laneRng = rng.fork(`lane-${lane.index}`);
      while (!stopStarting()) {
        await (faults as Faults).healthy();
        if (stopStarting()) break;
        started += 1;
        const scenario = pickScenario(laneRng, ++seq, lane.index);
        const run = await lane.run(scenario);
        if (run.kind === "setup-failed") {
          setupFailures.push({ description: run.description, error: run.error });
          log(`${run.description}: could not set up the call: ${run.error}`);
          continue;
        }
        const t = run.result;
        transfers.push(t);
        const flags = [t.lost ? "LOST" : "", t.disagrees ? "DISAGREES" : "", t.notFinalIn60s ? "NOT FINAL" : ""].filter(Boolean).join(" ");
        log(`${t.description} -> ${t.outcome}${t.finalAfterMs === null ? "" : ` (${(t.finalAfterMs / 1000).toFixed(1)} s)`}${flags === "" ? "" : ` ${flags}: ${t.why ?? ""}`}`);
      }
    };
    const faultLoop = async () => {
      for (const planned of planFaults(rng.fork("fault-plan"), runMs)) {
        while (!stopStarting() && clock() - runStart < planned.atMs) await sleep(250);
        if (stopStarting()) return;
        log(`fault: ${planned.kind}`);
        try {
          await (faults as Faults).inject(planned.kind);
        } catch (error) {
          log(`fault ${planned.kind} did not recover: ${error instanceof Error ? error.message : String(error)}`);
          aborted = `could not recover from ${planned.kind}`;
          return;
        }
      }
    };
    await Promise.all([...lanes.map(laneLoop), faultLoop()]);
    const durationMs = clock() - runStart;
    // What each app was last told, once every socket is back and has had what it missed sent again.
    await Promise.all([...users.values()].map((user) => user.reconnected(15_000)));
    await sleep(2_000);
    const told = transfers.map((t) => ({ ...t, streamStatus: t.transferId === null ? null : (users.get(t.requester)?.streamed.get(t.transferId)?.at(-1) ?? null) }));

    const duplicates = findDuplicates(tap.actions);
    const summary: SoakSummary = {
      seed: options.seed,
      durationMs,
      lanes: options.lanes,
      serverRoot: checkout === null ? "the working tree" : `commit ${checkout.commit.slice(0, 12)}`,
      reproduce: reproduceCommand(options),
      transfers: told,
      setupFailures,
      duplicates,
      faults: faults.injected,
    };
    const table = renderSummary(summary);
    console.log(table);
    if (aborted !== null) console.log(`\nthe run stopped early: ${aborted}`);
    const record = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options,
      machine: { node: process.version, platform: platform(), arch: arch(), cpus: cpus().length },
      counters: counters(summary),
      aborted,
      ...summary,
      actions: tap.actions.filter((a) => MOVING_ACTIONS.has(a.fields.Action ?? "")).map((a) => ({ at: a.at, epoch: a.epoch, ...a.fields })),
    };
    const json = JSON.stringify(record, null, 2) + "\n";
    writeFileSync(`${RESULTS}${stamp}.json`, json);
    writeFileSync(`${RESULTS}latest.json`, json);
    console.log(`\nresults in ${RESULTS.replace(REPO, "")}${stamp}.json (and latest.json), log in ${stamp}.log and ${stamp}-server.log`);
    if (aborted !== null) return 1;
    return options.check && anyProblem(counters(summary)) ? 1 : 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((error: unknown) => log(`cleanup: ${String(error)}`));
    // Never leave the shared Asterisk stopped (a restart fault or a set-up cut short, say).
    if (faults?.restartingAsterisk === true || !(await pbxListening())) await restartPbx(log).catch((error: unknown) => log(`pbx up after the soak failed: ${String(error)}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
