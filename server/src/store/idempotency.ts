import { sqliteHotPath, type Db } from "./database";
import type { IdempotencyKeysTable } from "./schema";

const FIND = "select request_hash, status_code, response_json from idempotency_keys where agent_id = ? and key = ?";
const SAVE =
  "insert into idempotency_keys (agent_id, key, request_hash, status_code, response_json, created_at) values (@agent_id, @key, @request_hash, @status_code, @response_json, @created_at) " +
  "on conflict (agent_id, key) do nothing";

/** A key's row while its first request runs (on a shared database): no answer yet. */
const PENDING = 0;
/** A pending row older than this belongs to a request whose server died; a retry may run it. */
const ABANDONED_AFTER_MS = 30_000;

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

  /** On a database several servers share, a key is taken (reserve) before its request runs; alone, memory suffices. */
  get shared(): boolean {
    return this.hot === undefined;
  }

  /**
   * Takes the key for a request about to run: true for exactly one of any number of servers asking at once
   * (one insert wins, the rest find its row). A pending row left by a server that died is taken over.
   */
  async reserve(agentId: string, key: string, requestHash: string, now = new Date()): Promise<boolean> {
    const stale = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString();
    const taken = await this.db
      .insertInto("idempotency_keys")
      .values({ agent_id: agentId, key, request_hash: requestHash, status_code: PENDING, response_json: "null", created_at: now.toISOString() })
      .onConflict((conflict) =>
        conflict
          .columns(["agent_id", "key"])
          .doUpdateSet({ request_hash: requestHash, created_at: now.toISOString() })
          .where("idempotency_keys.status_code", "=", PENDING)
          .where("idempotency_keys.created_at", "<", stale),
      )
      .returning("agent_id")
      .executeTakeFirst();
    return taken !== undefined;
  }

  /** Lets go of a key whose request ended without an answer to keep (a 5xx): a retry runs it again. */
  async release(agentId: string, key: string): Promise<void> {
    await this.db.deleteFrom("idempotency_keys").where("agent_id", "=", agentId).where("key", "=", key).where("status_code", "=", PENDING).execute();
  }

  /** The stored answer, "pending" while another server runs the first request, or undefined. */
  async find(agentId: string, key: string): Promise<StoredResponse | "pending" | undefined> {
    const row = this.hot?.available
      ? (this.hot.statement(FIND).get(agentId, key) as Pick<IdempotencyKeysTable, "request_hash" | "status_code" | "response_json"> | undefined)
      : await this.db.selectFrom("idempotency_keys").select(["request_hash", "status_code", "response_json"]).where("agent_id", "=", agentId).where("key", "=", key).executeTakeFirst();
    if (row === undefined) return undefined;
    if (row.status_code === PENDING) return "pending";
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
    // Fills in the reserved row (shared database), or writes a new one; a stored answer is never replaced.
    await this.db
      .insertInto("idempotency_keys")
      .values(row)
      .onConflict((conflict) =>
        conflict
          .columns(["agent_id", "key"])
          .doUpdateSet({ status_code: row.status_code, response_json: row.response_json })
          .where("idempotency_keys.status_code", "=", PENDING),
      )
      .execute();
  }
}
