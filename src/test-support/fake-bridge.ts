import type {
  AgentQueueState,
  AvailableAgent,
  BoardAgent,
  BoardSnapshot,
  CallDisposition,
  DispositionArg,
  QueueFigures,
  QueueSelectionRequest,
  QueueSettings,
  SupervisorAuditEntry,
  Conference,
  MergeConferenceRequest,
  MonitoringMode,
  MonitoringNotice,
  MonitoringSession,
  MonitoringStartResponse,
  CallContext,
  CallRecord,
  ChosenStatus,
  DirectoryEntry,
  ExecuteTransferRequest,
  HandoffBridge,
  PbxStatusEvent,
  Presence,
  RealtimeState,
  Session,
  Settings,
  ShortcutAction,
  SignInRequest,
  Transfer,
  TransferStatus,
  SessionEndCause,
  SessionEnded,
  TrunkSummary,
} from "@handoff/contract";
import { Listeners } from "../bridge/listeners";
import { withDefaults } from "../bridge/default-settings";

export const SELF: Session["agent"] = { id: "a-self", name: "Sam Self", username: "sam", extension: "1001", role: "agent" };

export function entry(id: string, name: string, extension: string | null, presence: Presence): DirectoryEntry {
  return { id, name, extension, role: "agent", presence, since: "2025-01-01T09:00:00.000Z" };
}

export const QUEUE_SETTINGS: QueueSettings = {
  queues: [
    { name: "support", extension: "2000" },
    { name: "sales", extension: "2001" },
  ],
  pauseReasons: ["Break", "Lunch", "Training", "Back office", "Meeting"],
  dispositions: ["Resolved", "Callback needed", "Escalated", "Wrong number"],
  wrapUpSeconds: 30,
  serviceLevelSeconds: 20,
};

/** SELF's queue state: in neither queue, not paused, no wrap-up; `overrides` change that. */
export function queueStateOf(overrides: Partial<AgentQueueState> = {}): AgentQueueState {
  return {
    agentId: SELF.id,
    queues: QUEUE_SETTINGS.queues.map(({ name }) => ({ queue: name, signedIn: false, since: null })),
    pause: null,
    wrapUp: null,
    ...overrides,
  };
}

export function figuresOf(queue: string, overrides: Partial<QueueFigures> = {}): QueueFigures {
  return {
    queue,
    waiting: 0,
    oldestWaitingSince: null,
    signedIn: 0,
    available: 0,
    paused: 0,
    answeredToday: 0,
    abandonedToday: 0,
    answeredWithinServiceLevelToday: 0,
    serviceLevel: null,
    at: "2025-01-01T09:00:00.000Z",
    ...overrides,
  };
}

/** A board row; agent ids are UUIDs, as the supervisor's actions need. */
export function boardAgentOf(n: number, overrides: Partial<BoardAgent> = {}): BoardAgent {
  return {
    agentId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `Agent ${String(n).padStart(4, "0")}`,
    extension: String(2000 + n),
    role: "agent",
    activity: { state: "available", since: "2025-01-01T09:00:00.000Z" },
    call: null,
    transfers: [],
    queues: ["support"],
    ...overrides,
  };
}

let transferNumber = 0;

/** A transfer as the server would describe it, with `status` as its latest step. */
export function transferOf(request: ExecuteTransferRequest, status: TransferStatus = "initiated", reason: string | null = null, id?: string): Transfer {
  const at = new Date(Date.UTC(2025, 0, 1, 9, 0, transferNumber++)).toISOString();
  return {
    id: id ?? `00000000-0000-4000-8000-${String(transferNumber).padStart(12, "0")}`,
    kind: "transfer",
    callId: request.callId,
    mode: request.mode,
    target: { kind: request.target.kind, value: request.target.value, label: `target ${request.target.value}` },
    status,
    reason,
    note: request.note ?? null,
    fromAgentId: SELF.id,
    toAgentId: null,
    createdAt: at,
    updatedAt: at,
    history: [{ status, at, by: SELF.id, reason }],
  };
}

