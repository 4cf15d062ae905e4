import type { LoginResponse, Session, SessionEndReason, SignInRequest } from "@handoff/contract";
import type { CredentialVault, StoredCredentials } from "./credential-vault";
import type { Logger } from "./logger";
import type { ServerClient } from "./server-client";
import { ServerError } from "./server-error";
import { TokenRenewal, type Renewed, type Timers } from "./token-renewal";

/**
 * The signed-in agent, on the main side: the only place the bearer token
 * lives. Signs in, keeps the token renewed, remembers the session in the
 * vault when asked to (and allowed to), and restores it at start.
 */

/** The server calls a session makes; ServerClient is the real one. */
export type ServerApi = Pick<
  ServerClient,
  "login" | "renew" | "logout" | "directory" | "availableAgents" | "setStatus" | "executeTransfer" | "completeTransfer" | "cancelTransfer" | "callHistory"
>;

export type VaultApi = Pick<CredentialVault, "security" | "save" | "load" | "clear">;

export interface AgentSessionOptions {
  createClient(baseUrl: string, token: () => string | null): ServerApi;
  vault: VaultApi;
  /** Asks the agent whether to store the session unencrypted (the OS has no keyring). */
  askPlaintextConsent(reason: string): Promise<boolean>;
  /** Called on sign-in, restore, sign-out and expiry. */
  onChange(session: Session | null): void;
  log: Logger;
  now?: () => number;
  timers?: Timers;
}

interface Active {
  readonly session: Session;
  readonly client: ServerApi;
  readonly username: string;
  readonly renewal: TokenRenewal;
  token: string;
  expiresAt: string;
  /** null: not remembered; else whether plaintext storage was consented to. */
  remembered: { plaintextConsent: boolean } | null;
}

export class AgentSession {
  private active: Active | null = null;
  private verifying: Promise<void> = Promise.resolve();
  private queue: Promise<unknown> = Promise.resolve();
  private saving: Promise<unknown> = Promise.resolve();
  /** Every token of this run, for the leak guard (an old token stays valid until it expires). */
  private readonly tokens: string[] = [];

  constructor(private readonly options: AgentSessionOptions) {}

  /** Signs in, replacing any current session once the new one is accepted. Calls run one at a time. */
  signIn(request: SignInRequest): Promise<Session> {
    return this.serialize(async () => {
      let token: string | null = null;
      const client = this.options.createClient(request.serverUrl, () => token);
      const login = await client.login({ username: request.username, password: request.password });
      token = login.token;
      this.end(null);
      const active = this.activate(client, request.serverUrl, request.username, login, (next) => (token = next));
      if (request.remember) await this.remember(active);
      else await this.forget();
      return active.session;
    });
  }

  /** Ends the session on the server too (best effort: offline, the token still dies at its expiry). */
  signOut(): Promise<void> {
    return this.serialize(async () => {
      const client = this.active?.client;
      this.end(null);
      await this.forget();
      await client?.logout().catch((error: unknown) => this.options.log.warn("could not tell the server about the sign-out", { error: String(error) }));
    });
  }

  /** The server ended the session (session.ended): drop it here too, and the remembered copy. */
  ended(reason: SessionEndReason): Promise<void> {
    return this.serialize(async () => {
      if (this.active === null) return;
      this.end(`the server ended the session (${reason})`);
      await this.forget();
    });
  }

  /** The session, once a remembered one has been checked with the server. */
  async currentSession(): Promise<Session | null> {
    await this.verifying;
    return this.active?.session ?? null;
  }

  /**
   * Loads a remembered session at start. Returns as soon as the vault is read
   * (the window can load with the right CSP); the token is checked with the
   * server in the background and `currentSession()` waits for that check.
   */
  async restore(): Promise<Session | null> {
    const stored = await this.options.vault.load();
    if (stored === null) return null;
    if (Date.parse(stored.expiresAt) <= this.now() + 5_000) {
      this.options.log.info("the remembered session has expired; sign in again");
      await this.forget();
      return null;
    }
    let token: string | null = stored.token;
    const client = this.options.createClient(stored.serverUrl, () => token);
    const login: LoginResponse = { token: stored.token, expiresAt: stored.expiresAt, agent: stored.agent, sip: stored.sip };
    const active = this.activate(client, stored.serverUrl, stored.username, login, (next) => (token = next));
    // The file exists, so it was written either securely or with consent.
    active.remembered = { plaintextConsent: !this.options.vault.security().secure };
    this.verifying = active.renewal.renewNow().then(
      async () => {
        await this.saving;
      },
      async (error: unknown) => {
        if (this.active !== active) return;
        if (error instanceof ServerError && (error.sessionEnded || error.code === "forbidden")) {
          this.end(`the remembered session was refused (${error.message})`);
          await this.forget();
          return;
        }
        // Offline at start: keep the session; the renewal retries while the token lasts.
        active.renewal.start(active.expiresAt);
      },
    );
    return active.session;
  }

