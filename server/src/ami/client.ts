import { connect as tcpConnect, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import { AmiDecoder, encodeAction, type AmiFields, type AmiMessage } from "./codec";
import { checkAmiTransition, type AmiState } from "./connection-state";
import {
  AmiActionError,
  AmiActionNotAllowedError,
  AmiConnectionLostError,
  AmiLoginError,
  AmiNotConnectedError,
  AmiTimeoutError,
} from "./errors";

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Actions this client may send; anything else throws before a byte is written. */
  allowedActions: ReadonlySet<string>;
  actionTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Delay before reconnect attempt N (1-based); false gives up after the first loss. */
  reconnect?: false | ((attempt: number) => number);
  /** How often to Ping; a Ping that times out counts the link as dead. False disables it. */
  keepaliveMs?: number | false;
}

export interface AmiReply {
  response: AmiMessage;
  /** The events of an event-list action (CoreShowChannels, Status…), without the Complete marker. */
  events: AmiMessage[];
  /** `position` when the answer was complete: events beyond it happened after Asterisk wrote it. */
  position: number;
}

export interface AmiStateChange {
  state: AmiState;
  /** Why the link went down or a connect failed, when it did. */
  error?: Error;
}

interface PendingAction {
  action: string;
  resolve(reply: AmiReply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  response: AmiMessage | null;
  events: AmiMessage[] | null;
}

/** What one socket read may bring: the size Node itself reads with. */
const READ_BUFFER_BYTES = 64 * 1024;

/** Full jitter: a random delay up to an exponentially growing cap (1 s → 30 s). */
export function backoffWithJitter(attempt: number): number {
  const cap = Math.min(30_000, 1_000 * 2 ** Math.min(attempt - 1, 5));
  return Math.round(cap / 2 + (Math.random() * cap) / 2);
}

/**
 * An Asterisk Manager Interface connection: replies matched by ActionID, event
 * lists collected until their Complete event, a timeout per action. Actions
 * pending when the link drops are rejected, never replayed: a transfer sent
 * twice moves a caller twice.
 */
export class AmiClient {
  private stateValue: AmiState = "idle";
  private socket: Socket | null = null;
  private readonly pending = new Map<string, PendingAction>();
  private readonly eventListeners = new Set<(event: AmiMessage) => void>();
  private eventsDispatched = 0;
  /** Messages of a read not dispatched yet: those after a reply wait until the code that awaited it has run. */
  private backlog: AmiMessage[] = [];
  private backlogScheduled = false;
  private readonly stateListeners = new Set<(change: AmiStateChange) => void>();
  private readonly idPrefix = randomBytes(4).toString("hex");
  private nextId = 1;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private readonly actionTimeoutMs: number;

  constructor(private readonly options: AmiClientOptions) {
    this.actionTimeoutMs = options.actionTimeoutMs ?? 5_000;
  }

  /** Connects once and resolves when logged in; rejects on the first failure. */
  static async connect(options: AmiClientOptions): Promise<AmiClient> {
    const client = new AmiClient({ ...options, reconnect: false });
    await new Promise<void>((resolve, reject) => {
      const off = client.onState(({ state, error }) => {
        if (state === "connected") {
          off();
          resolve();
        } else if (state === "closed" || state === "reconnecting") {
          off();
          reject(error ?? new AmiNotConnectedError(state));
        }
      });
      client.start();
    });
    return client;
  }

  get state(): AmiState {
    return this.stateValue;
  }

  /** Starts connecting; with a reconnect strategy it keeps trying until close(). */
  start(): void {
    this.open();
  }