/**
 * An in-memory `HandoffBridge`: records what the app asked, answers from
 * fields a test sets, and lets the test push real-time events.
 */
export class FakeBridge implements HandoffBridge {
  readonly kind = "web" as const;
  readonly requests: Array<{ method: string; args: unknown[] }> = [];
  directoryEntries: DirectoryEntry[] = [];
  settings: Settings = withDefaults(null);
  session: Session | null = null;
  signInError: Error | null = null;
  executeError: Error | null = null;
  statusError: Error | null = null;
  /** What the server answers to complete and cancel (a 409 when one is already in flight, say). */
  actionError: Error | null = null;
  history: CallRecord[] = [];
  queueSettingsAnswer: QueueSettings = QUEUE_SETTINGS;
  queueStateAnswer: AgentQueueState = queueStateOf();
  queueFiguresAnswer: QueueFigures[] = QUEUE_SETTINGS.queues.map(({ name }) => figuresOf(name));
  boardAnswer: BoardSnapshot = { agents: [], queues: [], at: "2025-01-01T09:00:00.000Z" };
  auditAnswer: SupervisorAuditEntry[] = [];
  /** What the server answers to a queue, pause, disposition or supervisor request (a 4xx, say). */
  queueError: Error | null = null;
  private readonly transfers = new Listeners<Transfer>();
  private readonly presence = new Listeners<DirectoryEntry>();
  private readonly contexts = new Listeners<CallContext>();
  private readonly pbx = new Listeners<PbxStatusEvent>();
  private readonly realtime = new Listeners<RealtimeState>();
  private readonly sessionEnded = new Listeners<SessionEnded>();
  private readonly queueStates = new Listeners<AgentQueueState>();
  private readonly figures = new Listeners<QueueFigures>();
  private readonly boardAgents = new Listeners<BoardAgent>();
  private readonly audits = new Listeners<SupervisorAuditEntry>();
  private readonly monitoringUpdates = new Listeners<MonitoringSession>();
  private readonly monitoringNotices = new Listeners<MonitoringNotice>();
  /** What the next monitoring request answers: the session it starts or changes. */
  monitoringAnswer: MonitoringSession = monitoringSessionOf({});
  private readonly conferenceUpdates = new Listeners<Conference>();
  /** What the next conference request answers (or `conferenceError`, a 4xx say). */
  conferenceAnswer: Conference = conferenceOf({});
  conferenceError: Error | null = null;
  private readonly shortcuts = new Listeners<ShortcutAction>();
  private readonly known = new Map<string, Transfer>();
  private held: Array<() => void> | null = null;

  calledWith(method: string): unknown[][] {
    return this.requests.filter((request) => request.method === method).map((request) => request.args);
  }

  private record(method: string, ...args: unknown[]): void {
    this.requests.push({ method, args });
  }

  async signIn(request: SignInRequest): Promise<Session> {
    this.record("signIn", request);
    if (this.signInError !== null) throw this.signInError;
    this.session = { serverUrl: request.serverUrl, agent: SELF, sip: null };
    return this.session;
  }

  async signOut(): Promise<void> {
    this.record("signOut");
    this.session = null;
  }

  async currentSession(): Promise<Session | null> {
    return this.session;
  }

  async directory(): Promise<DirectoryEntry[]> {
    this.record("directory");
    return this.directoryEntries;
  }

  trunkSummaries: TrunkSummary[] = [];

  async trunks(): Promise<TrunkSummary[]> {
    this.record("trunks");
    return this.trunkSummaries;
  }

  async availableAgents(search: string): Promise<AvailableAgent[]> {
    this.record("availableAgents", search);
    return this.directoryEntries.filter((e) => e.presence === "available");
  }

  async setStatus(status: ChosenStatus): Promise<{ status: ChosenStatus; presence: Presence }> {
    this.record("setStatus", status);
    if (this.statusError !== null) throw this.statusError;
    return { status, presence: status === "available" ? "available" : "away" };
  }