  /** Runs a server call; a refused token ends the session so the UI can ask to sign in. */
  async call<T>(run: (client: ServerApi) => Promise<T>): Promise<T> {
    const active = this.active;
    if (active === null) throw new ServerError("You are signed out. Sign in again.", "signed_out", null);
    try {
      return await run(active.client);
    } catch (error) {
      if (error instanceof ServerError && error.code === "unauthenticated" && this.active === active) {
        this.end(error.message);
        await this.forget();
      }
      throw error;
    }
  }

  get session(): Session | null {
    return this.active?.session ?? null;
  }

  /** The current token, for the real-time link's handshake. */
  token(): string | null {
    return this.active?.token ?? null;
  }

  /** Renews now and returns the new token (the real-time link was refused). */
  async renewNow(): Promise<string> {
    const active = this.active;
    if (active === null) throw new ServerError("You are signed out. Sign in again.", "signed_out", null);
    return (await active.renewal.renewNow()).token;
  }

  secrets(): readonly string[] {
    return this.tokens;
  }

  private activate(client: ServerApi, serverUrl: string, username: string, login: LoginResponse, setToken: (token: string) => void): Active {
    const session: Session = { serverUrl, agent: login.agent, sip: login.sip };
    const renewal: TokenRenewal = new TokenRenewal({
      renew: () => client.renew(),
      onRenewed: (renewed) => this.renewed(active, renewed, setToken),
      onExpired: (reason) => {
        if (this.active !== active) return;
        this.end(reason);
        void this.forget();
      },
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.timers ? { timers: this.options.timers } : {}),
    });
    const active: Active = { session, client, username, renewal, token: login.token, expiresAt: login.expiresAt, remembered: null };
    this.active = active;
    this.track(login.token);
    renewal.start(login.expiresAt);
    this.options.onChange(session);
    return active;
  }

  private renewed(active: Active, renewed: Renewed, setToken: (token: string) => void): void {
    if (this.active !== active) return;
    active.token = renewed.token;
    active.expiresAt = renewed.expiresAt;
    setToken(renewed.token);
    this.track(renewed.token);
    if (active.remembered !== null) {
      this.saving = this.options.vault.save(this.stored(active), active.remembered).catch((error: unknown) => this.options.log.warn("could not update the remembered session", { error: String(error) }));
    }
  }

  private async remember(active: Active): Promise<void> {
    const security = this.options.vault.security();
    const plaintextConsent = security.secure ? false : await this.options.askPlaintextConsent(security.reason);
    const outcome = await this.options.vault.save(this.stored(active), { plaintextConsent });
    if (outcome.persisted) {
      active.remembered = { plaintextConsent };
      this.options.log.info(outcome.encrypted ? "session remembered, encrypted by the OS keyring" : "session remembered unencrypted, as the agent agreed");
    } else {
      this.options.log.warn(`session not remembered: ${outcome.reason}`);
    }
  }

  private async forget(): Promise<void> {
    try {
      await this.options.vault.clear();
    } catch (error) {
      this.options.log.warn("could not delete the remembered session", { error: String(error) });
    }
  }

  private stored(active: Active): StoredCredentials {
    const { session, username, token, expiresAt } = active;
    return { serverUrl: session.serverUrl, username, token, expiresAt, agent: session.agent, sip: session.sip };
  }

  /** Drops the current session; `reason` is logged when it ended by itself. */
  private end(reason: string | null): void {
    const active = this.active;
    if (active === null) return;
    active.renewal.stop();
    this.active = null;
    if (reason !== null) this.options.log.warn(`signed out: ${reason}`);
    this.options.onChange(null);
  }

  private track(token: string): void {
    this.tokens.push(token);
    if (this.tokens.length > 8) this.tokens.shift();
  }

  private serialize<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
