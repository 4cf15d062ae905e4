import { browserTransport, forwardToBridge, HandoffClient, type BridgeEventMethod, type BridgeEventPayload } from "@handoff/client";
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
  SessionEnded,
  Settings,
  ShortcutAction,
  SignInRequest,
  Transfer,
} from "@handoff/contract";
import { Listeners } from "./listeners";
import { WebSettingsStore } from "./web-settings";

export interface WebBridgeOptions {
  /** Where settings (and only settings) are kept; null keeps them for this page only. */
  storage: Storage | null;
  /** The API client: the one both apps use, over the page's fetch by default. */
  client?: HandoffClient;
}

/**
 * `HandoffBridge` for a plain browser: the shared API client (@handoff/client) runs in
 * the page. It holds the token in memory only (never storage), so a reload signs the
 * agent out; `remember` has no meaning here. Its events reach the bridge's listeners
 * through the same table Electron main forwards over IPC.
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
    onSessionEnded: new Listeners(),
  };
  private readonly shortcutListeners = new Listeners<ShortcutAction>();

  constructor(options: WebBridgeOptions) {
    this.settings = new WebSettingsStore(options.storage);
    this.client = options.client ?? new HandoffClient({ transport: browserTransport });
    forwardToBridge(this.client, (method, payload) => this.listeners[method].emit(payload));
  }

  async signIn({ serverUrl, username, password }: SignInRequest): Promise<Session> {
    return (await this.client.signIn({ serverUrl, username, password })).session;
  }

  signOut(): Promise<void> {
    return this.client.signOut();
  }

  async currentSession(): Promise<Session | null> {
    return this.client.session;
  }

  directory(): Promise<DirectoryEntry[]> {
    return this.client.directory();
  }

  availableAgents(search: string): Promise<AvailableAgent[]> {
    return this.client.availableAgents(search);
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

  onSessionEnded(listener: (event: SessionEnded) => void): () => void {
    return this.listeners.onSessionEnded.add(listener);
  }

  /** A browser tab has no global shortcuts; in-app ones are handled by the page itself. */
  onShortcut(listener: (action: ShortcutAction) => void): () => void {
    return this.shortcutListeners.add(listener);
  }
}
