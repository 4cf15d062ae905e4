import type { Db } from "./database";

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** Responses kept per (agent, Idempotency-Key), so a retried request gets the first answer. */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  async find(agentId: string, key: string): Promise<StoredResponse | undefined> {
    const row = await this.db.selectFrom("idempotency_keys").selectAll().where("agent_id", "=", agentId).where("key", "=", key).executeTakeFirst();
    if (row === undefined) return undefined;
    return { requestHash: row.request_hash, statusCode: row.status_code, body: JSON.parse(row.response_json) as unknown };
  }

  async save(agentId: string, key: string, response: StoredResponse, now = new Date()): Promise<void> {
    await this.db
      .insertInto("idempotency_keys")
      .values({
        agent_id: agentId,
        key,
        request_hash: response.requestHash,
        status_code: response.statusCode,
        response_json: JSON.stringify(response.body),
        created_at: now.toISOString(),
      })
      .onConflict((conflict) => conflict.columns(["agent_id", "key"]).doNothing())
      .execute();
  }
}