  onEvent(listener: (event: AmiMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onState(listener: (change: AmiStateChange) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Sends one action and resolves with its reply (and its events, for an event list). */
  send(action: string, fields: AmiFields = {}, timeoutMs = this.actionTimeoutMs): Promise<AmiReply> {
    if (!this.options.allowedActions.has(action)) return Promise.reject(new AmiActionNotAllowedError(action));
    if (this.stateValue !== "connected" || this.socket === null) {
      return Promise.reject(new AmiNotConnectedError(this.stateValue));
    }
    return this.write(this.socket, action, fields, timeoutMs);
  }

  /** Closes for good: pending actions are rejected, no reconnect follows. */
  async close(): Promise<void> {
    if (this.stateValue === "closed") return;
    const socket = this.socket;
    const wasConnected = this.stateValue === "connected";
    this.socket = null;
    this.backlog = [];
    this.goDown("closed", undefined);
    if (socket === null || socket.destroyed) return;
    if (!wasConnected) {
      socket.destroy();
      return;
    }
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      // Logoff lets Asterisk close its side cleanly; the timer covers a dead link.
      socket.end("Action: Logoff\r\n\r\n");
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }

  private write(socket: Socket, action: string, fields: AmiFields, timeoutMs: number): Promise<AmiReply> {
    const actionId = `${this.idPrefix}-${this.nextId++}`;
    // Encoding validates every field, so a rejected value never reaches the socket.
    let frame: string;
    try {
      frame = encodeAction(action, actionId, fields);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AmiReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(actionId);
        reject(new AmiTimeoutError(action, timeoutMs));
      }, timeoutMs);
      this.pending.set(actionId, { action, resolve, reject, timer, response: null, events: null });
      socket.write(frame);
    });
  }

  private open(): void {
    this.setState(checkAmiTransition(this.stateValue, "connecting"));
    const { host, port, connectTimeoutMs = 5_000 } = this.options;
    const decoder = new AmiDecoder();
    // Every read lands in the same buffer rather than a fresh one: safe because the
    // decoder copies what it keeps, and it spares a 64 KB allocation per read.
    const socket = tcpConnect({
      host,
      port,
      onread: {
        buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
        callback: (size, buffer) => {
          const messages = decoder.push(buffer.subarray(0, size));
          // Behind messages still waiting, a new read waits too: events reach listeners in Asterisk's order.
          if (this.backlog.length > 0) this.backlog.push(...messages);
          else this.dispatchFrom(messages);
          return true;
        },
      },
    });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(connectTimeoutMs);
    let failure: Error | undefined;

    socket.on("timeout", () => {
      failure = new Error(`AMI at ${host}:${port} did not answer within ${connectTimeoutMs} ms`);
      socket.destroy();
    });
    socket.on("error", (error) => {
      failure = error;
    });
    socket.on("close", () => {
      if (this.socket !== socket) return;
      // What was read before the link dropped happened: listeners hear it before they hear of the loss.
      this.drainBacklog(true);
      this.socket = null;
      if (this.stateValue === "closed") return;
      this.goDown(this.options.reconnect ? "reconnecting" : "closed", failure ?? new Error("AMI connection closed by Asterisk"));
      if (this.options.reconnect) this.scheduleReconnect(this.options.reconnect);
    });
    socket.on("connect", () => {
      this.write(socket, "Login", { Username: this.options.username, Secret: this.options.secret, Events: "on" }, connectTimeoutMs).then(
        () => {
          if (this.socket !== socket) return;
          socket.setTimeout(0);
          this.attempt = 0;
          this.setState(checkAmiTransition(this.stateValue, "connected"));
          this.startKeepalive(socket);
        },
        (error: unknown) => {
          failure = error instanceof AmiActionError ? new AmiLoginError(error.reply) : (error as Error);
          socket.destroy();
        },
      );
    });
  }

  /**
   * Dispatches a read's messages in order. Once one of them answers an action, the rest
   * wait for a macrotask: the code awaiting that answer (a transfer request writing its
   * response) runs first, instead of after every event Asterisk sent in the same read and
   * the work those events queue.
   */
  private dispatchFrom(messages: AmiMessage[]): void {
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as AmiMessage;
      if (!this.dispatch(message) || i === messages.length - 1) continue;
      this.backlog = messages.slice(i + 1);
      if (!this.backlogScheduled) {
        this.backlogScheduled = true;
        setImmediate(() => {
          this.backlogScheduled = false;
          this.drainBacklog(false);
        });
      }
      return;
    }
  }

