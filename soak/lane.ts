/**
 * One lane: a transferring agent and a target agent, each with a phone, that
 * run one scenario after another. For each: a customer (or a bot's caller) is
 * put on the line, the transfer is requested through the server's HTTP API,
 * the phones behave as the scenario says, and the outcome is judged from
 * Asterisk's channel list against the server's final status. The lane tidies
 * every channel of the call before it starts the next one.
 */
import type { CallSnapshot } from "../src/telephony/types";
import { ServerUnreachableError, type ApiReply, type ApiUser } from "./lib/api";
import type { Faults } from "./faults";
import { sleep, type PbxAccess } from "./lib/pbx";
import type { Phone, RingPlan } from "./lib/phones";
import type { Outcome, TransferResult } from "./report";
import { completes, describeScenario, type Scenario } from "./scenarios";
import { callerState, describeState, FINAL_STATUSES, isSettled, judge, type CallerState, type ChannelRecord, type TargetParty } from "./truth";

export interface LaneMember {
  readonly username: string;
  readonly extension: string;
  readonly api: ApiUser;
  readonly phone: Phone;
}

export interface LaneDeps {
  readonly pbx: PbxAccess;
  readonly faults: Faults;
  readonly bot: ApiUser;
  readonly clock: () => number;
  readonly log: (line: string) => void;
  /** Resolves once the server answers its health check again (after a kill). */
  serverUp(): Promise<void>;
}

/** The bound: a transfer not final this long after it was asked for is counted. */
export const FINAL_WITHIN_MS = 60_000;
/** A caller settled this long (with a human, or gone) is where the transfer left it. */
const SETTLED_FOR_MS = 1_000;
const TICK_MS = 250;

const UNREGISTERED_EXTENSION = "1003";
const OFFLINE_AGENT = "carol";
const QUEUE = "support";
const EXTERNAL_NUMBER = "0123456789";

interface Live {
  readonly scenario: Scenario;
  readonly number: string;
  phase: "customer" | "transfer";
  caller: string | null;
  /** Every channel of this call shares it (Dial, Queue and Atxfer legs inherit it). */
  linkedid: string | null;
  /** The agent's phone has rung for this call since the transfer began (a recall): later queue rings are the fallback. */
  recallSeen: boolean;
}

export type LaneRun = { readonly kind: "transfer"; readonly result: TransferResult } | { readonly kind: "setup-failed"; readonly description: string; readonly error: string };

export class Lane {
  current: Live | null = null;

  constructor(
    readonly index: number,
    readonly agent: LaneMember,
    readonly target: LaneMember,
    private readonly d: LaneDeps,
  ) {}

  owns(extension: string): boolean {
    return extension === this.agent.extension || extension === this.target.extension;
  }

  /** What one of this lane's phones does with a call ringing at it for this lane's caller. */
  async planRing(phone: Phone, call: CallSnapshot): Promise<RingPlan> {
    const live = this.current;
    const ignore: RingPlan = { kind: "ignore" };
    if (live === null) return ignore;
    const s = live.scenario;
    const isAgent = phone.extension === this.agent.extension;
    if (live.phase === "customer") return isAgent && call.remote.number === live.number ? { kind: "answer", afterMs: 200 + (s.seq % 5) * 100 } : ignore;
    const queued = live.caller !== null && (await this.callerIsQueued(live.caller));
    const queueIsTarget = s.target.kind === "queue" && !live.recallSeen;
    if (isAgent) {
      // The caller fell back to the queue (a bot's failed target, a missed recall): the agent takes it from there.
      if (queued) return queueIsTarget ? ignore : { kind: "answer", afterMs: s.fallbackAnswerAfterMs };
      if (s.kind === "bot-handoff") return ignore;
      live.recallSeen = true;
      return s.recall.kind === "answers" ? { kind: "answer", afterMs: s.recall.afterMs } : ignore;
    }
    if (queued ? !queueIsTarget : s.target.kind !== "lane-agent") return ignore;
    const b = s.targetBehaviour;
    switch (b.kind) {
      case "answers":
        return { kind: "answer", afterMs: b.afterMs };
      case "busy":
        return { kind: "busy", afterMs: b.afterMs };
      case "hangs-up-mid-consultation":
        // Once the caller is with this phone the consultation is over: hanging up then would be an ordinary end of call.
        return { kind: "answer", afterMs: b.answerAfterMs, hangup: { afterMs: b.hangupAfterMs, stillConsulting: () => this.callerNotWith(live, phone.extension) } };
      default:
        return ignore;
    }
  }

