import {
  type Conference,
  ConferenceResponse,
  type MergeConferenceRequest,
  AgentIdArg,
  MonitoringModeArg,
  MonitoringSessionIdArg,
  MonitoringSessionResponse,
  MonitoringSessionsResponse,
  MonitoringStartResponse,
  StartMonitoringArg,
  AgentQueueStateResponse,
  AvailableAgentsResponse,
  BoardSnapshot,
  DispositionArg,
  DispositionResponse,
  PauseReasonArg,
  QueueFiguresResponse,
  QueueSelectionArg,
  QueueSettings,
  SupervisorAuditResponse,
  CallHistoryResponse,
  ChosenStatus,
  DirectoryResponse,
  ExecuteTransferRequest,
  HandoffRequest,
  HandoffResponse,
  LoginRequest,
  LoginResponse,
  LogoutResponse,
  RenewResponse,
  ResumeResponse,
  SearchArg,
  SetStatusResponse,
  TransferIdArg,
  TransferResponse,
  type AgentQueueState,
  type AvailableAgent,
  type BoardAgent,
  type QueueFigures,
  type QueueSelectionRequest,
  type SupervisorAuditEntry,
  type MonitoringMode,
  type MonitoringNotice,
  type MonitoringSession,
  type CallContext,
  type CallRecord,
  type DirectoryEntry,
  type PbxStatusEvent,
  type Presence,
  type RealtimeState,
  type Session,
  type SessionEndCause,
  type SessionEnded,
  type Transfer,
  TrunksResponse,
  type TrunkSummary,
} from "@handoff/contract";
import type { z } from "zod";
import { canonicalJson, ActionKeys } from "./action-keys";
import { ApiError } from "./api-error";
import { Emitter } from "./emitter";
import { consoleLog, parseUrl, randomKey, systemClock, type ClientLog, type Clock } from "./host";
import { HttpApi, type Call } from "./http-api";
import { RealtimeLink } from "./realtime-link";
import { DEFAULT_RETRY, retryDelayMs, shouldRetry, type RetryPolicy } from "./retry-policy";
import { requireSecureServer, requireSecureSipWebSocket } from "./secure-transport";
import { normalizeServerUrl } from "./server-url";
import { TokenRenewal, type Token } from "./token-renewal";
import type { Transport } from "./transport";

/**
 * The Handoff API and its real-time link as one typed client, with one set of rules
 * for both apps (Electron main and the web page differ only by their Transport):
 *
 * - every answer is validated against the contract; every failure is an ApiError with a code;
 * - a call is retried only when it may be repeated and its outcome is unknown (retry-policy.ts);
 * - one Idempotency-Key per transfer action, reused by every retry of it (action-keys.ts);
 *   the same action asked again while in flight joins it: one request, one answer;
 * - a 401 is met once: resend with the token a renewal brought meanwhile, or renew and resend;
 * - the token is renewed before expiry, one renewal at a time (token-renewal.ts);
 * - the session ends (one "session.ended" event, with its reason) when the server says so,
 *   refuses the token, or the token lapses; never when the agent signs out.
 */

export interface HandoffClientOptions {
  transport: Transport;
  /** Each attempt's limit. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  clock?: Clock;
  log?: ClientLog;
  newKey?: () => string;
  random?: () => number;
  /** Open the real-time link with each session (default); a benchmark timing REST alone turns it off. */
  realtime?: boolean;
}

/** What the client tells its host. Server events arrive validated. */
export interface ClientEvents {
  "transfer.updated": Transfer;
  "presence.updated": DirectoryEntry;
  "call.context": CallContext;
  "pbx.status": PbxStatusEvent;
  "agent.queue_state": AgentQueueState;
  "queue.figures": QueueFigures;
  "board.agent": BoardAgent;
  "supervisor.audit": SupervisorAuditEntry;
  "monitoring.updated": MonitoringSession;
  "monitoring.notice": MonitoringNotice;
  "conference.updated": Conference;
  "realtime.state": RealtimeState;
  /** The session ended without the agent asking; after this every call rejects with signed_out. */
  "session.ended": SessionEnded;
  /** A renewal brought a new token (Electron main keeps its remembered copy current). */
  "token.renewed": Token;
}

