import {
  AvailableAgentsResponse,
  CallHistoryResponse,
  DirectoryResponse,
  ErrorBody,
  ExecuteTransferRequest,
  LoginResponse,
  RenewResponse,
  SearchArg,
  SetStatusResponse,
  SignInRequest,
  StatusArg,
  TransferIdArg,
  TransferResponse,
  type AvailableAgent,
  type CallContext,
  type CallRecord,
  type ChosenStatus,
  type DirectoryEntry,
  type HandoffBridge,
  type PbxStatusEvent,
  type Presence,
  type RealtimeState,
  type Session,
  type Settings,
  type ShortcutAction,
  type Transfer,
  type SessionEndedEvent,
} from "@handoff/contract";
import axios, { isAxiosError, type AxiosAdapter, type AxiosInstance, type AxiosRequestConfig } from "axios";
import { BridgeError, describeError } from "./bridge-error";
import { newIdempotencyKey } from "./idempotency-key";
import { Listeners } from "./listeners";
import { normalizeServerUrl } from "./server-url";
import { WebRealtime, type RealtimeCallbacks } from "./web-realtime";
import { WebSettingsStore } from "./web-settings";

/** The part of a contract schema this file uses, so the renderer need not import zod itself. */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }> } };
}

export interface WebBridgeOptions {
  /** Where settings (and only settings) are kept; null keeps them for this page only. */
  storage: Storage | null;
  timeoutMs?: number;
  /** Test seam: answers HTTP requests in-process (axios's own adapter interface). */
  adapter?: AxiosAdapter;
  /** Test seam: the real-time link; socket.io by default. */
  openRealtime?: (serverUrl: string, token: () => string | null, callbacks: RealtimeCallbacks) => RealtimeLink;
}

export interface RealtimeLink {
  open(): void;
  close(): void;
}

const RENEW_AT_FRACTION = 0.8;
const MIN_RENEW_DELAY_MS = 5_000;
const RENEW_RETRY_MS = 15_000;
const TRANSFER_ATTEMPTS = 3;

/**
 * `HandoffBridge` for a plain browser: talks to the server itself. The token
 * lives in this object only (never in storage), so a reload signs the agent
 * out; `remember` has no meaning here. Every response is parsed with the
 * contract's schema before the app sees it.
 */
export class WebBridge implements HandoffBridge {
  readonly kind = "web" as const;
  private http: AxiosInstance | null = null;
  private token: string | null = null;
  private session: Session | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | null = null;
  private realtime: RealtimeLink | null = null;
  private readonly settings: WebSettingsStore;
  private readonly timeoutMs: number;
  private readonly adapter: AxiosAdapter | undefined;
  private readonly openRealtime: NonNullable<WebBridgeOptions["openRealtime"]>;
  private readonly transferListeners = new Listeners<Transfer>();
  private readonly presenceListeners = new Listeners<DirectoryEntry>();
  private readonly contextListeners = new Listeners<CallContext>();
  private readonly pbxListeners = new Listeners<PbxStatusEvent>();
  private readonly realtimeListeners = new Listeners<RealtimeState>();
  private readonly sessionEndedListeners = new Listeners<SessionEndedEvent>();
  private readonly shortcutListeners = new Listeners<ShortcutAction>();

  constructor(options: WebBridgeOptions) {
    this.settings = new WebSettingsStore(options.storage);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.adapter = options.adapter;
    this.openRealtime = options.openRealtime ?? ((serverUrl, token, callbacks) => new WebRealtime(serverUrl, token, callbacks));
  }

  async signIn(request: SignInRequest): Promise<Session> {
    const { serverUrl, username, password } = valid(SignInRequest, request);
    const base = normalizeServerUrl(serverUrl);
    await this.signOut();
    const http = axios.create({ baseURL: base, timeout: this.timeoutMs, ...(this.adapter === undefined ? {} : { adapter: this.adapter }) });
    const login = await this.send(http, base, LoginResponse, { method: "POST", url: "/api/auth/login", data: { username, password } });
    this.http = http;
    this.token = login.token;
    this.session = { serverUrl: base, agent: login.agent, sip: login.sip };
    this.scheduleRenewal(login.expiresAt);
    this.realtime = this.openRealtime(base, () => this.token, {
      events: {
        "transfer.updated": (transfer) => this.transferListeners.emit(transfer),
        "presence.updated": (entry) => this.presenceListeners.emit(entry),
        "call.context": (context) => this.contextListeners.emit(context),
        "pbx.status": (event) => this.pbxListeners.emit(event),
        "session.ended": (event) => {
          // The server closes the socket next; this session's tokens are dead.
          this.expire();
          this.http = null;
          this.session = null;
          this.sessionEndedListeners.emit(event);
        },
      },
      state: (state) => this.realtimeListeners.emit(state),
      refused: () => this.renew(),
    });
    this.realtime.open();
    return this.session;
  }

