import { randomKey } from "./host";

/**
 * One Idempotency-Key per user action. A new request gets a new key; the same request
 * again while the earlier attempt's outcome is unknown (no answer, 5xx) is a retry of
 * that action (an automatic one, or the agent pressing Transfer again) and reuses its
 * key, so the server answers with what it already did instead of moving the call twice.
 * Once the server has answered (done, or refused), the same request is a new action.
 */
export class ActionKeys {
  private readonly pending = new Map<string, { key: string; at: number }>();

  constructor(
    private readonly now: () => number,
    private readonly newKey: () => string = randomKey,
    /** How long an unknown outcome still counts as the same action. */
    private readonly reuseWindowMs = 120_000,
  ) {}

  keyFor(fingerprint: string): string {
    const now = this.now();
    for (const [print, entry] of this.pending) if (now - entry.at > this.reuseWindowMs) this.pending.delete(print);
    const existing = this.pending.get(fingerprint);
    if (existing !== undefined) return existing.key;
    const key = this.newKey();
    this.pending.set(fingerprint, { key, at: now });
    return key;
  }

  /** The server answered: the next identical request is a new action. */
  settle(fingerprint: string): void {
    this.pending.delete(fingerprint);
  }
}

/** JSON with object keys sorted, so equal requests have equal fingerprints. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    typeof inner === "object" && inner !== null && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );
}
