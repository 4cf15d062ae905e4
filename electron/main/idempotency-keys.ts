import { randomUUID } from "node:crypto";

/**
 * One Idempotency-Key per user action. A new request gets a new key; the same
 * request sent again while the previous attempt's outcome is unknown (the
 * network failed after sending) is a retry of that action and reuses its key,
 * so the server answers with what it already did instead of moving the call twice.
 */
export class IdempotencyKeys {
  private readonly pending = new Map<string, { key: string; at: number }>();

  constructor(
    private readonly options: { newKey?: () => string; now?: () => number; reuseWindowMs?: number } = {},
  ) {}

  keyFor(request: unknown): string {
    const fingerprint = canonicalJson(request);
    const now = this.now();
    for (const [print, entry] of this.pending) if (now - entry.at > this.reuseWindowMs) this.pending.delete(print);
    const existing = this.pending.get(fingerprint);
    if (existing !== undefined) return existing.key;
    const key = (this.options.newKey ?? randomUUID)();
    this.pending.set(fingerprint, { key, at: now });
    return key;
  }

  /** The server answered (done or refused): the next identical request is a new action. */
  settle(request: unknown): void {
    this.pending.delete(canonicalJson(request));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private get reuseWindowMs(): number {
    return this.options.reuseWindowMs ?? 120_000;
  }
}

/** JSON with object keys sorted, so equal requests have equal fingerprints. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
