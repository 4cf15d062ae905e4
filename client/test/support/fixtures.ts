import type { AgentQueueState, BoardAgent, CallContext, CallRecord, Conference, DirectoryEntry, LoginResponse, MonitoringSession, QueueFigures, QueueSettings, SupervisorAuditEntry, Transfer } from "@handoff/contract";

/** Contract-valid answers of the API for tests. The token is long and distinctive so a leak check can find it anywhere. */
export const TOKEN = "tok_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c";
export const RENEWED_TOKEN = "tok_renewed_0a1b2c3d4e5f6a7b8c9d0e1f";

export const TRANSFER_ID = "3f2b8c1e-7d4a-4e6b-9c2d-1a0b9e8f7c6d";

export function loginResponse(overrides: Partial<LoginResponse> = {}): LoginResponse {
  return {
    token: TOKEN,
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    agent: { id: "agent-alice", name: "Alice Martin", username: "alice", extension: "1001", role: "agent" },
    sip: { wsServer: "wss://pbx.example.test:8089/ws", aor: "sip:1001@pbx.example.test", authorizationUsername: "1001", authorizationPassword: "sip-pass-1001", displayName: "Alice Martin" },
    ...overrides,
  };
}

export function transfer(overrides: Partial<Transfer> = {}): Transfer {
  const at = "2025-01-01T10:00:00.000Z";
  return {
    id: TRANSFER_ID,
    kind: "transfer",
    callId: "call-1@pbx",
    mode: "blind",
    target: { kind: "extension", value: "1002", label: "Bob (1002)" },
    status: "ringing",
    reason: null,
    note: null,
    fromAgentId: "agent-alice",
    toAgentId: "agent-bob",
    createdAt: at,
    updatedAt: at,
    history: [{ status: "initiated", at, by: "agent-alice", reason: null }],
    ...overrides,
  };
}

export function directoryEntry(overrides: Partial<DirectoryEntry> = {}): DirectoryEntry {
  return { id: "agent-bob", name: "Bob Lee", extension: "1002", role: "agent", presence: "available", since: "2025-01-01T09:00:00.000Z", ...overrides };
}

export function callContext(overrides: Partial<CallContext> = {}): CallContext {
  return { transferId: TRANSFER_ID, sipCallId: "abc@pbx", kind: "transfer", from: { name: "Alice Martin", extension: "1001" }, note: "Wants a refund", reason: null, ...overrides };
}

export function callRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  return { id: "call-1", agentId: "agent-alice", remote: { name: "Customer", number: "+33100000000" }, startedAt: "2025-01-01T10:00:00.000Z", endedAt: null, transfers: [transfer()], ...overrides };
}

/** A real agent id is a UUID (supervisor actions name one). */
export const BOB_ID = "5d0c7a52-3c1e-4b7a-9f0e-2a6b8c4d1e3f";

export function queueSettings(overrides: Partial<QueueSettings> = {}): QueueSettings {
  return {
    queues: [{ name: "support", extension: "2000" }, { name: "sales", extension: "2001" }],
    pauseReasons: ["Break", "Lunch", "Training", "Back office", "Meeting"],
    dispositions: ["Resolved", "Callback needed", "Escalated", "Wrong number"],
    wrapUpSeconds: 30,
    serviceLevelSeconds: 20,
    ...overrides,
  };
}

export function queueState(overrides: Partial<AgentQueueState> = {}): AgentQueueState {
  return {
    agentId: "agent-alice",
    queues: [
      { queue: "support", signedIn: true, since: "2025-01-01T09:00:00.000Z" },
      { queue: "sales", signedIn: false, since: null },
    ],
    pause: null,
    wrapUp: null,
    ...overrides,
  };
}

export function queueFigures(overrides: Partial<QueueFigures> = {}): QueueFigures {
  return {
    queue: "support",
    waiting: 2,
    oldestWaitingSince: "2025-01-01T09:59:00.000Z",
    signedIn: 3,
    available: 1,
    paused: 1,
    answeredToday: 40,
    abandonedToday: 2,
    answeredWithinServiceLevelToday: 36,
    serviceLevel: 36 / 42,
    at: "2025-01-01T10:00:00.000Z",
    ...overrides,
  };
}

export function boardAgent(overrides: Partial<BoardAgent> = {}): BoardAgent {
  return {
    agentId: BOB_ID,
    name: "Bob Lee",
    extension: "1002",
    role: "agent",
    activity: { state: "paused", since: "2025-01-01T09:30:00.000Z", reason: "Lunch" },
    call: null,
    transfers: [],
    queues: ["support"],
    ...overrides,
  };
}

export function auditEntry(overrides: Partial<SupervisorAuditEntry> = {}): SupervisorAuditEntry {
  return {
    id: "audit-1",
    at: "2025-01-01T10:01:00.000Z",
    supervisorId: "agent-sue",
    supervisorName: "Sue Park",
    action: "pause.end",
    agentId: BOB_ID,
    agentName: "Bob Lee",
    detail: "Lunch",
    ...overrides,
  };
}

export const MONITORING_ID = "00000000-0000-4000-8000-00000000aaaa";

export function monitoringSession(overrides: Partial<MonitoringSession> = {}): MonitoringSession {
  return {
    id: MONITORING_ID,
    supervisor: { agentId: "agent-sue", name: "Sue Park", extension: "1006" },
    agent: { agentId: BOB_ID, name: "Bob Lee", extension: "1002" },
    mode: "listen",
    modes: ["listen"],
    status: "active",
    shownToAgent: false,
    startedAt: "2025-01-01T10:00:00.000Z",
    endedAt: null,
    endReason: null,
    ...overrides,
  };
}

export const CONFERENCE_ID = "00000000-0000-4000-8000-00000000cccc";

/** Alice's conference with the caller and Bob, all in the room. */
export function conference(overrides: Partial<Conference> = {}): Conference {
  const at = "2025-01-01T10:00:00.000Z";
  return {
    id: CONFERENCE_ID,
    status: "active",
    reason: null,
    hostAgentId: "agent-alice",
    participants: [
      { id: "1735725600.1", agentId: null, name: "Carol Customer", number: "5550100", state: "in", talking: false },
      { id: "1735725600.2", agentId: "agent-alice", name: "Alice Martin", number: "1001", state: "in", talking: false },
      { id: "1735725600.3", agentId: BOB_ID, name: "Bob Lee", number: "1002", state: "in", talking: false },
    ],
    createdAt: at,
    updatedAt: at,
    history: [{ status: "active", at, by: "agent-alice", reason: "merged" }],
    ...overrides,
  };
}