  /** Dispatches what waits; `all` ignores replies' yields (the link is closing). */
  private drainBacklog(all: boolean): void {
    const waiting = this.backlog;
    this.backlog = [];
    if (all) for (const message of waiting) this.dispatch(message);
    else this.dispatchFrom(waiting);
  }

  /** Hands one message to its action or to the event listeners; true when it settled an action that someone awaits. */
  private dispatch(message: AmiMessage): boolean {
    if (message.response !== undefined) return this.onReply(message, message.response);
    const event = message.event;
    // This Asterisk build has its test framework compiled in; its events are noise.
    if (event === undefined || event === "TestEvent") return false;
    // Only an action still waiting can own an event (an item of its list): while
    // none waits, events are not parsed to look for an ActionID.
    if (this.pending.size > 0) {
      const actionId = message.actionId;
      const pending = actionId === undefined ? undefined : this.pending.get(actionId);
      if (actionId !== undefined && pending?.events && pending.response) {
        if (message.get("EventList") !== "Complete") {
          pending.events.push(message);
          return false;
        }
        this.settle(actionId, pending, { response: pending.response, events: pending.events, position: this.eventsDispatched });
        return true;
      }
    }
    this.eventsDispatched += 1;
    for (const listener of this.eventListeners) listener(message);
    return false;
  }

  /**
   * How many events have reached listeners on this client so far (the one being handed out
   * included): set beside an answer's own `position`, it says which events came after the answer.
   */
  get position(): number {
    return this.eventsDispatched;
  }

  private onReply(message: AmiMessage, response: string): boolean {
    const actionId = message.actionId;
    const pending = actionId === undefined ? undefined : this.pending.get(actionId);
    if (pending === undefined || actionId === undefined) return false;
    if (response === "Error") {
      this.settle(actionId, pending, new AmiActionError(pending.action, message.get("Message") ?? "no reason given"));
    } else if (message.get("EventList") === "start") {
      pending.response = message;
      pending.events = [];
      return false;
    } else {
      this.settle(actionId, pending, { response: message, events: [], position: this.eventsDispatched });
    }
    return true;
  }

  private settle(actionId: string, pending: PendingAction, outcome: AmiReply | Error): void {
    clearTimeout(pending.timer);
    this.pending.delete(actionId);
    if (outcome instanceof Error) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  private goDown(state: "reconnecting" | "closed", error: Error | undefined): void {
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.keepaliveTimer = null;
    this.reconnectTimer = null;
    for (const [actionId, pending] of this.pending) this.settle(actionId, pending, new AmiConnectionLostError(pending.action));
    this.setState(checkAmiTransition(this.stateValue, state), error);
  }

  private scheduleReconnect(delayFor: (attempt: number) => number): void {
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stateValue === "reconnecting") this.open();
    }, delayFor(this.attempt));
  }

  private startKeepalive(socket: Socket): void {
    const every = this.options.keepaliveMs ?? 10_000;
    if (every === false) return;
    this.keepaliveTimer = setInterval(() => {
      // A Ping unanswered in time means a half-open link: drop it so reconnect starts.
      this.write(socket, "Ping", {}, Math.min(every, this.actionTimeoutMs)).catch((error: unknown) => {
        if (error instanceof AmiTimeoutError) socket.destroy(error);
      });
    }, every);
    this.keepaliveTimer.unref();
  }

  private setState(state: AmiState, error?: Error): void {
    this.stateValue = state;
    const change: AmiStateChange = error === undefined ? { state } : { state, error };
    for (const listener of this.stateListeners) listener(change);
  }
}