/** A session as Electron main remembers it, to resume after a restart. */
export interface ResumableSession extends Session, Token {}

export interface SignInCredentials {
  serverUrl: string;
  username: string;
  password: string;
  /** A browser asks the server to remember this sign-in (an HttpOnly cookie for resumeRemembered). */
  remember?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Sign-out tells the server best effort: it must never keep the agent waiting. */
const LOGOUT_TIMEOUT_MS = 3_000;
/** A remembered token this close to its expiry is not worth resuming. */
const RESUME_MARGIN_MS = 5_000;
/** A handshake refused with a token younger than this was not refused for the token: do not rotate it again. */
const FRESH_TOKEN_MS = 10_000;

/** The server's expiry must be a time this client can read, or no renewal can be scheduled. */
const readableExpiry = (value: { expiresAt: string }) => Number.isFinite(Date.parse(value.expiresAt));
const LoginAnswer = LoginResponse.refine(readableExpiry, "expiresAt is not a time");
const RenewAnswer = RenewResponse.refine(readableExpiry, "expiresAt is not a time");
const ResumeAnswer = ResumeResponse.refine(readableExpiry, "expiresAt is not a time");

interface Active {
  readonly session: Session;
  readonly api: HttpApi;
  readonly renewal: TokenRenewal;
  link: RealtimeLink | null;
}

/** What the agent typed or the vault kept, as the client will call it: refused when it is plain http off this computer. */
function secureServerUrl(text: string): string {
  const serverUrl = normalizeServerUrl(text);
  requireSecureServer(serverUrl);
  return serverUrl;
}

const signedOut = () => new ApiError("signed_out", "You are signed out. Sign in again.");

export class HandoffClient {
  private active: Active | null = null;
  private readonly events: Emitter<ClientEvents>;
  private readonly keys: ActionKeys;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly clock: Clock;
  private readonly log: ClientLog;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: HandoffClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.log ?? consoleLog;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.events = new Emitter(this.log);
    this.keys = new ActionKeys(() => this.clock.now(), options.newKey ?? randomKey);
  }

