import { Redis } from "ioredis";

export type RedisLinkState = "connecting" | "connected" | "reconnecting" | "closed";

export class RedisUnavailableError extends Error {
  override readonly name = "RedisUnavailableError";
  constructor(url: string, waitedMs: number) {
    super(`Redis at ${redactedUrl(url)} did not answer within ${waitedMs / 1000} s. Start it (Debian: systemctl start redis-server) or fix HANDOFF_REDIS_URL; the server did not start.`);
  }
}

/** Never a password in a message or a log line. */
function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== "") parsed.password = "***";
  return parsed.toString();
}

/**
 * This replica's two links to the shared Redis. `stream` carries socket.io's stream adapter: its writes wait in
 * ioredis' offline queue while Redis is away and go out once it is back, so what this replica sent meanwhile still
 * reaches the others. `counters` carries the login budgets: it fails at once while Redis is away (no queue), so a
 * sign-in is never held up by an outage; the budget falls back to this replica's own count (shared-budget.ts).
 */
export class RedisLink {
  private current: RedisLinkState = "connecting";
  private readonly listeners = new Set<(state: RedisLinkState) => void>();

  private constructor(
    readonly stream: Redis,
    readonly counters: Redis,
  ) {
    stream.on("ready", () => this.set("connected"));
    stream.on("reconnecting", () => this.set("reconnecting"));
    // ioredis emits errors while it reconnects; the state says it, and an unheard "error" would end the process.
    stream.on("error", () => undefined);
    counters.on("error", () => undefined);
  }

  /** Connects both links; a Redis that does not answer at start stops the server with the fix. */
  static async open(url: string, waitMs = 10_000): Promise<RedisLink> {
    // Reconnects every 100 ms up to 1 s apart: real-time comes back within a second of Redis.
    const retryStrategy = (times: number) => Math.min(100 * times, 1_000);
    const stream = new Redis(url, { retryStrategy, maxRetriesPerRequest: null, lazyConnect: true });
    const counters = new Redis(url, { retryStrategy, enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    const link = new RedisLink(stream, counters);
    const timeout = new Promise<never>((_resolve, reject) => setTimeout(() => reject(new RedisUnavailableError(url, waitMs)), waitMs).unref());
    try {
      await Promise.race([Promise.all([stream.connect(), counters.connect()]), timeout]);
    } catch (error) {
      link.close();
      throw error instanceof RedisUnavailableError ? error : new RedisUnavailableError(url, waitMs);
    }
    return link;
  }

  get state(): RedisLinkState {
    return this.current;
  }

  onState(listener: (state: RedisLinkState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.set("closed");
    this.stream.disconnect();
    this.counters.disconnect();
  }

  private set(state: RedisLinkState): void {
    if (this.current === state || this.current === "closed") return;
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
