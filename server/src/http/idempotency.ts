import { createHash } from "node:crypto";
import { clientError } from "./domain-errors";
import { HttpError } from "./http-error";
import type { IdempotencyStore, StoredResponse } from "../store/idempotency";

/**
 * Runs a request once per (agent, key): a retry gets the stored answer, and a
 * concurrent duplicate waits for the first one instead of acting again.
 */
export class IdempotentRunner {
  private readonly inFlight = new Map<string, Promise<StoredResponse>>();

  constructor(private readonly store: IdempotencyStore) {}

  async run(agentId: string, key: string, request: unknown, action: () => Promise<{ statusCode: number; body: unknown }>): Promise<{ statusCode: number; body: unknown }> {
    const requestHash = createHash("sha256").update(JSON.stringify(request)).digest("hex");
    const slot = `${agentId}\u0000${key}`;
    let pending = this.inFlight.get(slot);
    if (pending === undefined) {
      pending = this.firstRun(agentId, key, requestHash, action);
      this.inFlight.set(slot, pending);
      void pending.finally(() => this.inFlight.delete(slot)).catch(() => undefined);
    }
    const response = await pending;
    if (response.requestHash !== requestHash) {
      throw new HttpError("unprocessable", "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
    }
    return { statusCode: response.statusCode, body: response.body };
  }

  private async firstRun(agentId: string, key: string, requestHash: string, action: () => Promise<{ statusCode: number; body: unknown }>): Promise<StoredResponse> {
    const stored = await this.store.find(agentId, key);
    if (stored !== undefined) return stored;
    try {
      const { statusCode, body } = await action();
      const response = { requestHash, statusCode, body };
      await this.store.save(agentId, key, response);
      return response;
    } catch (thrown) {
      // A refusal (4xx) is an answer too: the same key gets it again without acting.
      const error = clientError(thrown);
      if (error !== undefined && error.statusCode < 500) {
        const body = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
        const response = { requestHash, statusCode: error.statusCode, body };
        await this.store.save(agentId, key, response);
        return response;
      }
      throw thrown;
    }
  }
}