  async signOut(): Promise<void> {
    const http = this.http;
    const token = this.token;
    this.expire();
    // Ends the session on the server too; best effort (offline, the token still dies at its expiry).
    if (http !== null && token !== null) await http.post("/api/auth/logout", undefined, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    this.http = null;
    this.session = null;
  }

  async currentSession(): Promise<Session | null> {
    return this.token === null ? null : this.session;
  }

  async directory(): Promise<DirectoryEntry[]> {
    return (await this.authorized(DirectoryResponse, { method: "GET", url: "/api/agents" })).agents;
  }

  async availableAgents(search: string): Promise<AvailableAgent[]> {
    const params = { search: valid(SearchArg, search) };
    return (await this.authorized(AvailableAgentsResponse, { method: "GET", url: "/api/transfers/available-agents", params })).agents;
  }

  async setStatus(status: ChosenStatus): Promise<{ status: ChosenStatus; presence: Presence }> {
    return this.authorized(SetStatusResponse, { method: "PUT", url: "/api/agents/me/status", data: { status: valid(StatusArg, status) } });
  }

  /** Retries a lost request with the same Idempotency-Key: the server moves the call at most once. */
  async executeTransfer(request: ExecuteTransferRequest): Promise<Transfer> {
    const data = valid(ExecuteTransferRequest, request);
    const headers = { "Idempotency-Key": newIdempotencyKey() };
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.authorized(TransferResponse, { method: "POST", url: "/api/transfers/execute", data, headers })).transfer;
      } catch (error) {
        if (!(error instanceof BridgeError && error.code === "network") || attempt >= TRANSFER_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 400 * attempt));
      }
    }
  }

  async completeTransfer(id: string): Promise<Transfer> {
    return (await this.authorized(TransferResponse, { method: "POST", url: `/api/transfers/${valid(TransferIdArg, id)}/complete` })).transfer;
  }

  async cancelTransfer(id: string): Promise<Transfer> {
    return (await this.authorized(TransferResponse, { method: "POST", url: `/api/transfers/${valid(TransferIdArg, id)}/cancel` })).transfer;
  }

  async callHistory(): Promise<CallRecord[]> {
    return (await this.authorized(CallHistoryResponse, { method: "GET", url: "/api/calls/history" })).calls;
  }

  async getSettings(): Promise<Settings> {
    return this.settings.load();
  }

  async saveSettings(settings: Settings): Promise<Settings> {
    return this.settings.save(settings);
  }

  onTransferUpdated(listener: (transfer: Transfer) => void): () => void {
    return this.transferListeners.add(listener);
  }

  onPresenceUpdated(listener: (entry: DirectoryEntry) => void): () => void {
    return this.presenceListeners.add(listener);
  }

  onCallContext(listener: (context: CallContext) => void): () => void {
    return this.contextListeners.add(listener);
  }

  onPbxStatus(listener: (event: PbxStatusEvent) => void): () => void {
    return this.pbxListeners.add(listener);
  }

  onRealtimeState(listener: (state: RealtimeState) => void): () => void {
    return this.realtimeListeners.add(listener);
  }

  onSessionEnded(listener: (event: SessionEndedEvent) => void): () => void {
    return this.sessionEndedListeners.add(listener);
  }

  /** A browser tab has no global shortcuts; in-app ones are handled by the page itself. */
  onShortcut(listener: (action: ShortcutAction) => void): () => void {
    return this.shortcutListeners.add(listener);
  }

  private async authorized<T>(schema: Schema<T>, config: AxiosRequestConfig): Promise<T> {
    const { http, token, session } = this;
    if (http === null || token === null || session === null) throw new BridgeError("unauthenticated", "You are signed out; sign in again.");
    try {
      return await this.send(http, session.serverUrl, schema, { ...config, headers: { ...config.headers, Authorization: `Bearer ${token}` } });
    } catch (error) {
      if (error instanceof BridgeError && error.code === "unauthenticated") this.expire();
      throw error;
    }
  }

  private async send<T>(http: AxiosInstance, base: string, schema: Schema<T>, config: AxiosRequestConfig): Promise<T> {
    let data: unknown;
    try {
      data = (await http.request<unknown>(config)).data;
    } catch (error) {
      throw failure(error, base);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) {
      throw new BridgeError("invalid_response", `The server at ${base} answered in a form this app does not understand; check that it runs the same Handoff version.`);
    }
    return parsed.data;
  }

  private scheduleRenewal(expiresAt: string): void {
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    const lifetime = Date.parse(expiresAt) - Date.now();
    const delay = Number.isFinite(lifetime) ? Math.max(MIN_RENEW_DELAY_MS, lifetime * RENEW_AT_FRACTION) : RENEW_RETRY_MS;
    this.renewTimer = setTimeout(() => void this.renew(), delay);
  }

  /** Swaps the token for a fresh one before it expires; false when the agent must sign in again. */
  private async renew(): Promise<boolean> {
    try {
      const renewed = await this.authorized(RenewResponse, { method: "POST", url: "/api/auth/renew" });
      this.token = renewed.token;
      this.scheduleRenewal(renewed.expiresAt);
      return true;
    } catch (error) {
      if (this.token !== null) {
        if (this.renewTimer !== null) clearTimeout(this.renewTimer);
        this.renewTimer = setTimeout(() => void this.renew(), RENEW_RETRY_MS);
      }
      return !(error instanceof BridgeError && error.code === "unauthenticated");
    }
  }

  private expire(): void {
    if (this.renewTimer !== null) clearTimeout(this.renewTimer);
    this.renewTimer = null;
    this.token = null;
    const realtime = this.realtime;
    this.realtime = null;
    realtime?.close();
  }
}

function valid<T>(schema: Schema<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  throw new BridgeError("invalid_request", `${field === "" ? "" : `${field}: `}${issue?.message ?? "invalid value"}`);
}

function failure(error: unknown, base: string): BridgeError {
  if (!isAxiosError(error)) return error instanceof BridgeError ? error : new BridgeError("internal", describeError(error));
  const response = error.response;
  if (response === undefined) {
    const why = error.code === "ECONNABORTED" ? "no answer in time" : error.message;
    return new BridgeError("network", `Cannot reach the Handoff server at ${base} (${why}). Check the server address and your network, then try again.`);
  }
  const body = ErrorBody.safeParse(response.data);
  if (body.success) return new BridgeError(body.data.error.code, body.data.error.message, response.status);
  return new BridgeError(
    response.status >= 500 ? "internal" : "invalid_response",
    `The server at ${base} answered ${response.status} without a Handoff error; check the server address.`,
    response.status,
  );
}
