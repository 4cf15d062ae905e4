import { ApiError, type HandoffClient } from "@handoff/client";
import type { Session, SignInRequest } from "@handoff/contract";
import type { CredentialVault, StoredCredentials } from "./credential-vault";
import type { Logger } from "./logger";

/**
 * The signed-in agent, on the main side: the only process that holds the bearer token.
 * The shared API client (@handoff/client) signs in, renews and ends the session; this
 * adds what only the desktop has: remembering the session in the vault when the agent
 * asks (and the OS allows), keeping that copy current, and taking it up again at start.
 */

export type VaultApi = Pick<CredentialVault, "security" | "save" | "load" | "clear">;

export interface AgentSessionOptions {
  client: HandoffClient;
  vault: VaultApi;
  /** Asks the agent whether to store the session unencrypted (the OS has no keyring). */
  askPlaintextConsent(reason: string): Promise<boolean>;
  /** Called on sign-in, restore, sign-out and when the session ends by itself. */
  onChange(session: Session | null): void;
  log: Logger;
}

interface Remembered {
  readonly username: string;
  /** Whether storing it unencrypted was consented to. */
  readonly plaintextConsent: boolean;
}

export class AgentSession {
  private remembered: Remembered | null = null;
  private verifying: Promise<void> = Promise.resolve();
  /** Why the remembered session was not taken up at start, for the sign-in screen (once). */
  private refusal: ApiError | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private saving: Promise<unknown> = Promise.resolve();
  /** Every token of this run, for the leak guard (an old token stays valid until it expires). */
  private readonly tokens: string[] = [];

  constructor(private readonly options: AgentSessionOptions) {
    options.client.on("token.renewed", ({ token }) => {
      this.track(token);
      this.saveRemembered();
    });
    options.client.on("session.ended", ({ reason }) => {
      options.log.warn(`signed out: the session ended (${reason})`);
      this.remembered = null;
      void this.forget();
      options.onChange(null);
    });
  }

  /** Signs in, replacing any current session once the new one is accepted. Calls run one at a time. */
  signIn(request: SignInRequest): Promise<Session> {
    return this.serialize(async () => {
      // Remembering is the vault's job here, not the server's browser cookie: remember stays on this side.
      const { session, token } = await this.options.client.signIn({ serverUrl: request.serverUrl, username: request.username, password: request.password });
      this.track(token.token);
      this.remembered = null;
      this.options.onChange(session);
      if (request.remember) await this.remember(request.username);
      else await this.forget();
      return session;
    });
  }

  /** Ends the session here and on the server, and forgets the remembered copy. */
  signOut(): Promise<void> {
    return this.serialize(async () => {
      const had = this.options.client.session !== null;
      this.remembered = null;
      await this.options.client.signOut();
      await this.forget();
      if (had) this.options.onChange(null);
    });
  }

  /** The session, once a remembered one has been checked with the server. */
  async currentSession(): Promise<Session | null> {
    await this.verifying;
    const refusal = this.refusal;
    this.refusal = null;
    if (refusal !== null) throw refusal;
    return this.options.client.session;
  }

  /**
   * Loads a remembered session at start. Returns as soon as the vault is read (the window
   * can load with the right CSP); the client checks the token with the server in the
   * background, and `currentSession()` waits for that check.
   */
  async restore(): Promise<Session | null> {
    const stored = await this.options.vault.load();
    if (stored === null) return null;
    let resumed: ReturnType<HandoffClient["resume"]>;
    try {
      resumed = this.options.client.resume(stored);
    } catch (error) {
      // A copy of a plain http:// or ws:// session off loopback (kept before the client refused them): dropped, and the sign-in screen says why.
      if (!(error instanceof ApiError && error.code === "insecure")) throw error;
      this.options.log.warn(error.message);
      this.refusal = error;
      await this.forget();
      return null;
    }
    if (resumed === null) {
      this.options.log.info("the remembered session has expired; sign in again");
      await this.forget();
      return null;
    }
    this.track(stored.token);
    // The file exists, so it was written either securely or with consent.
    this.remembered = { username: stored.username, plaintextConsent: !this.options.vault.security().secure };
    this.options.onChange(resumed.session);
    this.verifying = resumed.checked.then(() => this.saving).then(() => undefined);
    return resumed.session;
  }

  secrets(): readonly string[] {
    return this.tokens;
  }

  private async remember(username: string): Promise<void> {
    const security = this.options.vault.security();
    const plaintextConsent = security.secure ? false : await this.options.askPlaintextConsent(security.reason);
    const stored = this.stored(username);
    if (stored === null) return;
    const outcome = await this.options.vault.save(stored, { plaintextConsent });
    if (outcome.persisted) {
      this.remembered = { username, plaintextConsent };
      this.options.log.info(outcome.encrypted ? "session remembered, encrypted by the OS keyring" : "session remembered unencrypted, as the agent agreed");
    } else {
      this.options.log.warn(`session not remembered: ${outcome.reason}`);
    }
  }

  /** A renewal rotated the token: the remembered copy must follow, or the next start would renew a dead one (and end the session). */
  private saveRemembered(): void {
    const remembered = this.remembered;
    const stored = remembered === null ? null : this.stored(remembered.username);
    if (remembered === null || stored === null) return;
    this.saving = this.options.vault.save(stored, { plaintextConsent: remembered.plaintextConsent }).catch((error: unknown) => this.options.log.warn("could not update the remembered session", { error: String(error) }));
  }

  private stored(username: string): StoredCredentials | null {
    const { session, token } = this.options.client;
    if (session === null || token === null) return null;
    return { serverUrl: session.serverUrl, username, token: token.token, expiresAt: token.expiresAt, agent: session.agent, sip: session.sip };
  }

  private async forget(): Promise<void> {
    try {
      await this.options.vault.clear();
    } catch (error) {
      this.options.log.warn("could not delete the remembered session", { error: String(error) });
    }
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
}
