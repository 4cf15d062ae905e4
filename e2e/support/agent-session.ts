import type { Browser } from "@playwright/test";
import type { CallContext, Conference, DirectoryEntry, SipConfig, Transfer } from "@handoff/contract";
import { io, type Socket } from "socket.io-client";
import type { TestServer } from "../../server/test/support/test-server";
import { HarnessPage } from "./harness-page";

type LoginBody = { token: string; agent: { id: string; extension: string | null }; sip: SipConfig | null };
/** What a session needs of a server: the in-process test server or one in its own process (server/test/support/server-process.ts). */
type Server = Pick<TestServer, "url" | "password">;
const logins = new Map<string, Promise<LoginBody>>();

/** Signs in once per server and user: login is rate-limited, and a token outlives a spec file. */
function login(server: Server, username: string): Promise<LoginBody> {
  const key = `${server.url} ${username}`;
  let pending = logins.get(key);
  if (pending === undefined) {
    pending = fetch(`${server.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password: server.password(username) }),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`login of ${username} failed: ${response.status}`);
      return (await response.json()) as LoginBody;
    });
    logins.set(key, pending);
  }
  return pending;
}

/** One signed-in agent in a test: its token, its real-time stream and (optionally) its phone in Chromium. */
export class AgentSession {
  readonly transfers: Transfer[] = [];
  readonly conferences: Conference[] = [];
  readonly contexts: CallContext[] = [];
  readonly presence: DirectoryEntry[] = [];
  readonly pbxStatus: string[] = [];
  phone: HarnessPage | null = null;

  private constructor(
    readonly server: Server,
    readonly id: string,
    readonly username: string,
    readonly extension: string | null,
    readonly token: string,
    /** This sign-in's own SIP credential: the phone registers with it, and it dies with the session. */
    readonly sip: SipConfig | null,
    private readonly socket: Socket,
  ) {
    socket.on("transfer.updated", (transfer: Transfer) => this.transfers.push(transfer));
    socket.on("conference.updated", (conference: Conference) => this.conferences.push(conference));
    socket.on("call.context", (context: CallContext) => this.contexts.push(context));
    socket.on("presence.updated", (entry: DirectoryEntry) => this.presence.push(entry));
    socket.on("pbx.status", (event: { status: string }) => this.pbxStatus.push(event.status));
  }

  static async signIn(server: Server, username: string): Promise<AgentSession> {
    const body = await login(server, username);
    const socket = io(server.url, { auth: { token: body.token }, transports: ["websocket"] });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
    return new AgentSession(server, body.agent.id, username, body.agent.extension, body.token, body.sip, socket);
  }

  /** Opens this agent's phone (the telephony harness) in its own browser page; `wsServer` puts something (a fault proxy) in its path to the PBX. */
  async openPhone(browser: Browser, wsServer?: string): Promise<HarnessPage> {
    if (this.sip === null) throw new Error(`${this.username} has no extension, so the login gave no SIP credential`);
    const phone = new HarnessPage(await browser.newPage());
    await phone.open(wsServer === undefined ? this.sip : { ...this.sip, wsServer });
    this.phone = phone;
    return phone;
  }

  /** Drops and re-opens the real-time link, as an app waking from sleep would. */
  async reconnect(): Promise<void> {
    this.socket.disconnect();
    await new Promise<void>((resolve) => {
      this.socket.once("connect", () => resolve());
      this.socket.connect();
    });
  }

  statusesOf(transferId: string): string[] {
    return this.transfers.filter((t) => t.id === transferId).map((t) => t.status);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { transfer?: Transfer; error?: { code: string; message: string } } };
  }

  transfer(callId: string, target: { kind: string; value: string; trunk?: string }, mode: "blind" | "attended", key = `key-${Math.random().toString(36).slice(2)}`, note?: string) {
    return this.request("POST", "/api/transfers/execute", { callId, target, mode, ...(note === undefined ? {} : { note }) }, { "idempotency-key": key });
  }

  async close(): Promise<void> {
    this.socket.close();
    // A BYE racing the PBX's own hangup can wait out a whole SIP transaction (32 s);
    // closing the page ends the phone just as surely.
    const stopped = this.phone?.stop().catch(() => undefined);
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2_000))]);
    await this.phone?.page.close().catch(() => undefined);
  }
}