  async executeTransfer(request: ExecuteTransferRequest): Promise<Transfer> {
    this.record("executeTransfer", request);
    if (this.executeError !== null) throw this.executeError;
    const transfer = transferOf(request);
    this.known.set(transfer.id, transfer);
    return transfer;
  }

  async completeTransfer(id: string): Promise<Transfer> {
    this.record("completeTransfer", id);
    return this.answerAction(id);
  }

  async cancelTransfer(id: string): Promise<Transfer> {
    this.record("cancelTransfer", id);
    return this.answerAction(id);
  }

  /** Complete, cancel and conference requests answer only when the returned function is called: a request in flight. */
  holdReplies(): () => void {
    this.held = [];
    return () => {
      const waiting = this.held ?? [];
      this.held = null;
      for (const release of waiting) release();
    };
  }

  /** The server accepts the request; the transfer moves on later, by `transfer.updated`. */
  private async answerAction(id: string): Promise<Transfer> {
    if (this.held !== null) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.actionError !== null) throw this.actionError;
    return this.require(id);
  }

  async callHistory(): Promise<CallRecord[]> {
    this.record("callHistory");
    return this.history;
  }

  async queueSettings(): Promise<QueueSettings> {
    this.record("queueSettings");
    return this.queueSettingsAnswer;
  }

  async queueFigures(): Promise<QueueFigures[]> {
    this.record("queueFigures");
    return this.queueFiguresAnswer;
  }

  async queueState(): Promise<AgentQueueState> {
    this.record("queueState");
    return this.queueStateAnswer;
  }

  async joinQueues(selection: QueueSelectionRequest): Promise<AgentQueueState> {
    this.record("joinQueues", selection);
    return this.answerQueue(() => this.withMembership(selection, true));
  }

  async leaveQueues(selection: QueueSelectionRequest): Promise<AgentQueueState> {
    this.record("leaveQueues", selection);
    return this.answerQueue(() => this.withMembership(selection, false));
  }

  async pause(reason: string): Promise<AgentQueueState> {
    this.record("pause", reason);
    return this.answerQueue(() => ({ ...this.queueStateAnswer, pause: { reason, since: new Date().toISOString() } }));
  }

  async endPause(): Promise<AgentQueueState> {
    this.record("endPause");
    return this.answerQueue(() => ({ ...this.queueStateAnswer, pause: null, wrapUp: null }));
  }

  async setDisposition(request: DispositionArg): Promise<{ callId: string; disposition: CallDisposition; state: AgentQueueState }> {
    this.record("setDisposition", request);
    const state = await this.answerQueue(() => ({ ...this.queueStateAnswer, wrapUp: null }));
    return { callId: request.callId, disposition: { disposition: request.disposition, note: request.note ?? null, by: SELF.id, at: new Date().toISOString() }, state };
  }

  async board(): Promise<BoardSnapshot> {
    this.record("board");
    return this.boardAnswer;
  }

  async supervisorAudit(): Promise<SupervisorAuditEntry[]> {
    this.record("supervisorAudit");
    return this.auditAnswer;
  }

  async signAgentOut(agentId: string): Promise<AgentQueueState> {
    this.record("signAgentOut", agentId);
    return this.answerQueue(() => queueStateOf({ agentId }));
  }

  async endAgentPause(agentId: string): Promise<AgentQueueState> {
    this.record("endAgentPause", agentId);
    return this.answerQueue(() => queueStateOf({ agentId }));
  }

  async startMonitoring(request: { agentId: string; mode: MonitoringMode }): Promise<MonitoringStartResponse> {
    this.record("startMonitoring", request);
    this.monitoringAnswer = { ...this.monitoringAnswer, mode: request.mode, modes: [request.mode], status: "dialing" };
    return { session: this.monitoringAnswer, dial: "*85", dialBy: new Date(Date.now() + 15_000).toISOString() };
  }

  async changeMonitoringMode(request: { sessionId: string; mode: MonitoringMode }): Promise<MonitoringSession> {
    this.record("changeMonitoringMode", request);
    this.monitoringAnswer = { ...this.monitoringAnswer, mode: request.mode, modes: [...this.monitoringAnswer.modes, request.mode] };
    return this.monitoringAnswer;
  }

  async stopMonitoring(sessionId: string): Promise<MonitoringSession> {
    this.record("stopMonitoring", sessionId);
    this.monitoringAnswer = { ...this.monitoringAnswer, status: "ended", endReason: "stopped", endedAt: new Date().toISOString() };
    return this.monitoringAnswer;
  }

  async monitoringSessions(): Promise<MonitoringSession[]> {
    this.record("monitoringSessions");
    return this.monitoringAnswer.status === "ended" ? [] : [this.monitoringAnswer];
  }

  async mergeConference(request: MergeConferenceRequest): Promise<Conference> {
    this.record("mergeConference", request);
    return this.answerConference();
  }

  async leaveConference(conferenceId: string): Promise<Conference> {
    this.record("leaveConference", conferenceId);
    return this.answerConference();
  }

  async dropFromConference(request: { conferenceId: string; participantId: string }): Promise<Conference> {
    this.record("dropFromConference", request);
    return this.answerConference();
  }

  async endConference(conferenceId: string): Promise<Conference> {
    this.record("endConference", conferenceId);
    return this.answerConference();
  }

  /** Waits for `holdReplies()`'s release too: a request in flight. */
  private async answerConference(): Promise<Conference> {
    if (this.held !== null) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.conferenceError !== null) throw this.conferenceError;
    return this.conferenceAnswer;
  }

  emitConferenceUpdated(conference: Conference): void {
    this.conferenceUpdates.emit(conference);
  }

  emitMonitoringUpdated(session: MonitoringSession): void {
    this.monitoringUpdates.emit(session);
  }

  emitMonitoringNotice(notice: MonitoringNotice): void {
    this.monitoringNotices.emit(notice);
  }

  /** Queue requests also wait for `holdReplies()`'s release, then answer with the next state (or `queueError`). */
  private async answerQueue(next: () => AgentQueueState): Promise<AgentQueueState> {
    if (this.held !== null) await new Promise<void>((resolve) => this.held?.push(resolve));
    if (this.queueError !== null) throw this.queueError;
    const state = next();
    if (state.agentId === SELF.id) this.queueStateAnswer = state;
    return state;
  }

  private withMembership(selection: QueueSelectionRequest, signedIn: boolean): AgentQueueState {
    const chosen = (queue: string) => selection.queues === undefined || selection.queues.includes(queue);
    return {
      ...this.queueStateAnswer,
      queues: this.queueStateAnswer.queues.map((m) => (chosen(m.queue) ? { ...m, signedIn, since: signedIn ? new Date().toISOString() : null } : m)),
    };
  }

  async getSettings(): Promise<Settings> {
    return this.settings;
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    this.record("saveSettings", settings);
    this.settings = settings;
    return settings;
  }

  onTransferUpdated = (listener: (transfer: Transfer) => void) => this.transfers.add(listener);
  onPresenceUpdated = (listener: (entry: DirectoryEntry) => void) => this.presence.add(listener);
  onCallContext = (listener: (context: CallContext) => void) => this.contexts.add(listener);
  onPbxStatus = (listener: (event: PbxStatusEvent) => void) => this.pbx.add(listener);
  onRealtimeState = (listener: (state: RealtimeState) => void) => this.realtime.add(listener);
  onSessionEnded = (listener: (event: SessionEnded) => void) => this.sessionEnded.add(listener);
  onAgentQueueState = (listener: (state: AgentQueueState) => void) => this.queueStates.add(listener);
  onQueueFigures = (listener: (figures: QueueFigures) => void) => this.figures.add(listener);
  onBoardAgent = (listener: (agent: BoardAgent) => void) => this.boardAgents.add(listener);
  onSupervisorAudit = (listener: (entry: SupervisorAuditEntry) => void) => this.audits.add(listener);
  onMonitoringUpdated = (listener: (session: MonitoringSession) => void) => this.monitoringUpdates.add(listener);
  onMonitoringNotice = (listener: (notice: MonitoringNotice) => void) => this.monitoringNotices.add(listener);
  onConferenceUpdated = (listener: (conference: Conference) => void) => this.conferenceUpdates.add(listener);

  /** The server's `agent.queue_state` (it becomes what the next request starts from when it is SELF's). */
  emitQueueState(state: AgentQueueState): void {
    if (state.agentId === SELF.id) this.queueStateAnswer = state;
    this.queueStates.emit(state);
  }

  emitQueueFigures(figures: QueueFigures): void {
    this.figures.emit(figures);
  }

  emitBoardAgent(agent: BoardAgent): void {
    this.boardAgents.emit(agent);
  }

  emitAudit(entry: SupervisorAuditEntry): void {
    this.audits.emit(entry);
  }

  /** The session ended without the agent (the server's session.ended, or a refused token). */
  endSession(reason: SessionEndCause): void {
    this.sessionEnded.emit({ reason });
  }
  onShortcut = (listener: (action: ShortcutAction) => void) => this.shortcuts.add(listener);

  /** The server moved a transfer on: `transfer.updated` with a later timestamp. */
  advance(id: string, status: TransferStatus, reason: string | null = null): Transfer {
    const known = this.require(id);
    const at = new Date(Date.parse(known.updatedAt) + 1000).toISOString();
    const next: Transfer = { ...known, status, reason, updatedAt: at, history: [...known.history, { status, at, by: null, reason }] };
    this.known.set(id, next);
    this.transfers.emit(next);
    return next;
  }

  emitPresence(entry: DirectoryEntry): void {
    this.presence.emit(entry);
  }

  emitContext(context: CallContext): void {
    this.contexts.emit(context);
  }

  emitPbx(event: PbxStatusEvent): void {
    this.pbx.emit(event);
  }

  emitRealtime(state: RealtimeState): void {
    this.realtime.emit(state);
  }

  emitShortcut(action: ShortcutAction): void {
    this.shortcuts.emit(action);
  }

  private require(id: string): Transfer {
    const transfer = this.known.get(id);
    if (transfer === undefined) throw new Error(`no transfer ${id}`);
    return transfer;
  }
}

