import type { Transfer, TransferStatus } from "@handoff/contract";
import { sqliteHotPath, type Db } from "./database";
import type { TransferStepsTable, TransfersTable } from "./schema";

const LIVE_STATUSES: readonly TransferStatus[] = ["initiated", "ringing", "answered", "recalling", "unknown"];

// The hot path's statements (SQLite), with the columns of schema.ts by name.
const INSERT_TRANSFER =
  "insert into transfers (id, kind, linked_id, sip_call_id, mode, target_kind, target_value, target_label, status, reason, note, from_agent_id, to_agent_id, created_at, updated_at, follow_json, live_caller, follower) " +
  "values (@id, @kind, @linked_id, @sip_call_id, @mode, @target_kind, @target_value, @target_label, @status, @reason, @note, @from_agent_id, @to_agent_id, @created_at, @updated_at, @follow_json, @live_caller, @follower)";
const INSERT_STEP = "insert into transfer_steps (transfer_id, seq, status, at, by_agent_id, reason) values (@transfer_id, @seq, @status, @at, @by_agent_id, @reason)";
// A final transfer (follow_json null) lets go of its caller.
const UPDATE_TRANSFER =
  "update transfers set status = @status, reason = @reason, to_agent_id = @to_agent_id, updated_at = @updated_at, follow_json = @follow_json, " +
  "live_caller = case when @follow_json is null then null else live_caller end where id = @id";
const UPDATE_FOLLOW = "update transfers set follow_json = @follow_json where id = @id";

function toTransfer(row: TransfersTable, steps: readonly TransferStepsTable[]): Transfer {
  return {
    id: row.id,
    kind: row.kind,
    callId: row.sip_call_id,
    mode: row.mode,
    target: { kind: row.target_kind, value: row.target_value, label: row.target_label },
    status: row.status as TransferStatus,
    reason: row.reason,
    note: row.note,
    fromAgentId: row.from_agent_id,
    toAgentId: row.to_agent_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    history: steps.map((step) => ({ status: step.status as TransferStatus, at: step.at, by: step.by_agent_id, reason: step.reason })),
  };
}

/** Another live transfer (on this replica or another) already moves this caller: the database's unique index said so. */
export class CallerAlreadyMovingError extends Error {
  override readonly name = "CallerAlreadyMovingError";
  constructor(readonly callerUniqueId: string) {
    super(`a live transfer already moves the caller ${callerUniqueId}`);
  }
}

/** SQLite's and PostgreSQL's words for a broken unique index. */
const isUniqueViolation = (error: unknown) => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE";
};

/** A transfer that was live when it was last written, with what is needed to follow it on. */
export interface StoredLiveTransfer {
  transfer: Transfer;
  followJson: string | null;
}

/**
 * Transfers with their audit trail: every status change, when, and who asked.
 * A live transfer also carries what the server follows of it (follow_json),
 * written in the same transaction as its steps, so a restart resumes from it.
 * On SQLite the writes go through prepared statements (sqlite-hot-path.ts): they
 * are on every transfer request's path.
 */
export class TransfersStore {
  private readonly hot;

  /** `follower`: this replica's name when several share the database; null on a single server. */
  constructor(
    private readonly db: Db,
    private readonly follower: string | null = null,
  ) {
    this.hot = sqliteHotPath(db);
  }

