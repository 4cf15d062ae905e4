import { ApiError, browserTransport, forwardToBridge, HandoffClient, type BridgeEventMethod, type BridgeEventPayload } from "@handoff/client";
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
  SessionEnded,
  Settings,
  ShortcutAction,
  SignInRequest,
  Transfer,
  TrunkSummary,
} from "@handoff/contract";
import { fetchTakingEarly, REMEMBERED_AT, type EarlyRequest } from "./early-resume";
import { Listeners } from "./listeners";
import { WebSettingsStore } from "./web-settings";

export interface WebBridgeOptions {
  /** Where settings (and only settings) are kept; null keeps them for this page only. */
  storage: Storage | null;
  /** The API client: the one both apps use, over the page's fetch by default. */
  client?: HandoffClient;
  /** The resume the page sent as it started (early-resume.ts): the default client takes it as its own. */
  early?: EarlyRequest | null;
}

/**
 * `HandoffBridge` for a plain browser: the shared API client (@handoff/client) runs in
 * the page. It holds the token in memory only (never storage). `remember` asks the server
 * for a remembered sign-in: an HttpOnly, SameSite=Strict cookie scoped to the auth API that
 * this code never reads; a reload exchanges it for a new session (`currentSession`). Its
 * events reach the bridge's listeners through the same table Electron main forwards over IPC.
 */
export class WebBridge implements HandoffBridge {
  readonly kind = "web" as const;
  private readonly client: HandoffClient;
  private readonly settings: WebSettingsStore;
  private readonly listeners: { readonly [M in BridgeEventMethod]: Listeners<BridgeEventPayload<M>> } = {
    onTransferUpdated: new Listeners(),
    onPresenceUpdated: new Listeners(),
    onCallContext: new Listeners(),
    onPbxStatus: new Listeners(),
    onRealtimeState: new Listeners(),
    onAgentQueueState: new Listeners(),
    onQueueFigures: new Listeners(),
    onBoardAgent: new Listeners(),
    onSupervisorAudit: new Listeners(),
    onMonitoringUpdated: new Listeners(),
    onMonitoringNotice: new Listeners(),
    onConferenceUpdated: new Listeners(),
    onSessionEnded: new Listeners(),
  };
  private readonly shortcutListeners = new Listeners<ShortcutAction>();
  private readonly storage: Storage | null;
  private resuming: Promise<Session | null> | null = null;

  constructor(options: WebBridgeOptions) {
    this.storage = options.storage;
    this.settings = new WebSettingsStore(options.storage);
    this.client = options.client ?? new HandoffClient({ transport: { ...browserTransport, http: { ...browserTransport.http, env: { fetch: fetchTakingEarly(options.early ?? null) } } } });
    forwardToBridge(this.client, (method, payload) => this.listeners[method].emit(payload));
    // The server ended the remembered sign-in with these; an expired token alone leaves it (the cookie outlives it).
    this.client.on("session.ended", ({ reason }) => {
      if (reason === "revoked" || reason === "signed_out" || reason === "refused") this.rememberedAt(null);
    });
  }

  async signIn({ serverUrl, username, password, remember }: SignInRequest): Promise<Session> {
    const { session } = await this.client.signIn({ serverUrl, username, password, remember });
    this.rememberedAt(remember ? session.serverUrl : null);
    return session;
  }

  signOut(): Promise<void> {
    this.rememberedAt(null);
    return this.client.signOut();
  }

  /** The open session, else this browser's remembered sign-in taken up (once, however often asked: each exchange rotates it). */
  currentSession(): Promise<Session | null> {
    if (this.client.session !== null) return Promise.resolve(this.client.session);
    const serverUrl = this.rememberedAt();
    if (serverUrl === null) return Promise.resolve(null);
    this.resuming ??= this.client.resumeRemembered(serverUrl).then(
      (session) => {
        if (session === null) this.rememberedAt(null);
        return session;
      },
      (error: unknown) => {
        // A server the client refuses for plain http or ws will not become secure by reloading: the hint goes, the reason is shown once.
        if (error instanceof ApiError && error.code === "insecure") this.rememberedAt(null);
        throw error;
      },
    ).finally(() => {
      this.resuming = null;
    });
    return this.resuming;
  }

  directory(): Promise<DirectoryEntry[]> {
    return this.client.directory();
  }

  availableAgents(search: string): Promise<AvailableAgent[]> {
    return this.client.availableAgents(search);
  }

  trunks(): Promise<TrunkSummary[]> {
    return this.client.trunks();
  }

  setStatus(status: ChosenStatus): Promise<{ status: ChosenStatus; presence: Presence }> {
    return this.client.setStatus(status);
  }

  executeTransfer(request: ExecuteTransferRequest): Promise<Transfer> {
    return this.client.executeTransfer(request);
  }

  completeTransfer(id: string): Promise<Transfer> {
    return this.client.completeTransfer(id);
  }

  cancelTransfer(id: string): Promise<Transfer> {
    return this.client.cancelTransfer(id);
  }

  callHistory(): Promise<CallRecord[]> {
    return this.client.callHistory();
  }

