import { sqliteHotPath, type Db } from "./database";
import type { IdempotencyKeysTable } from "./schema";

const FIND = "select request_hash, status_code, response_json from idempotency_keys where agent_id = ? and key = ?";
const SAVE =
  "insert into idempotency_keys (agent_id, key, request_hash, status_code, response_json, created_at) values (@agent_id, @key, @request_hash, @status_code, @response_json, @created_at) " +
  "on conflict (agent_id, key) do nothing";

export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  body: unknown;
}

/** Responses kept per (agent, Idempotency-Key), so a retried request gets the first answer. On SQLite through prepared statements: every transfer request reads and writes here. */
export class IdempotencyStore {
  private readonly hot;

  constructor(private readonly db: Db) {
    this.hot = sqliteHotPath(db);
  }

  async find(agentId: string, key: string): Promise<StoredResponse | undefined> {
    const row = this.hot?.available
      ? (this.hot.statement(FIND).get(agentId, key) as Pick<IdempotencyKeysTable, "request_hash" | "status_code" | "response_json"> | undefined)
      : await this.db.selectFrom("idempotency_keys").select(["request_hash", "status_code", "response_json"]).where("agent_id", "=", agentId).where("key", "=", key).executeTakeFirst();
    if (row === undefined) return undefined;
    return { requestHash: row.request_hash, statusCode: row.status_code, body: JSON.parse(row.response_json) as unknown };
  }

  async save(agentId: string, key: string, response: StoredResponse, now = new Date()): Promise<void> {
    const row: IdempotencyKeysTable = {
      agent_id: agentId,
      key,
      request_hash: response.requestHash,
      status_code: response.statusCode,
      response_json: JSON.stringify(response.body),
      created_at: now.toISOString(),
    };
    const hot = this.hot;
    if (hot?.available) {
      hot.write(() => hot.statement(SAVE).run(row));
      return;
    }
    await this.db
      .insertInto("idempotency_keys")
      .values(row)
      .onConflict((conflict) => conflict.columns(["agent_id", "key"]).doNothing())
      .execute();
  }
}
