import type {
  AvailableAgent,
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
} from "@handoff/contract";
import { Listeners } from "../bridge/listeners";
import { withDefaults } from "../bridge/default-settings";

export const SELF: Session["agent"] = { id: "a-self", name: "Sam Self", username: "sam", extension: "1001", role: "agent" };

export function entry(id: string, name: string, extension: string | null, presence: Presence): DirectoryEntry {
  return { id, name, extension, role: "agent", presence, since: "2025-01-01T09:00:00.000Z" };
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
  private readonly transfers = new Listeners<Transfer>();
  private readonly presence = new Listeners<DirectoryEntry>();
  private readonly contexts = new Listeners<CallContext>();
  private readonly pbx = new Listeners<PbxStatusEvent>();
  private readonly realtime = new Listeners<RealtimeState>();
  private readonly sessionEnded = new Listeners<SessionEnded>();
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

  /** Complete and cancel answer only when the returned function is called: a request in flight. */
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
