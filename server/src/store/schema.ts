/** Tables as both SQLite and Postgres hold them: ids are text, times are ISO-8601 text. */
export interface Database {
  agents: AgentsTable;
  calls: CallsTable;
  supervisor_audit: SupervisorAuditTable;
  queue_day_totals: QueueDayTotalsTable;
  transfers: TransfersTable;
  transfer_steps: TransferStepsTable;
  idempotency_keys: IdempotencyKeysTable;
  sessions: SessionsTable;
  remembered_sign_ins: RememberedSignInsTable;
}

export interface AgentsTable {
  id: string;
  username: string;
  name: string;
  extension: string | null;
  role: "agent" | "supervisor" | "bot";
  password_hash: string;
  chosen_status: "available" | "away" | "dnd";
  created_at: string;
}

export interface CallsTable {
  /** One agent's part in one call: "<linkedid>:<agent id>". */
  id: string;
  /** Asterisk's linkedid: one id for every channel of one call, across transfers. */
  linked_id: string;
  agent_id: string;
  remote_name: string;
  remote_number: string;
  started_at: string;
  ended_at: string | null;
  /** The queue the agent took it from (AgentComplete), null for a direct call or a transfer. */
  queue?: string | null;
  disposition?: string | null;
  disposition_note?: string | null;
  disposition_by?: string | null;
  disposition_at?: string | null;
}

export interface SupervisorAuditTable {
  id: string;
  at: string;
  supervisor_id: string;
  /** A SupervisorAction of the contract. */
  action: string;
  agent_id: string;
  detail: string;
}

/** One queue's counts of one day (YYYY-MM-DD in the center's time zone). */
export interface QueueDayTotalsTable {
  queue: string;
  day: string;
  answered: number;
  abandoned: number;
  /** Answered with a hold time within the service level's seconds. */
  answered_within_service_level: number;
}

export interface TransfersTable {
  id: string;
  kind: "transfer" | "handoff";
  /** Asterisk's linkedid of the call (calls.linked_id). */
  linked_id: string;
  /** The transferring agent's SIP Call-ID; null for a bot handoff. */
  sip_call_id: string | null;
  mode: "blind" | "attended";
  target_kind: "agent" | "extension" | "queue" | "external" | "remote";
  target_value: string;
  target_label: string;
  status: string;
  reason: string | null;
  note: string | null;
  from_agent_id: string;
  to_agent_id: string | null;
  created_at: string;
  updated_at: string;
  /** While the transfer lives: what the server follows (transfers/model.ts Followed), as JSON; null once final. */
  follow_json: string | null;
  /** While the transfer lives: the caller's uniqueid, unique among live transfers (one move per caller on every replica); null once final. */
  live_caller: string | null;
  /** The replica following it (HANDOFF_REPLICA_ID); null on a single server. */
  follower: string | null;
}

export interface TransferStepsTable {
  transfer_id: string;
  /** 1, 2, 3… within one transfer: the order of its steps. */
  seq: number;
  status: string;
  at: string;
  by_agent_id: string | null;
  reason: string | null;
}

export interface IdempotencyKeysTable {
  agent_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_json: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  agent_id: string;
  created_at: string;
  /** No token of this session lives past it, however often it is renewed. */
  max_expires_at: string;
  /** The one token id (jti) the session accepts now; renewing replaces it. */
  current_jti: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export interface RememberedSignInsTable {
  id: string;
  agent_id: string;
  /** Which cookie is the live one: each resume moves it on, and an older one coming back is a copy. */
  generation: number;
  /** The session the last sign-in or resume started: ended with the remembered sign-in. */
  session_id: string;
  created_at: string;
  /** The first sign-in's maximum age: resuming never extends it. */
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}
