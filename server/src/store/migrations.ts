import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";

// Written once, never edited: a change is a new entry. Portable SQL only, so
// the same list runs on SQLite and Postgres.
const migrations: Record<string, Migration> = {
  "0001-initial": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("agents")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("username", "text", (c) => c.notNull().unique())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("extension", "text", (c) => c.unique())
        .addColumn("role", "text", (c) => c.notNull().check(sql`role in ('agent', 'supervisor', 'bot')`))
        .addColumn("password_hash", "text", (c) => c.notNull())
        .addColumn("sip_password", "text")
        .addColumn("chosen_status", "text", (c) => c.notNull().defaultTo("available"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("calls")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("linked_id", "text", (c) => c.notNull())
        .addColumn("agent_id", "text", (c) => c.notNull().references("agents.id"))
        .addColumn("remote_name", "text", (c) => c.notNull())
        .addColumn("remote_number", "text", (c) => c.notNull())
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("ended_at", "text")
        .execute();
      await db.schema.createIndex("calls_agent_started").on("calls").columns(["agent_id", "started_at"]).execute();
      await db.schema
        .createTable("transfers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("call_id", "text", (c) => c.notNull())
        .addColumn("sip_call_id", "text", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("target_kind", "text", (c) => c.notNull())
        .addColumn("target_value", "text", (c) => c.notNull())
        .addColumn("target_label", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("reason", "text")
        .addColumn("note", "text")
        .addColumn("from_agent_id", "text", (c) => c.notNull().references("agents.id"))
        .addColumn("to_agent_id", "text", (c) => c.references("agents.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("transfers_call").on("transfers").column("call_id").execute();
      await db.schema
        .createTable("transfer_steps")
        .addColumn("transfer_id", "text", (c) => c.notNull().references("transfers.id"))
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("by_agent_id", "text")
        .addColumn("reason", "text")
        .addPrimaryKeyConstraint("transfer_steps_pk", ["transfer_id", "seq"])
        .execute();
      await db.schema
        .createTable("idempotency_keys")
        .addColumn("agent_id", "text", (c) => c.notNull())
        .addColumn("key", "text", (c) => c.notNull())
        .addColumn("request_hash", "text", (c) => c.notNull())
        .addColumn("status_code", "integer", (c) => c.notNull())
        .addColumn("response_json", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("idempotency_keys_pk", ["agent_id", "key"])
        .execute();
    },
  },
  "0002-transfer-follow": {
    // What a restarted server needs to keep following a live transfer, and names that say one thing:
    // linked_id is Asterisk's id of the call, sip_call_id the agent's SIP Call-ID (none for a bot handoff).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("transfers").renameColumn("call_id", "linked_id").execute();
      await db.schema.alterTable("transfers").addColumn("kind", "text", (c) => c.notNull().defaultTo("transfer")).execute();
      await db.schema.alterTable("transfers").addColumn("follow_json", "text").execute();
      // SQLite cannot drop NOT NULL in place: a nullable copy of the column replaces it.
      await db.schema.alterTable("transfers").addColumn("agent_sip_call_id", "text").execute();
      await sql`update transfers set agent_sip_call_id = sip_call_id`.execute(db);
      await db.schema.alterTable("transfers").dropColumn("sip_call_id").execute();
      await db.schema.alterTable("transfers").renameColumn("agent_sip_call_id", "sip_call_id").execute();
      await db.schema.createIndex("transfers_status").on("transfers").column("status").execute();
    },
  },
  "0003-sessions": {
    // A sign-in is a session: tokens name it (sid) and the one token id it currently accepts (jti).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("sessions")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("agent_id", "text", (c) => c.notNull().references("agents.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("max_expires_at", "text", (c) => c.notNull())
        .addColumn("current_jti", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("revoked_reason", "text")
        .execute();
      await db.schema.createIndex("sessions_agent").on("sessions").column("agent_id").execute();
    },
  },
  "0004-no-sip-password": {
    // SIP passwords are issued per sign-in into the PBX's realtime auth table (server/src/sip/): the
    // long-lived one per agent, handed out at every login and never revoked, is gone.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("agents").dropColumn("sip_password").execute();
    },
  },
  "0005-remembered-sign-ins": {
    // A browser's "remember me": outlives its sessions (each resume starts a new one) but not the sign-in's
    // maximum age; its cookie names a generation, so a copy used after the original is seen for what it is.
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("remembered_sign_ins")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("agent_id", "text", (c) => c.notNull().references("agents.id"))
        .addColumn("generation", "integer", (c) => c.notNull())
        .addColumn("session_id", "text", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("revoked_reason", "text")
        .execute();
      await db.schema.createIndex("remembered_sign_ins_session").on("remembered_sign_ins").column("session_id").execute();
    },
  },
  "0006-queue-work": {
    // After-call work: the queue a call came from and the agent's disposition live with the call in history;
    // every supervisor action on another agent's queue work is kept (who, what, whom, when).
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("calls").addColumn("queue", "text").execute();
      await db.schema.alterTable("calls").addColumn("disposition", "text").execute();
      await db.schema.alterTable("calls").addColumn("disposition_note", "text").execute();
      await db.schema.alterTable("calls").addColumn("disposition_by", "text").execute();
      await db.schema.alterTable("calls").addColumn("disposition_at", "text").execute();
      await db.schema
        .createTable("supervisor_audit")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("at", "text", (c) => c.notNull())
        .addColumn("supervisor_id", "text", (c) => c.notNull().references("agents.id"))
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("agent_id", "text", (c) => c.notNull().references("agents.id"))
        .addColumn("detail", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("supervisor_audit_at").on("supervisor_audit").column("at").execute();
    },
  },
  "0007-queue-day-totals": {
    // A queue's answered and abandoned calls of one day in the center's time zone, so that a restarted
    // server's board goes on from the morning's counts. One row per queue and day; integer counters,
    // added to by upserts (ON CONFLICT ... DO UPDATE: SQLite since 3.24 and PostgreSQL alike).
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("queue_day_totals")
        .addColumn("queue", "text", (c) => c.notNull())
        .addColumn("day", "text", (c) => c.notNull())
        .addColumn("answered", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("abandoned", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("answered_within_service_level", "integer", (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint("queue_day_totals_pk", ["queue", "day"])
        .execute();
    },
  },
  "0008-replicas": {
    // Several replicas on one database: a caller is moved by one live transfer at a time whichever replica asks
    // (the unique index refuses the second: NULLs, once a transfer is final, never collide), and each live transfer
    // names the replica following it, so a replica starting up resumes its own and not another's.
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("transfers").addColumn("live_caller", "text").execute();
      await db.schema.alterTable("transfers").addColumn("follower", "text").execute();
      await db.schema.createIndex("transfers_live_caller").on("transfers").column("live_caller").unique().execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
