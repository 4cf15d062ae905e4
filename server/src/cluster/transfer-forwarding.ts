import type { FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import { HttpError } from "../http/http-error";
import type { TransfersStore } from "../store/transfers";
import { aliveKey } from "./follower-leases";

/** On a request one replica passed on: the receiver answers it itself, whatever it finds (no second hop). */
const FORWARDED_BY = "x-handoff-forwarded-by";
const FORWARD_TIMEOUT_MS = 5_000;
const UNREACHABLE = "The server following this transfer did not answer. Try again in a moment.";

/**
 * Complete and cancel act on the transfer as its follower holds it in memory (the state machine's guard against a
 * second action is there). A replica asked about a transfer another follows passes the request on (to the address in
 * that replica's lease, follower-leases.ts), with the agent's
 * own token, which the follower checks again: forwarding grants nothing.
 */
export class TransferForwarding {
  constructor(
    private readonly redis: Redis,
    private readonly me: string,
    private readonly store: Pick<TransfersStore, "followerOf">,
    private readonly followsHere: (transferId: string) => boolean,
  ) {}

  /** The follower's answer, or null when this replica answers itself (it follows it, nobody does, or the request was passed on). */
  async forward(transferId: string, request: FastifyRequest): Promise<{ statusCode: number; body: unknown } | null> {
    if (request.headers[FORWARDED_BY] !== undefined || this.followsHere(transferId)) return null;
    const follower = await this.store.followerOf(transferId);
    if (follower == null || follower === this.me) return null;
    // Its lease's value: gone with it, when it died (a survivor takes the transfer within a second; the agent retries).
    const url = await this.redis.get(aliveKey(follower)).catch(() => null);
    if (url === null) throw new HttpError("replica_unavailable", UNREACHABLE);
    try {
      const response = await fetch(`${url}${request.url}`, {
        method: request.method,
        headers: { authorization: request.headers.authorization ?? "", "content-type": "application/json", [FORWARDED_BY]: this.me },
        body: JSON.stringify(request.body ?? {}),
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      return { statusCode: response.status, body: (await response.json()) as unknown };
    } catch {
      throw new HttpError("replica_unavailable", UNREACHABLE);
    }
  }
}