  /**
   * Records a new transfer and its first step: done before any action is written to the PBX. With the caller's
   * uniqueid, a second live transfer of that caller is refused here (CallerAlreadyMovingError), whichever replica writes it.
   */
  async create(transfer: Transfer, linkedId: string, followJson: string, callerUniqueId: string | null = null): Promise<void> {
    const first = transfer.history[0];
    if (first === undefined) throw new Error("a transfer starts with its first step");
    const row: TransfersTable = {
      id: transfer.id,
      kind: transfer.kind,
      linked_id: linkedId,
      sip_call_id: transfer.callId,
      mode: transfer.mode,
      target_kind: transfer.target.kind,
      target_value: transfer.target.value,
      target_label: transfer.target.label,
      status: transfer.status,
      reason: transfer.reason,
      note: transfer.note,
      from_agent_id: transfer.fromAgentId,
      to_agent_id: transfer.toAgentId,
      created_at: transfer.createdAt,
      updated_at: transfer.updatedAt,
      follow_json: followJson,
      live_caller: callerUniqueId,
      follower: this.follower,
    };
    const step: TransferStepsTable = { transfer_id: transfer.id, seq: 1, status: first.status, at: first.at, by_agent_id: first.by, reason: first.reason };
    const hot = this.hot;
    try {
      if (hot?.available) {
        hot.write(() => {
          hot.statement(INSERT_TRANSFER).run(row);
          hot.statement(INSERT_STEP).run(step);
        });
        return;
      }
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto("transfers").values(row).execute();
        await trx.insertInto("transfer_steps").values(step).execute();
      });
    } catch (error) {
      if (callerUniqueId !== null && isUniqueViolation(error)) throw new CallerAlreadyMovingError(callerUniqueId);
      throw error;
    }
  }

  /** Appends the transfer's newest step and its new state; `followJson` null once it is final. */
  async addStep(transfer: Transfer, followJson: string | null): Promise<void> {
    const seq = transfer.history.length;
    const step = transfer.history[seq - 1];
    if (step === undefined) throw new Error("no step to add");
    const stepRow: TransferStepsTable = { transfer_id: transfer.id, seq, status: step.status, at: step.at, by_agent_id: step.by, reason: step.reason };
    const change = { status: transfer.status, reason: transfer.reason, to_agent_id: transfer.toAgentId, updated_at: transfer.updatedAt, follow_json: followJson };
    const letGo = followJson === null ? { live_caller: null } : {};
    const hot = this.hot;
    if (hot?.available) {
      hot.write(() => {
        hot.statement(INSERT_STEP).run(stepRow);
        hot.statement(UPDATE_TRANSFER).run({ ...change, id: transfer.id });
      });
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto("transfer_steps").values(stepRow).execute();
      await trx.updateTable("transfers").set({ ...change, ...letGo }).where("id", "=", transfer.id).execute();
    });
  }

  /** What is followed changed without a new step (an action asked for, a channel learnt of). */
  async saveFollow(id: string, followJson: string): Promise<void> {
    const hot = this.hot;
    if (hot?.available) {
      hot.write(() => hot.statement(UPDATE_FOLLOW).run({ id, follow_json: followJson }));
      return;
    }
    await this.db.updateTable("transfers").set({ follow_json: followJson }).where("id", "=", id).execute();
  }

  async get(id: string): Promise<Transfer | undefined> {
    const row = await this.db.selectFrom("transfers").selectAll().where("id", "=", id).executeTakeFirst();
    if (row === undefined) return undefined;
    return toTransfer(row, (await this.steps([id])).get(id) ?? []);
  }

  /** The other replicas named as following a live transfer. */
  async othersFollowing(me: string): Promise<string[]> {
    const rows = await this.db.selectFrom("transfers").select("follower").distinct().where("live_caller", "is not", null).where("follower", "is not", null).where("follower", "<>", me).execute();
    return rows.flatMap((row) => (row.follower === null ? [] : [row.follower]));
  }

  /** Takes a dead replica's live transfers, in one statement: of two replicas taking them at once, one gets each. */
  async takeOver(dead: string, me: string): Promise<StoredLiveTransfer[]> {
    const rows = await this.db.updateTable("transfers").set({ follower: me }).where("follower", "=", dead).where("live_caller", "is not", null).returningAll().execute();
    const steps = await this.steps(rows.map((row) => row.id));
    return rows.map((row) => ({ transfer: toTransfer(row, steps.get(row.id) ?? []), followJson: row.follow_json }));
  }

  /** The replica following a live transfer (null: none named, or final; undefined: no such transfer). */
  async followerOf(id: string): Promise<string | null | undefined> {
    const row = await this.db.selectFrom("transfers").select(["follower", "live_caller"]).where("id", "=", id).executeTakeFirst();
    return row === undefined ? undefined : row.live_caller === null ? null : row.follower;
  }

  /** Transfers of calls, by Asterisk linkedid. */
  async forCalls(linkedIds: readonly string[]): Promise<Map<string, Transfer[]>> {
    const byCall = new Map<string, Transfer[]>();
    if (linkedIds.length === 0) return byCall;
    const rows = await this.db.selectFrom("transfers").selectAll().where("linked_id", "in", linkedIds).orderBy("created_at").execute();
    const steps = await this.steps(rows.map((row) => row.id));
    for (const row of rows) {
      const list = byCall.get(row.linked_id) ?? [];
      list.push(toTransfer(row, steps.get(row.id) ?? []));
      byCall.set(row.linked_id, list);
    }
    return byCall;
  }

  /** Transfers not yet final that this server follows (with replicas: its own, and any no replica named): a restarted server follows them on. */
  async live(): Promise<StoredLiveTransfer[]> {
    const me = this.follower;
    let query = this.db.selectFrom("transfers").selectAll().where("status", "in", LIVE_STATUSES);
    if (me !== null) query = query.where((eb) => eb.or([eb("follower", "is", null), eb("follower", "=", me)]));
    const rows = await query.execute();
    const steps = await this.steps(rows.map((row) => row.id));
    return rows.map((row) => ({ transfer: toTransfer(row, steps.get(row.id) ?? []), followJson: row.follow_json }));
  }

  private async steps(ids: readonly string[]): Promise<Map<string, TransferStepsTable[]>> {
    const byId = new Map<string, TransferStepsTable[]>();
    if (ids.length === 0) return byId;
    const rows = await this.db.selectFrom("transfer_steps").selectAll().where("transfer_id", "in", ids).orderBy("transfer_id").orderBy("seq").execute();
    for (const row of rows) {
      let list = byId.get(row.transfer_id);
      if (list === undefined) byId.set(row.transfer_id, (list = []));
      list.push(row);
    }
    return byId;
  }
}
