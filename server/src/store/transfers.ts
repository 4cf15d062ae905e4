import type { Transfer, TransferStatus } from "@handoff/contract";
import type { Db } from "./database";
import type { TransferStepsTable, TransfersTable } from "./schema";

function toTransfer(row: TransfersTable, steps: readonly TransferStepsTable[]): Transfer {
  return {
    id: row.id,
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

/** Transfers with their audit trail: every status change, when, and who asked. */
export class TransfersStore {
  constructor(private readonly db: Db) {}

  async create(row: TransfersTable): Promise<Transfer> {
    const step: TransferStepsTable = { transfer_id: row.id, seq: 1, status: row.status, at: row.created_at, by_agent_id: row.from_agent_id, reason: null };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto("transfers").values(row).execute();
      await trx.insertInto("transfer_steps").values(step).execute();
    });
    return toTransfer(row, [step]);
  }

  async addStep(id: string, status: TransferStatus, at: string, by: string | null, reason: string | null): Promise<Transfer> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx.selectFrom("transfer_steps").select((eb) => eb.fn.max("seq").as("seq")).where("transfer_id", "=", id).executeTakeFirst();
      await trx.insertInto("transfer_steps").values({ transfer_id: id, seq: Number(last?.seq ?? 0) + 1, status, at, by_agent_id: by, reason }).execute();
      await trx.updateTable("transfers").set({ status, reason, updated_at: at }).where("id", "=", id).execute();
      return this.load(trx, id);
    });
  }

  async setTargetAgent(id: string, agentId: string): Promise<void> {
    await this.db.updateTable("transfers").set({ to_agent_id: agentId }).where("id", "=", id).execute();
  }

  async get(id: string): Promise<Transfer | undefined> {
    const row = await this.db.selectFrom("transfers").selectAll().where("id", "=", id).executeTakeFirst();
    if (row === undefined) return undefined;
    return toTransfer(row, await this.steps([id]).then((all) => all.get(id) ?? []));
  }

  async forCalls(callIds: readonly string[]): Promise<Map<string, Transfer[]>> {
    const byCall = new Map<string, Transfer[]>();
    if (callIds.length === 0) return byCall;
    const rows = await this.db.selectFrom("transfers").selectAll().where("call_id", "in", callIds).orderBy("created_at").execute();
    const steps = await this.steps(rows.map((row) => row.id));
    for (const row of rows) {
      const list = byCall.get(row.call_id) ?? [];
      list.push(toTransfer(row, steps.get(row.id) ?? []));
      byCall.set(row.call_id, list);
    }
    return byCall;
  }

  /** Transfers not yet final: after a restart or reconnect they are reconciled with Asterisk. */
  async live(): Promise<Transfer[]> {
    const rows = await this.db.selectFrom("transfers").select("id").where("status", "in", ["initiated", "ringing", "answered", "unknown"]).execute();
    const out: Transfer[] = [];
    for (const { id } of rows) {
      const transfer = await this.get(id);
      if (transfer !== undefined) out.push(transfer);
    }
    return out;
  }

  private async steps(ids: readonly string[]): Promise<Map<string, TransferStepsTable[]>> {
    const byId = new Map<string, TransferStepsTable[]>();
    if (ids.length === 0) return byId;
    const rows = await this.db.selectFrom("transfer_steps").selectAll().where("transfer_id", "in", ids).orderBy("transfer_id").orderBy("seq").execute();
    for (const row of rows) byId.set(row.transfer_id, [...(byId.get(row.transfer_id) ?? []), row]);
    return byId;
  }

  private async load(trx: Db, id: string): Promise<Transfer> {
    const row = await trx.selectFrom("transfers").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    const steps = await trx.selectFrom("transfer_steps").selectAll().where("transfer_id", "=", id).orderBy("seq").execute();
    return toTransfer(row, steps);
  }
}