  private async callerNotWith(live: Live, extension: string): Promise<boolean> {
    if (live.caller === null || this.current !== live) return false;
    try {
      const state = callerState((await this.d.pbx.channels()).records, live.caller);
      return !(state.kind === "bridged" && state.parties.some((p) => p.kind === "phone" && p.extension === extension));
    } catch {
      return true;
    }
  }

  private async callerIsQueued(caller: string): Promise<boolean> {
    try {
      const state = callerState((await this.d.pbx.channels()).records, caller);
      return state.kind === "queued";
    } catch {
      return false;
    }
  }

  async run(s: Scenario): Promise<LaneRun> {
    const number = `55${this.index}${String(s.seq).padStart(5, "0")}`;
    const live: Live = { scenario: s, number, phase: "customer", caller: null, linkedid: null, recallSeen: false };
    const description = describeScenario(s);
    this.current = live;
    let watch: CallerWatch | null = null;
    try {
      let setup: { caller: ChannelRecord; sipCallId: string | null };
      try {
        setup = s.kind === "bot-handoff" ? await this.botCaller(number) : await this.customerOnAgent(number);
      } catch (error) {
        return { kind: "setup-failed", description, error: error instanceof Error ? error.message : String(error) };
      }
      const caller = setup.caller.Channel ?? "";
      live.caller = caller;
      live.linkedid = setup.caller.Linkedid ?? null;
      live.phase = "transfer";
      const t0 = this.d.clock();
      const faultsAtStart = this.d.faults.injected.length;
      const busyAtStart = this.d.faults.busy;
      watch = new CallerWatch(this.d, caller, t0);
      watch.start();

      const requests: { what: string; status: number | "unreachable"; code?: string }[] = [];
      const note = (what: string, reply: ApiReply | "unreachable") =>
        requests.push(reply === "unreachable" ? { what, status: reply } : { what, status: reply.status, ...(reply.body.error ? { code: reply.body.error.code } : {}) });

      const hangupTimer =
        s.callerHangupAfterMs === null
          ? null
          : setTimeout(() => {
              void watch?.hangUpCaller();
            }, s.callerHangupAfterMs);

      const replies = await this.ask(s, caller, setup.sipCallId);
      for (const r of replies) note(s.kind === "bot-handoff" ? "handoff" : "execute", r);
      const accepted = replies.flatMap((r) => (r !== "unreachable" && r.status === 202 && r.body.transfer ? [r.body.transfer.id] : []));
      const transferId = accepted[0] ?? null;
      const extraAccepted = new Set(accepted).size > 1;
      const api = s.kind === "bot-handoff" ? this.d.bot : this.agent.api;
      const statuses = new StatusWatch(api, transferId, this.d.clock);
      statuses.start();
      const refusedAt = transferId === null ? this.d.clock() : null;

      if (transferId !== null && s.mode === "attended") {
        const trigger = s.kind === "attended-complete-while-ringing" || (s.kind === "attended-cancel" && s.targetBehaviour.kind === "no-answer") ? "ringing" : "answered";
        if (await statuses.until((seen) => seen.includes(trigger), t0 + FINAL_WITHIN_MS)) {
          await sleep(s.finishAfterMs);
          let replies = await this.finish(s, transferId);
          for (const [what, r] of replies) note(what, r);
          // Refused (the server had lost track, say, or was restarting) while the consultation is still open:
          // the agent, who still sees it, presses again every couple of seconds, as a person would.
          for (let again = 0; again < 5 && !replies.some(([, r]) => r !== "unreachable" && r.status === 200) && statuses.final === null; again++) {
            await sleep(2_000);
            replies = await this.finish({ ...s, finish: "single" }, transferId);
            for (const [what, r] of replies) note(`${what} again`, r);
          }
        }
      }

      // Settled: the server's word is final and the caller has stayed with someone (or gone) for a moment.
      const deadline = t0 + FINAL_WITHIN_MS;
      while (this.d.clock() < deadline) {
        const final = transferId === null || statuses.final !== null;
        if (final && watch.settledForMs() >= SETTLED_FOR_MS) break;
        await sleep(TICK_MS);
      }
      if (hangupTimer !== null) clearTimeout(hangupTimer);
      statuses.stop();
      let status: string | null = "refused";
      if (transferId !== null) {
        status = await api.status(transferId);
        if (status === null) {
          await this.d.serverUp();
          status = await api.status(transferId);
        }
      }
      await watch.tick();
      watch.stop();
      const finalAfterMs = transferId === null ? (refusedAt ?? t0) - t0 : statuses.final !== null ? statuses.final - t0 : status !== null && FINAL_STATUSES.has(status) ? this.d.clock() - t0 : null;
      const verdict = judge({ status, end: watch.last, beforeGone: watch.beforeGone, goneBy: watch.goneBy, target: this.targetParty(s), agent: s.kind === "bot-handoff" ? null : this.agent.extension });
      const outcome: Outcome = status === "refused" ? "refused" : status !== null && FINAL_STATUSES.has(status) ? (status as Outcome) : "not final";
      const faults = [...(busyAtStart ? ["a fault already in progress"] : []), ...this.d.faults.injected.slice(faultsAtStart).map((f) => f.kind), ...(this.d.faults.busy ? ["a fault still in progress"] : [])];
      const why = [verdict.why, extraAccepted ? `two transfers accepted for one call (${[...new Set(accepted)].join(", ")})` : null].filter((w) => w !== null).join("; ");
      const streamed = transferId === null ? undefined : api.streamed.get(transferId);
      return {
        kind: "transfer",
        result: {
          scenario: s,
          description,
          transferId,
          requests,
          status,
          requester: api.username,
          streamStatus: streamed?.at(-1) ?? null,
          outcome,
          finalAfterMs,
          notFinalIn60s: transferId !== null && (finalAfterMs === null || finalAfterMs > FINAL_WITHIN_MS),
          lost: verdict.lost,
          disagrees: verdict.disagrees || extraAccepted,
          why: why === "" ? null : why,
          end: watch.last,
          trajectory: watch.trajectory,
          faults,
          startedAt: t0,
          endedAt: this.d.clock(),
        },
      };
    } finally {
      await this.tidy(live, watch).catch((error: unknown) => this.d.log(`lane ${this.index}: tidying #${s.seq} failed: ${String(error)}`));
      this.current = null;
    }
  }

