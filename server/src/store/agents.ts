import type { ChosenStatus, Role } from "@handoff/contract";
import type { Db } from "./database";
import type { AgentsTable } from "./schema";

export type AgentRow = AgentsTable;

export interface SeedAgent {
  id: string;
  username: string;
  name: string;
  extension: string | null;
  role: Role;
  passwordHash: string;
}

/** Agents as the server stores them: the directory's source and the login check. */
export class AgentsStore {
  constructor(private readonly db: Db) {}

  byUsername(username: string): Promise<AgentRow | undefined> {
    return this.db.selectFrom("agents").selectAll().where("username", "=", username).executeTakeFirst();
  }

  byId(id: string): Promise<AgentRow | undefined> {
    return this.db.selectFrom("agents").selectAll().where("id", "=", id).executeTakeFirst();
  }

  all(): Promise<AgentRow[]> {
    return this.db.selectFrom("agents").selectAll().orderBy("name").execute();
  }

  async setChosenStatus(id: string, status: ChosenStatus): Promise<void> {
    await this.db.updateTable("agents").set({ chosen_status: status }).where("id", "=", id).execute();
  }

  /** Inserts or refreshes demo/provisioned agents, keeping their chosen status. */
  async upsert(agents: readonly SeedAgent[], now = new Date()): Promise<void> {
    for (const agent of agents) {
      await this.db
        .insertInto("agents")
        .values({
          id: agent.id,
          username: agent.username,
          name: agent.name,
          extension: agent.extension,
          role: agent.role,
          password_hash: agent.passwordHash,
          chosen_status: "available",
          created_at: now.toISOString(),
        })
        .onConflict((conflict) =>
          conflict.column("username").doUpdateSet({
            name: agent.name,
            extension: agent.extension,
            role: agent.role,
            password_hash: agent.passwordHash,
          }),
        )
        .execute();
    }
  }
}