  on<E extends keyof ClientEvents>(event: E, listener: (payload: ClientEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  get session(): Session | null {
    return this.active?.session ?? null;
  }

  /** The current bearer token: for Electron main's vault and leak guard, never for a renderer. */
  get token(): Token | null {
    const active = this.active;
    return active === null ? null : { token: active.renewal.token, expiresAt: active.renewal.expiresAt };
  }

  /** Signs in; a session already open is replaced (and ended on the server) once the new one is accepted. */
  async signIn(credentials: SignInCredentials): Promise<{ session: Session; token: Token }> {
    const serverUrl = secureServerUrl(credentials.serverUrl);
    const remember = credentials.remember === true;
    const body = valid(LoginRequest, { username: credentials.username, password: credentials.password, ...(remember ? { remember } : {}) });
    const api = this.api(serverUrl);
    const { data: login, serverDateMs } = await api.send({ method: "POST", path: "api/auth/login", body, response: LoginAnswer, repeat: "never", withCookies: remember }, null);
    await this.requireSecurePhone(api, login.sip, login.token, remember);
    await this.leave(false);
    const session: Session = { serverUrl, agent: login.agent, sip: login.sip };
    const token = { token: login.token, expiresAt: login.expiresAt };
    this.activate(api, session, token, serverDateMs, true);
    return { session, token };
  }

  /**
   * Takes up a remembered session: usable at once, and checked with the server by renewing
   * its token straight away (`checked` settles then). A refusal ends it (session.ended); no
   * answer keeps it, and the renewal schedule goes on while the token lasts. Null when the
   * token has expired already.
   */
  resume(stored: ResumableSession): { session: Session; checked: Promise<void> } | null {
    if (!(Date.parse(stored.expiresAt) > this.clock.now() + RESUME_MARGIN_MS)) return null;
    const serverUrl = secureServerUrl(stored.serverUrl);
    if (stored.sip !== null) requireSecureSipWebSocket(stored.sip.wsServer);
    this.end(null, "another session was resumed");
    const session: Session = { serverUrl, agent: stored.agent, sip: stored.sip };
    const active = this.activate(this.api(serverUrl), session, { token: stored.token, expiresAt: stored.expiresAt }, null, false);
    const checked = active.renewal.renewNow().then(
      () => undefined,
      (error: unknown) => this.log.info("could not check the remembered session yet", { error: error instanceof Error ? error.message : String(error) }),
    );
    // The link opens once the token is known good (or the server unreachable): not with a token about to be rotated.
    void checked.then(() => {
      if (this.active === active && this.options.realtime !== false) this.openLink(active);
    });
    return { session, checked };
  }

  /**
   * A browser's remembered sign-in (its HttpOnly cookie, which this code never sees) exchanged
   * for a new session, like a sign-in without the password. Null when the server has none to
   * give (no cookie, ended, copied, too old); a network failure rejects. Never retried: each
   * exchange rotates the cookie, and the server takes an old one back as a copy.
   */
  async resumeRemembered(serverUrlText: string): Promise<Session | null> {
    const serverUrl = secureServerUrl(serverUrlText);
    const api = this.api(serverUrl);
    let answer: Awaited<ReturnType<typeof api.send<typeof ResumeAnswer>>>;
    try {
      answer = await api.send({ method: "POST", path: "api/auth/resume", response: ResumeAnswer, repeat: "never", withCookies: true }, null);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        this.log.info("no remembered sign-in to resume", { error: error.message });
        return null;
      }
      throw error;
    }
    await this.requireSecurePhone(api, answer.data.sip, answer.data.token, true);
    await this.leave(false);
    const { data, serverDateMs } = answer;
    const session: Session = { serverUrl, agent: data.agent, sip: data.sip };
    this.activate(api, session, { token: data.token, expiresAt: data.expiresAt }, serverDateMs, true);
    return session;
  }

  /** Ends the session here, then on the server (best effort: offline, its token still dies at expiry). No session.ended. */
  signOut(): Promise<void> {
    return this.leave(true);
  }

  /** `forgetBrowser`: the answer also clears the remembered sign-in's cookie; not when a new session replaces this one (its cookie is the new one). */
  private async leave(forgetBrowser: boolean): Promise<void> {
    const active = this.active;
    if (active === null) return;
    const token = active.renewal.token;
    // Closed first: the server's own session.ended for this sign-out must not reach us as news.
    this.end(null, "signed out");
    await active.api.send({ method: "POST", path: "api/auth/logout", response: LogoutResponse, repeat: "never", timeoutMs: LOGOUT_TIMEOUT_MS, withCookies: forgetBrowser }, token).catch((error: unknown) => {
      this.log.info("could not tell the server about the sign-out", { error: error instanceof Error ? error.message : String(error) });
    });
  }

  async directory(): Promise<DirectoryEntry[]> {
    return (await this.call({ method: "GET", path: "api/agents", response: DirectoryResponse, repeat: "safe" })).agents;
  }

  async availableAgents(search: string): Promise<AvailableAgent[]> {
    const text = valid(SearchArg, search).trim();
    const params = text === "" ? undefined : { search: text };
    return (await this.call({ method: "GET", path: "api/transfers/available-agents", response: AvailableAgentsResponse, repeat: "safe", ...(params ? { params } : {}) })).agents;
  }

  async trunks(): Promise<TrunkSummary[]> {
    return (await this.call({ method: "GET", path: "api/transfers/trunks", response: TrunksResponse, repeat: "safe" })).trunks;
  }

  async setStatus(status: ChosenStatus): Promise<{ status: ChosenStatus; presence: Presence }> {
    const body = { status: valid(ChosenStatus, status) };
    // Not joined like the actions below: away → available → away must reach the server in that order, the last one winning.
    return this.call({ method: "PUT", path: "api/agents/me/status", body, response: SetStatusResponse, repeat: "safe" });
  }

  /**
   * Starts a transfer, at most once per action: the Idempotency-Key is reused by every
   * retry, automatic or the agent's own while the outcome is unknown; a second identical
   * request while one is in flight gets that one's answer.
   */
  async executeTransfer(request: ExecuteTransferRequest): Promise<Transfer> {
    const body = valid(ExecuteTransferRequest, request);
    const action = `POST execute ${canonicalJson(body)}`;
    return this.once(action, async () => {
      const key = this.keys.keyFor(action);
      try {
        const { transfer } = await this.call({ method: "POST", path: "api/transfers/execute", body, headers: { "Idempotency-Key": key }, response: TransferResponse, repeat: "keyed" });
        this.keys.settle(action);
        return transfer;
      } catch (error) {
        if (isDefiniteRefusal(error)) this.keys.settle(action);
        throw error;
      }
    });
  }

  /** Never retried by itself: the server acts on each arrival and takes no key. */
  async completeTransfer(id: string): Promise<Transfer> {
    const path = `api/transfers/${valid(TransferIdArg, id)}/complete`;
    return this.once(`POST ${path}`, async () => (await this.call({ method: "POST", path, response: TransferResponse, repeat: "never" })).transfer);
  }

  async cancelTransfer(id: string): Promise<Transfer> {
    const path = `api/transfers/${valid(TransferIdArg, id)}/cancel`;
    return this.once(`POST ${path}`, async () => (await this.call({ method: "POST", path, response: TransferResponse, repeat: "never" })).transfer);
  }

  /** Conference requests, never retried by themselves: each arrival moves channels. */
  async mergeConference(body: MergeConferenceRequest): Promise<Conference> {
    return this.once(`POST conference ${canonicalJson(body)}`, async () => (await this.call({ method: "POST", path: "api/conferences", body, response: ConferenceResponse, repeat: "never" })).conference);
  }

  async leaveConference(id: string): Promise<Conference> {
    return this.conferenceAction(`api/conferences/${valid(TransferIdArg, id)}/leave`);
  }

  async dropFromConference(id: string, participantId: string): Promise<Conference> {
    return this.conferenceAction(`api/conferences/${valid(TransferIdArg, id)}/participants/${encodeURIComponent(participantId)}/drop`);
  }

  async endConference(id: string): Promise<Conference> {
    return this.conferenceAction(`api/conferences/${valid(TransferIdArg, id)}/end`);
  }

  private conferenceAction(path: string): Promise<Conference> {
    return this.once(`POST ${path}`, async () => (await this.call({ method: "POST", path, response: ConferenceResponse, repeat: "never" })).conference);
  }

  /** A bot hands its caller to a person. Never retried by itself: the server moves the caller on each arrival. */
  async handoff(request: HandoffRequest): Promise<Transfer> {
    const body = valid(HandoffRequest, request);
    return this.once(`POST handoff ${canonicalJson(body)}`, async () => (await this.call({ method: "POST", path: "api/handoffs", body, response: HandoffResponse, repeat: "never" })).transfer);
  }

  async callHistory(): Promise<CallRecord[]> {
    return (await this.call({ method: "GET", path: "api/calls/history", response: CallHistoryResponse, repeat: "safe" })).calls;
  }

  /** A new session whose phone would talk in the clear is not taken up: it is ended on the server at once, and refused. */
  private async requireSecurePhone(api: HttpApi, sip: Session["sip"], token: string, withCookies: boolean): Promise<void> {
    if (sip === null) return;
    try {
      requireSecureSipWebSocket(sip.wsServer);
    } catch (error) {
      await api.send({ method: "POST", path: "api/auth/logout", response: LogoutResponse, repeat: "never", timeoutMs: LOGOUT_TIMEOUT_MS, withCookies }, token).catch(() => undefined);
      throw error;
    }
  }

  async queueSettings(): Promise<QueueSettings> {
    return this.call({ method: "GET", path: "api/queues/settings", response: QueueSettings, repeat: "safe" });
  }

  async queueFigures(): Promise<QueueFigures[]> {
    return (await this.call({ method: "GET", path: "api/queues", response: QueueFiguresResponse, repeat: "safe" })).queues;
  }

  async queueState(): Promise<AgentQueueState> {
    return (await this.call({ method: "GET", path: "api/agents/me/queue-state", response: AgentQueueStateResponse, repeat: "safe" })).state;
  }

  /**
   * Membership and pause are states, not counters: asking twice ends the same, so a lost answer may be asked
   * again (`safe`). A double click joins the request in flight.
   */
  async joinQueues(selection: QueueSelectionRequest): Promise<AgentQueueState> {
    return this.queueAction("api/agents/me/queues/join", valid(QueueSelectionArg, selection));
  }

  async leaveQueues(selection: QueueSelectionRequest): Promise<AgentQueueState> {
    return this.queueAction("api/agents/me/queues/leave", valid(QueueSelectionArg, selection));
  }

  async pause(reason: string): Promise<AgentQueueState> {
    return this.queueAction("api/agents/me/pause", { reason: valid(PauseReasonArg, reason) });
  }

  /** Ends the agent's own pause (and a wrap-up in progress, without a disposition). */
  async endPause(): Promise<AgentQueueState> {
    return this.queueAction("api/agents/me/resume", {});
  }

  /** A disposition is written once per call; a second one for the same call is the server's 409, so it is never repeated by itself. */
  async setDisposition(request: DispositionArg): Promise<z.infer<typeof DispositionResponse>> {
    const { callId, ...body } = valid(DispositionArg, request);
    const path = `api/calls/${encodeURIComponent(callId)}/disposition`;
    return this.once(`PUT ${path}`, () => this.call({ method: "PUT", path, body, response: DispositionResponse, repeat: "never" }));
  }

  board(): Promise<BoardSnapshot> {
    return this.call({ method: "GET", path: "api/supervisor/board", response: BoardSnapshot, repeat: "safe" });
  }

  async supervisorAudit(): Promise<SupervisorAuditEntry[]> {
    return (await this.call({ method: "GET", path: "api/supervisor/audit", response: SupervisorAuditResponse, repeat: "safe" })).entries;
  }

  async signAgentOut(agentId: string): Promise<AgentQueueState> {
    return this.queueAction(`api/agents/${valid(AgentIdArg, agentId)}/queues/leave`, {});
  }

  async endAgentPause(agentId: string): Promise<AgentQueueState> {
    return this.queueAction(`api/agents/${valid(AgentIdArg, agentId)}/resume`, {});
  }

  /** Never repeated: a second start would be refused (409) while the first holds the agent's call. */
  async startMonitoring(request: { agentId: string; mode: MonitoringMode }): Promise<z.infer<typeof MonitoringStartResponse>> {
    const body = valid(StartMonitoringArg, request);
    return this.once(`POST api/monitoring ${canonicalJson(body)}`, () => this.call({ method: "POST", path: "api/monitoring", body, response: MonitoringStartResponse, repeat: "never" }));
  }

  /** Safe to repeat: asking for the mode a session is already in changes nothing. */
  async changeMonitoringMode(request: { sessionId: string; mode: MonitoringMode }): Promise<MonitoringSession> {
    const { sessionId, mode } = valid(MonitoringModeArg, request);
    const path = `api/monitoring/${sessionId}/mode`;
    return this.once(`PUT ${path} ${mode}`, async () => (await this.call({ method: "PUT", path, body: { mode }, response: MonitoringSessionResponse, repeat: "safe" })).session);
  }

  async stopMonitoring(sessionId: string): Promise<MonitoringSession> {
    const path = `api/monitoring/${valid(MonitoringSessionIdArg, sessionId)}/stop`;
    return this.once(`POST ${path}`, async () => (await this.call({ method: "POST", path, body: {}, response: MonitoringSessionResponse, repeat: "never" })).session);
  }

  async monitoringSessions(): Promise<MonitoringSession[]> {
    return (await this.call({ method: "GET", path: "api/monitoring", response: MonitoringSessionsResponse, repeat: "safe" })).sessions;
  }

  private queueAction(path: string, body: object): Promise<AgentQueueState> {
    return this.once(`POST ${path} ${canonicalJson(body)}`, async () => (await this.call({ method: "POST", path, body, response: AgentQueueStateResponse, repeat: "safe" })).state);
  }

  private api(serverUrl: string): HttpApi {
    return new HttpApi(serverUrl, parseUrl(serverUrl).origin, this.options.transport, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  }

  private activate(api: HttpApi, session: Session, token: Token, serverDateMs: number | null, openLink: boolean): Active {
    const renewal: TokenRenewal = new TokenRenewal(
      {
        clock: this.clock,
        renew: (current) => api.send({ method: "POST", path: "api/auth/renew", response: RenewAnswer, repeat: "never" }, current),
        onRenewed: (renewed) => {
          if (this.active === active) this.events.emit("token.renewed", renewed);
        },
        onEnded: (cause, why) => {
          if (this.active === active) this.end(cause, why);
        },
      },
      token,
      serverDateMs,
    );
    const active: Active = { session, api, renewal, link: null };
    this.active = active;
    if (openLink && this.options.realtime !== false) this.openLink(active);
    return active;
  }

  private openLink(active: Active): void {
    const link = new RealtimeLink({
      serverUrl: active.session.serverUrl,
      transport: this.options.transport,
      clock: this.clock,
      log: this.log,
      token: () => (this.active === active ? active.renewal.token : null),
      refused: async (sent) => {
        if (this.active !== active) throw signedOut();
        // A renewal already brought a newer token, or this one is brand new: the refusal is not about it.
        if (sent !== active.renewal.token || active.renewal.tokenAgeMs < FRESH_TOKEN_MS) return;
        await active.renewal.renewNow();
      },
      onEvent: (event) => this.events.emit(event.name, event.payload as never),
      onState: (state) => this.events.emit("realtime.state", state),
      onSessionEnded: (reason) => {
        if (this.active === active) this.end(reason, `the server ended the session (${reason})`);
      },
    });
    active.link = link;
    link.start();
  }

  /** Drops the session; `cause` set when it ended by itself, which the host is told once. */
  private end(cause: SessionEndCause | null, why: string): void {
    const active = this.active;
    if (active === null) return;
    this.active = null;
    active.renewal.stop();
    active.link?.stop();
    if (cause === null) return;
    this.log.warn(`session ended (${cause}): ${why}`);
    this.events.emit("session.ended", { reason: cause });
  }

  /** One authenticated call: the retry rule, and the one answer to a 401. */
  private async call<S extends z.ZodType>(call: Call<S>): Promise<z.infer<S>> {
    const active = this.active;
    if (active === null) throw signedOut();
    let answered401 = false;
    for (let attempt = 1; ; attempt++) {
      const token = active.renewal.token;
      try {
        return (await active.api.send(call, token)).data;
      } catch (thrown) {
        const error = thrown instanceof ApiError ? thrown : new ApiError("network", String(thrown));
        if (this.active !== active) throw signedOut();
        if (error.status === 401 && !answered401) {
          answered401 = true;
          // Sent with a token a renewal has replaced since: resend. Otherwise renew (refused: the session ends) and resend.
          if (active.renewal.token === token) {
            await active.renewal.renewNow().catch((renewalError: unknown) => {
              throw this.active === active ? renewalError : signedOut();
            });
          }
          attempt -= 1;
          continue;
        }
        if (!shouldRetry(call.repeat, error, attempt, this.retry)) throw error;
        await this.sleep(retryDelayMs(attempt, this.retry, this.options.random));
        if (this.active !== active) throw signedOut();
      }
    }
  }

  /** The same action asked again while in flight shares its request and its answer. */
  private once<T>(action: string, run: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(action) as Promise<T> | undefined;
    if (pending !== undefined) return pending;
    const started = run().finally(() => this.inFlight.delete(action));
    this.inFlight.set(action, started);
    return started;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(resolve, ms));
  }
}

/** The server answered and did not act (a 4xx past the auth layer): the key is spent. */
function isDefiniteRefusal(error: unknown): boolean {
  return error instanceof ApiError && error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 401;
}

/** Checks an argument with its contract schema before anything is sent. */
function valid<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.infer<S>;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  throw new ApiError("invalid_request", `${field === "" ? "" : `${field}: `}${issue?.message ?? "invalid value"}`);
}