  /** The customer calls the agent, who answers; returns the caller's channel and the Call-ID the agent's phone sees. */
  private async customerOnAgent(number: string): Promise<{ caller: ChannelRecord; sipCallId: string }> {
    await this.d.pbx.callAgent(this.agent.extension, number);
    const inbound = new RegExp(`^Local/${this.agent.extension}@handoff-inbound-[0-9a-f]+;2$`);
    const caller = await this.until("the customer bridged with the agent", 15_000, async () => {
      const { records } = await this.d.pbx.channels();
      const me = records.find((r) => inbound.test(r.Channel ?? "") && r.CallerIDNum === number);
      if (me === undefined) return undefined;
      const state = callerState(records, me.Channel ?? "");
      return state.kind === "bridged" && state.parties.some((p) => p.kind === "phone" && p.extension === this.agent.extension) ? me : undefined;
    });
    const sipCallId = await this.until("the agent's phone to show the call", 5_000, async () => this.agent.phone.calls.find((c) => c.remote.number === number && c.phase === "active")?.sipCallId);
    return { caller, sipCallId };
  }

  private async botCaller(number: string): Promise<{ caller: ChannelRecord; sipCallId: null }> {
    await this.d.pbx.callBot(number);
    const caller = await this.until("the bot's caller", 10_000, async () => {
      const { records } = await this.d.pbx.channels();
      return records.find((r) => /^Local\/s@handoff-bot-[0-9a-f]+;2$/.test(r.Channel ?? "") && r.CallerIDNum === number && callerState(records, r.Channel ?? "").kind === "with-bot");
    });
    return { caller, sipCallId: null };
  }

