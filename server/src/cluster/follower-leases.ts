import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { StoredLiveTransfer, TransfersStore } from "../store/transfers";

/** A replica unheard of for this long is dead to the others; it says it is alive four times as often. */
export const LEASE_MS = 1_000;
const RENEW_MS = 250;

export interface FollowerLeasesOptions {
  redis: Redis;
  me: string;
  /** How the others reach this replica: the value of its key, read by transfer-forwarding.ts. */
  url: string;
  store: Pick<TransfersStore, "othersFollowing" | "takeOver">;
  /** Whether this replica's channel view is current (AMI connected and resynced): only then may it settle what it takes. */
  ready: () => boolean;
  adopt: (rows: StoredLiveTransfer[]) => number;
  log: FastifyBaseLogger;
}

/**
 * Each replica keeps a short-lived Redis key saying it is alive (and where it is). A survivor that finds a replica's key gone takes its
 * live transfers (one UPDATE, so two survivors never both take one) and follows them on from their records and its own
 * channel view, which is current since every replica reads the same events: within LEASE_MS + RENEW_MS of the death.
 * After its own Redis link was away, a replica waits a whole lease before judging others: they need that long to say
 * they are alive again, and an outage of Redis is no death of a replica.
 */
export class FollowerLeases {
  private readonly timer: NodeJS.Timeout;
  private connectedSince: number | null = null;
  private running = false;

  constructor(private readonly o: FollowerLeasesOptions) {
    this.timer = setInterval(() => void this.tick(), RENEW_MS);
    this.timer.unref();
    void this.tick();
  }

  /** This replica's Redis link dropped (Redis may have restarted empty): wait a whole lease again before judging. */
  linkLost(): void {
    this.connectedSince = null;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.o.redis.set(aliveKey(this.o.me), this.o.url, "PX", LEASE_MS);
      const now = Date.now();
      this.connectedSince ??= now;
      if (now - this.connectedSince < LEASE_MS + RENEW_MS || !this.o.ready()) return;
      for (const other of await this.o.store.othersFollowing(this.o.me)) {
        if ((await this.o.redis.exists(aliveKey(other))) === 1) continue;
        const taken = await this.o.store.takeOver(other, this.o.me);
        const adopted = this.o.adopt(taken);
        if (taken.length > 0) this.o.log.warn({ dead: other, transfers: taken.length, adopted }, "took over the live transfers of a replica that stopped renewing its lease");
      }
    } catch {
      // Redis or the database away: judge nobody until this replica has been back a whole lease.
      this.connectedSince = null;
    } finally {
      this.running = false;
    }
  }
}

/** A replica's key while it lives; its value is the replica's address. */
export const aliveKey = (replica: string) => `handoff:alive:${replica}`;
