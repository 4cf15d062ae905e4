import { createHash } from "node:crypto";
import { clientError } from "./domain-errors";
import { HttpError } from "./http-error";
import type { IdempotencyStore, StoredResponse } from "../store/idempotency";

/** How long a duplicate waits for the first request's answer on another server, and how often it looks. */
const ELSEWHERE_WAIT_MS = 10_000;
const ELSEWHERE_POLL_MS = 25;

/**
 * Runs a request once per (agent, key): a retry gets the stored answer, and a
 * concurrent duplicate waits for the first one instead of acting again.
 *
 * A new answer is saved just after the response has gone (on the next macrotask),
 * and kept in memory until then, so a duplicate in between still gets it. A crash in
 * that instant is no new window: it is the one between the action and its answer,
 * where the client's retry finds no key either, and the transfer's own record (and
 * the channel it holds) refuses to move the call twice.
 */
export class IdempotentRunner {
  private readonly inFlight = new Map<string, Promise<StoredResponse>>();

  constructor(
    private readonly store: IdempotencyStore,
    private readonly onSaveFailed: (error: unknown) => void,
  ) {}

  async run(agentId: string, key: string, request: unknown, action: () => Promise<{ statusCode: number; body: unknown }>): Promise<{ statusCode: number; body: unknown }> {
    const requestHash = createHash("sha256").update(JSON.stringify(request)).digest("hex");
    const slot = `${agentId}\u0000${key}`;
    let pending = this.inFlight.get(slot);
    if (pending === undefined) {
      const first = this.firstRun(agentId, key, requestHash, action);
      pending = first.then(({ response }) => response);
      this.inFlight.set(slot, pending);
      void first
        .then(({ saved }) => saved, () => undefined)
        .finally(() => this.inFlight.delete(slot));
    }
    const response = await pending;
    if (response.requestHash !== requestHash) {
      throw new HttpError("unprocessable", "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
    }
    return { statusCode: response.statusCode, body: response.body };
  }

  private async firstRun(agentId: string, key: string, requestHash: string, action: () => Promise<{ statusCode: number; body: unknown }>): Promise<{ response: StoredResponse; saved?: Promise<void> }> {
    const stored = await this.store.find(agentId, key);
    if (stored === "pending") return { response: await this.answerFromElsewhere(agentId, key) };
    if (stored !== undefined) return { response: stored };
    // Several servers on one database: the key is taken in it before acting, so only one of them acts.
    if (this.store.shared && !(await this.store.reserve(agentId, key, requestHash))) return { response: await this.answerFromElsewhere(agentId, key) };
    let response: StoredResponse;
    try {
      const { statusCode, body } = await action();
      response = { requestHash, statusCode, body };
    } catch (thrown) {
      // A refusal (4xx) is an answer too: the same key gets it again without acting.
      const error = clientError(thrown);
      if (error === undefined || error.statusCode >= 500) {
        if (this.store.shared) await this.store.release(agentId, key).catch(this.onSaveFailed);
        throw thrown;
      }
      const body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
      response = { requestHash, statusCode: error.statusCode, body };
    }
    const saved = new Promise<void>((resolve) =>
      setImmediate(() => {
        this.store
          .save(agentId, key, response)
          .catch(this.onSaveFailed)
          .finally(resolve);
      }),
    );
    return { response, saved };
  }

  /** Another server runs this key's first request: its answer, once saved (a transfer's is within milliseconds). */
  private async answerFromElsewhere(agentId: string, key: string): Promise<StoredResponse> {
    for (const deadline = Date.now() + ELSEWHERE_WAIT_MS; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, ELSEWHERE_POLL_MS))) {
      const stored = await this.store.find(agentId, key);
      if (stored === undefined) break;
      if (stored !== "pending") return stored;
    }
    throw new HttpError("conflict", "A request with this Idempotency-Key is still running on another server. Send it again in a moment to get its answer.");
  }
}