  /** The transfer request(s): one, the same Idempotency-Key twice at once, or two keys at once. A request the server never got is retried once it is back. */
  private async ask(s: Scenario, caller: string, sipCallId: string | null): Promise<(ApiReply | "unreachable")[]> {
    const key = () => `soak-${this.index}-${s.seq}-${Math.random().toString(36).slice(2, 10)}`;
    if (s.kind === "bot-handoff") {
      const body = { channel: caller, target: this.requestTarget(s), context: { reason: "Soak handoff", summary: describeScenario(s) } };
      // No Idempotency-Key on handoffs: a retry could move the caller twice, so none is made.
      const once = () => this.d.bot.request("POST", "/api/handoffs", body).catch((e: unknown) => (e instanceof ServerUnreachableError ? ("unreachable" as const) : Promise.reject(e)));
      return Promise.all(s.request === "single" ? [once()] : [once(), once()]);
    }
    const body = { callId: sipCallId, target: this.requestTarget(s), mode: s.mode };
    const execute = (k: string) => this.retrying(() => this.agent.api.request("POST", "/api/transfers/execute", body, { "idempotency-key": k }));
    switch (s.request) {
      case "single":
        return [await execute(key())];
      case "same-key-twice": {
        const k = key();
        return Promise.all([execute(k), execute(k)]);
      }
      case "two-keys":
        return Promise.all([execute(key()), execute(key())]);
    }
  }

  private async finish(s: Scenario, id: string): Promise<[string, ApiReply | "unreachable"][]> {
    const send = (verb: "complete" | "cancel") => this.retrying(() => this.agent.api.request("POST", `/api/transfers/${id}/${verb}`)).then((r) => [verb, r] as [string, ApiReply | "unreachable"]);
    switch (s.finish) {
      case "single":
        return [await send(completes(s) ? "complete" : "cancel")];
      case "complete-twice":
        return Promise.all([send("complete"), send("complete")]);
      case "cancel-twice":
        return Promise.all([send("cancel"), send("cancel")]);
      case "complete-and-cancel":
        return Promise.all([send("complete"), send("cancel")]);
    }
  }

  private async retrying(request: () => Promise<ApiReply>): Promise<ApiReply | "unreachable"> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        return await request();
      } catch (error) {
        if (!(error instanceof ServerUnreachableError)) throw error;
        await this.d.serverUp();
      }
    }
    return "unreachable";
  }

  private requestTarget(s: Scenario): { kind: string; value: string } {
    switch (s.target.kind) {
      case "lane-agent":
        return { kind: "agent", value: this.target.username };
      case "unregistered-extension":
        return { kind: "extension", value: UNREGISTERED_EXTENSION };
      case "offline-agent":
        return { kind: "agent", value: OFFLINE_AGENT };
      case "queue":
        return { kind: "queue", value: QUEUE };
      case "external":
        return { kind: "external", value: EXTERNAL_NUMBER };
    }
  }

  private targetParty(s: Scenario): TargetParty {
    switch (s.target.kind) {
      case "lane-agent":
        return { kind: "phone", extension: this.target.extension };
      case "unregistered-extension":
      case "offline-agent":
        return { kind: "phone", extension: UNREGISTERED_EXTENSION };
      case "queue":
        return { kind: "any-phone", except: s.kind === "bot-handoff" ? null : this.agent.extension };
      case "external":
        return { kind: "outside" };
    }
  }

  /** Hangs up every channel of this call (they share the caller's linkedid) and waits until the lane's phones are idle for it. */
  private async tidy(live: Live, watch: CallerWatch | null): Promise<void> {
    watch?.stop();
    if (watch !== null) watch.hungUpBySoak = true;
    const deadline = Date.now() + 15_000;
    const mine = (r: ChannelRecord, linked: ReadonlySet<string>) => linked.has(r.Linkedid ?? "") || (live.caller !== null && r.Channel?.startsWith(live.caller.slice(0, -2)) === true);
    for (;;) {
      let records: readonly ChannelRecord[];
      try {
        records = (await this.d.pbx.channels()).records;
      } catch {
        if (Date.now() > deadline) break;
        await sleep(500);
        continue;
      }
      const linked = new Set(records.filter((r) => r.Channel !== undefined && live.caller !== null && r.Channel.startsWith(live.caller.slice(0, -2))).map((r) => r.Linkedid ?? ""));
      if (live.linkedid !== null) linked.add(live.linkedid);
      // The customer's Originate without a caller yet (set-up failed half-way): its Local channels carry the number.
      for (const r of records) if (r.CallerIDNum === live.number || r.ConnectedLineNum === live.number) linked.add(r.Linkedid ?? "");
      linked.delete("");
      const left = records.filter((r) => mine(r, linked));
      const phonesBusy = [this.agent.phone, this.target.phone].some((p) => p.calls.some((c) => this.isOurs(c, live)));
      if (left.length === 0 && !phonesBusy) return;
      if (Date.now() > deadline) break;
      await Promise.all(left.map((r) => this.d.pbx.hangup(r.Channel ?? "")));
      if (left.length === 0) await Promise.all([this.agent.phone, this.target.phone].map((p) => p.hangup((c) => this.isOurs(c, live))));
      await sleep(300);
    }
    this.d.log(`lane ${this.index}: #${live.scenario.seq} left channels or calls behind after 15 s of tidying`);
  }

  /** A call on this lane's phones that is this lane's: its caller's number, or no known caller's (a consultation). */
  private isOurs(call: CallSnapshot, live: Live): boolean {
    return call.remote.number === live.number || !/^55\d{6}$/.test(call.remote.number);
  }

  private async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await sleep(150);
    }
  }
}

