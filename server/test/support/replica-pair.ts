import { randomBytes } from "node:crypto";
import { startTempPostgres, type TempPostgres } from "./postgres";
import { startTempRedis, type TempRedis } from "./redis";
import { startServerProcess, type ServerProcess } from "./server-process";

/** Two real server processes as replicas on a throwaway PostgreSQL and Redis of their own. */
export interface ReplicaPair {
  readonly postgres: TempPostgres;
  readonly redis: TempRedis;
  readonly replicas: readonly [ServerProcess, ServerProcess];
  stop(): Promise<void>;
}

/** `env` goes to both (the AMI proxy they share, a budget); each gets its name, replica-1 and replica-2. */
export async function startReplicaPair(env: Record<string, string> = {}): Promise<ReplicaPair> {
  const postgres = await startTempPostgres();
  const redis = await startTempRedis();
  const shared = {
    DATABASE_URL: postgres.url,
    HANDOFF_REDIS_URL: redis.url,
    // One secret for all replicas: a token one issued, any verifies.
    HANDOFF_JWT_SECRET: randomBytes(32).toString("hex"),
    ...env,
  };
  // One after the other: the first migrates the database, the second finds it done.
  const first = await startServerProcess({ ...shared, HANDOFF_REPLICA_ID: "replica-1" });
  const second = await startServerProcess({ ...shared, HANDOFF_REPLICA_ID: "replica-2" });
  return {
    postgres,
    redis,
    replicas: [first, second],
    async stop() {
      await first.stop();
      await second.stop();
      await redis.stop();
      postgres.stop();
    },
  };
}
