/**
 * One agent transferring calls through the real server at a steady pace: a
 * customer call rings the agent's bare SIP.js phone (it answers by itself), the
 * agent asks the server for a blind transfer to an outside number (which answers
 * at once), waits until the server reports the transfer final, and the customer
 * hangs up. Each cycle gives one sample. Given two servers (a before/after run),
 * the agent's cycles alternate between them.
 */
import { randomUUID } from "node:crypto";
import { epochNow, type PhonePage } from "../lib/browser";
import type { AmiLink } from "./ami-link";

export interface TransferSample {
  readonly extension: string;
  /** Which server the transfer went to: "subject", or "baseline" (--baseline-root). */
  readonly server: string;
  /** Epoch ms just before the POST was written (the benchmark's clock). */
  readonly postedAt: number | undefined;
  /** POST /api/transfers/execute: request written to response body read. */
  readonly httpMs: number | undefined;
  readonly httpStatus: number | undefined;
  readonly transferId: string | undefined;
  /** POST written to the server reporting "completed" (polled every 50 ms, so up to 50 ms late). */
  readonly toCompletedMs: number | undefined;
  /** "completed", or what went wrong. */
  readonly outcome: string;
}

export interface TransferAgentOptions {
  /** The servers this agent is signed in to, taken in turn, one cycle each. */
  readonly servers: readonly { readonly name: string; readonly url: string; readonly token: string }[];
  readonly extension: string;
  /** The outside number the calls are sent to; one per agent, so each agent's legs can be told apart. */
  readonly target: string;
  readonly phone: PhonePage;
  readonly ami: AmiLink;
  /** Pause between the phone's answer and the POST: Asterisk bridges the two legs a moment after the 200 OK. */
  readonly settleMs: number;
}

const ANSWER_TIMEOUT_MS = 10_000;
const FINAL_TIMEOUT_MS = 10_000;
const POLL_MS = 50;
/** A customer call of this benchmark hangs up by itself after this long, even if the benchmark died. */
const CUSTOMER_MAX_SECONDS = 60;
const FINAL = new Set(["completed", "failed", "cancelled"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TransferAgent {
  private cycles = 0;

  constructor(private readonly o: TransferAgentOptions) {}

  /** Channels of this agent's customers and of the outside legs they were sent to. */
  get channelPatterns(): RegExp[] {
    return [new RegExp(`^Local/${this.o.extension}@handoff-inbound-`), new RegExp(`^Local/${this.o.target}@handoff-outside-`), new RegExp(`^PJSIP/${this.o.extension}-`)];
  }

  async cycle(): Promise<TransferSample> {
    const server = this.o.servers[this.cycles++ % this.o.servers.length];
    if (server === undefined) throw new Error("a transfer agent needs a server");
    const empty = { extension: this.o.extension, server: server.name, postedAt: undefined, httpMs: undefined, httpStatus: undefined, transferId: undefined, toCompletedMs: undefined };
    try {
      const before = new Set(await this.o.phone.established());
      await this.o.ami.send("Originate", {
        Channel: `Local/${this.o.extension}@handoff-inbound`,
        Context: "handoff-customer",
        Exten: "s",
        Priority: "1",
        CallerID: `Customer <5559${this.o.extension}>`,
        Variable: `TIMEOUT(absolute)=${CUSTOMER_MAX_SECONDS}`,
        Timeout: String(ANSWER_TIMEOUT_MS),
        Async: "true",
      });
      const callId = await this.answered(before);
      if (callId === undefined) return { ...empty, outcome: `the phone did not answer within ${ANSWER_TIMEOUT_MS / 1000} s` };
      await sleep(this.o.settleMs);
      return await this.transfer(server, callId);
    } catch (error) {
      return { ...empty, outcome: `error: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      await this.hangUpCustomer();
    }
  }

  /** Hangs up this agent's customers (the outside legs follow) and any call left on the phone. */
  async hangUpCustomer(): Promise<void> {
    await this.o.ami.send("Hangup", { Channel: `/^Local\\/${this.o.extension}@handoff-inbound-/` }).catch(() => undefined);
    await this.o.ami.send("Hangup", { Channel: `/^Local\\/${this.o.target}@handoff-outside-/` }).catch(() => undefined);
    const deadline = Date.now() + 2_000;
    while ((await this.o.phone.established()).length > 0 && Date.now() < deadline) await sleep(POLL_MS);
    if ((await this.o.phone.established()).length > 0) await this.o.phone.hangupAll();
  }

  private async answered(before: ReadonlySet<string>): Promise<string | undefined> {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const fresh = (await this.o.phone.established()).find((id) => !before.has(id));
      if (fresh !== undefined) return fresh;
      await sleep(POLL_MS);
    }
    return undefined;
  }

  private async transfer(server: TransferAgentOptions["servers"][number], callId: string): Promise<TransferSample> {
    const body = JSON.stringify({ callId, target: { kind: "external", value: this.o.target }, mode: "blind" });
    const headers = { "content-type": "application/json", authorization: `Bearer ${server.token}`, "idempotency-key": randomUUID() };
    const postedAt = epochNow();
    const response = await fetch(`${server.url}/api/transfers/execute`, { method: "POST", headers, body });
    const text = await response.text();
    const httpMs = epochNow() - postedAt;
    const base = { extension: this.o.extension, server: server.name, postedAt, httpMs, httpStatus: response.status };
    if (response.status !== 202) return { ...base, transferId: undefined, toCompletedMs: undefined, outcome: `HTTP ${response.status}: ${errorMessage(text)}` };
    const transferId = (JSON.parse(text) as { transfer?: { id?: string } }).transfer?.id;
    if (transferId === undefined) return { ...base, transferId, toCompletedMs: undefined, outcome: "the 202 reply has no transfer id" };

    const deadline = Date.now() + FINAL_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const poll = await fetch(`${server.url}/api/transfers/${transferId}`, { headers: { authorization: `Bearer ${server.token}` } });
      const transfer = ((await poll.json()) as { transfer?: { status?: string; reason?: string | null } }).transfer;
      if (transfer?.status !== undefined && FINAL.has(transfer.status)) {
        const toCompletedMs = epochNow() - postedAt;
        return { ...base, transferId, toCompletedMs, outcome: transfer.status === "completed" ? "completed" : `${transfer.status}: ${transfer.reason ?? ""}` };
      }
      await sleep(POLL_MS);
    }
    return { ...base, transferId, toCompletedMs: undefined, outcome: `not final within ${FINAL_TIMEOUT_MS / 1000} s` };
  }
}

/** The message of the server's one error shape, or the start of whatever came back. */
function errorMessage(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === "string") return message;
  } catch {
    // Not JSON: show it as it is.
  }
  return body.slice(0, 120);
}