/** Follows one caller in Asterisk's channel list: its trajectory, how long it has been where it is, and who ended it. */
class CallerWatch {
  readonly trajectory: { atMs: number; state: CallerState }[] = [];
  last: CallerState = { kind: "nobody", detail: "not looked at yet" };
  beforeGone: CallerState | null = null;
  goneBy: "soak" | "pbx-restart" | null = null;
  hungUpBySoak = false;
  private since = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly epoch: number;

  constructor(
    private readonly d: LaneDeps,
    private readonly caller: string,
    private readonly t0: number,
  ) {
    this.epoch = d.faults.asteriskEpoch;
  }

  start(): void {
    const loop = async () => {
      await this.tick();
      if (this.timer !== null) this.timer = setTimeout(() => void loop(), TICK_MS);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  async tick(): Promise<void> {
    let records: readonly ChannelRecord[];
    try {
      records = (await this.d.pbx.channels()).records;
    } catch {
      return; // Asterisk out of reach: nothing can be said.
    }
    const state = callerState(records, this.caller);
    if (this.trajectory.length > 0 && JSON.stringify(state) === JSON.stringify(this.last)) return;
    if (state.kind === "gone" && this.last.kind !== "gone") {
      this.goneBy = this.hungUpBySoak ? "soak" : this.d.faults.restartingAsterisk || this.d.faults.asteriskEpoch !== this.epoch ? "pbx-restart" : null;
    }
    if (state.kind !== "gone") this.beforeGone = state;
    this.last = state;
    this.since = this.d.clock();
    this.trajectory.push({ atMs: this.d.clock() - this.t0, state });
  }

  settledForMs(): number {
    return isSettled(this.last) ? this.d.clock() - this.since : 0;
  }

  /** The caller hangs up: where it was just before is what its transfer is judged by. */
  async hangUpCaller(): Promise<void> {
    await this.tick();
    if (this.last.kind === "gone") return;
    this.hungUpBySoak = true;
    this.d.log(`  caller ${this.caller} hangs up (${describeState(this.last)})`);
    // The customer's own end (;1): the ;2 half the transfer moved goes with it.
    await this.d.pbx.hangup(this.caller.replace(/;2$/, ";1"));
  }
}

/** The transfer's status as the server tells it: GET every half second, and the user's socket stream. */
class StatusWatch {
  /** When a final status was first seen (ms on the soak clock); null until then. */
  final: number | null = null;
  private last: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly api: ApiUser,
    private readonly id: string | null,
    private readonly clock: () => number,
  ) {}

  start(): void {
    if (this.id === null) return;
    const id = this.id;
    const loop = async () => {
      const status = await this.api.status(id);
      if (status !== null) this.last = status;
      this.check();
      if (this.timer !== null) this.timer = setTimeout(() => void loop(), 500);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Every status seen so far: the stream's, then the last GET. */
  seen(): string[] {
    return [...(this.id === null ? [] : (this.api.streamed.get(this.id) ?? [])), ...(this.last === null ? [] : [this.last])];
  }

  private check(): void {
    if (this.final === null && this.seen().some((s) => FINAL_STATUSES.has(s))) this.final = this.clock();
  }

  /** Waits until `reached` accepts what has been seen; false if the transfer went final first or the deadline passed. */
  async until(reached: (seen: string[]) => boolean, deadline: number): Promise<boolean> {
    while (this.clock() < deadline) {
      this.check();
      const seen = this.seen();
      if (reached(seen)) return true;
      if (this.final !== null) return false;
      await sleep(50);
    }
    return false;
  }
}