/** Bob, the other agent in monitoring and conference samples. */
const BOB_ID_FOR_MONITORING = "00000000-0000-4000-8000-000000000002";
/** A monitoring session by SELF (a supervisor here) on bob's call, with what a test overrides. */
export function monitoringSessionOf(partial: Partial<MonitoringSession>): MonitoringSession {
  return {
    id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    supervisor: { agentId: SELF.id, name: SELF.name, extension: SELF.extension },
    agent: { agentId: BOB_ID_FOR_MONITORING, name: "Bob Nguyen", extension: "1002" },
    mode: "listen",
    modes: ["listen"],
    status: "active",
    shownToAgent: false,
    startedAt: new Date().toISOString(),
    endedAt: null,
    endReason: null,
    ...partial,
  };
}

/** SELF's conference with the caller and Bob, all in the room, with what a test overrides. */
export function conferenceOf(partial: Partial<Conference>): Conference {
  const at = new Date().toISOString();
  return {
    id: "5b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
    status: "active",
    reason: null,
    hostAgentId: SELF.id,
    participants: [
      { id: "1735725600.1", agentId: null, name: "Carol Customer", number: "5550100", state: "in", talking: false },
      { id: "1735725600.2", agentId: SELF.id, name: SELF.name, number: SELF.extension ?? "", state: "in", talking: false },
      { id: "1735725600.3", agentId: BOB_ID_FOR_MONITORING, name: "Bob Nguyen", number: "1002", state: "in", talking: false },
    ],
    createdAt: at,
    updatedAt: at,
    history: [{ status: "active", at, by: SELF.id, reason: "merged" }],
    ...partial,
  };
}