  queueSettings(): Promise<QueueSettings> {
    return this.client.queueSettings();
  }

  queueFigures(): Promise<QueueFigures[]> {
    return this.client.queueFigures();
  }

  queueState(): Promise<AgentQueueState> {
    return this.client.queueState();
  }

  joinQueues(selection: QueueSelectionRequest): Promise<AgentQueueState> {
    return this.client.joinQueues(selection);
  }

  leaveQueues(selection: QueueSelectionRequest): Promise<AgentQueueState> {
    return this.client.leaveQueues(selection);
  }

  pause(reason: string): Promise<AgentQueueState> {
    return this.client.pause(reason);
  }

  endPause(): Promise<AgentQueueState> {
    return this.client.endPause();
  }

  setDisposition(request: DispositionArg): Promise<{ callId: string; disposition: CallDisposition; state: AgentQueueState }> {
    return this.client.setDisposition(request);
  }

  board(): Promise<BoardSnapshot> {
    return this.client.board();
  }

  supervisorAudit(): Promise<SupervisorAuditEntry[]> {
    return this.client.supervisorAudit();
  }

  signAgentOut(agentId: string): Promise<AgentQueueState> {
    return this.client.signAgentOut(agentId);
  }

  endAgentPause(agentId: string): Promise<AgentQueueState> {
    return this.client.endAgentPause(agentId);
  }

  startMonitoring(request: { agentId: string; mode: MonitoringMode }): Promise<MonitoringStartResponse> {
    return this.client.startMonitoring(request);
  }

  changeMonitoringMode(request: { sessionId: string; mode: MonitoringMode }): Promise<MonitoringSession> {
    return this.client.changeMonitoringMode(request);
  }

  stopMonitoring(sessionId: string): Promise<MonitoringSession> {
    return this.client.stopMonitoring(sessionId);
  }

  monitoringSessions(): Promise<MonitoringSession[]> {
    return this.client.monitoringSessions();
  }

  mergeConference(request: MergeConferenceRequest): Promise<Conference> {
    return this.client.mergeConference(request);
  }

  leaveConference(conferenceId: string): Promise<Conference> {
    return this.client.leaveConference(conferenceId);
  }

  dropFromConference({ conferenceId, participantId }: { conferenceId: string; participantId: string }): Promise<Conference> {
    return this.client.dropFromConference(conferenceId, participantId);
  }

  endConference(conferenceId: string): Promise<Conference> {
    return this.client.endConference(conferenceId);
  }

  async getSettings(): Promise<Settings> {
    return this.settings.load();
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    return this.settings.save(settings);
  }

  onTransferUpdated(listener: (transfer: Transfer) => void): () => void {
    return this.listeners.onTransferUpdated.add(listener);
  }

  onPresenceUpdated(listener: (entry: DirectoryEntry) => void): () => void {
    return this.listeners.onPresenceUpdated.add(listener);
  }

  onCallContext(listener: (context: CallContext) => void): () => void {
    return this.listeners.onCallContext.add(listener);
  }

  onPbxStatus(listener: (event: PbxStatusEvent) => void): () => void {
    return this.listeners.onPbxStatus.add(listener);
  }

  onRealtimeState(listener: (state: RealtimeState) => void): () => void {
    return this.listeners.onRealtimeState.add(listener);
  }

  onAgentQueueState(listener: (state: AgentQueueState) => void): () => void {
    return this.listeners.onAgentQueueState.add(listener);
  }

  onQueueFigures(listener: (figures: QueueFigures) => void): () => void {
    return this.listeners.onQueueFigures.add(listener);
  }

  onBoardAgent(listener: (agent: BoardAgent) => void): () => void {
    return this.listeners.onBoardAgent.add(listener);
  }

  onSupervisorAudit(listener: (entry: SupervisorAuditEntry) => void): () => void {
    return this.listeners.onSupervisorAudit.add(listener);
  }

  onMonitoringUpdated(listener: (session: MonitoringSession) => void): () => void {
    return this.listeners.onMonitoringUpdated.add(listener);
  }

  onMonitoringNotice(listener: (notice: MonitoringNotice) => void): () => void {
    return this.listeners.onMonitoringNotice.add(listener);
  }

  onConferenceUpdated(listener: (conference: Conference) => void): () => void {
    return this.listeners.onConferenceUpdated.add(listener);
  }

  onSessionEnded(listener: (event: SessionEnded) => void): () => void {
    return this.listeners.onSessionEnded.add(listener);
  }

  private rememberedAt(serverUrl?: string | null): string | null {
    try {
      if (serverUrl === undefined) return this.storage?.getItem(REMEMBERED_AT) ?? null;
      if (serverUrl === null) this.storage?.removeItem(REMEMBERED_AT);
      else this.storage?.setItem(REMEMBERED_AT, serverUrl);
    } catch {
      // Storage switched off: no hint, so a reload asks for the password.
    }
    return serverUrl ?? null;
  }

  /** A browser tab has no global shortcuts; in-app ones are handled by the page itself. */
  onShortcut(listener: (action: ShortcutAction) => void): () => void {
    return this.shortcutListeners.add(listener);
  }
}
