/** Messages between bench/server-load.ts and its AMI proxy process (proxy-child.ts), over IPC. */

export type ProxyCommand =
  | { readonly type: "listen"; readonly upstream: { readonly host: string; readonly port: number } }
  /** Counters so far; `resetMax` starts a new window for the backlog maximum. */
  | { readonly type: "snapshot"; readonly resetMax: boolean }
  | { readonly type: "actions" }
  | { readonly type: "stop" };

/** What the proxy has passed to the server since it started. */
export interface ProxyCounters {
  /** Epoch ms in the proxy's clock when the counters were read. */
  readonly at: number;
  /** Messages starting with `Event:` written to the server (list items of its own actions included). */
  readonly events: number;
  readonly bytesToServer: number;
  /** Events by name, for the mix the server handled. */
  readonly byName: Readonly<Record<string, number>>;
  /**
   * Bytes on their way to the server that it has not read yet: the proxy's unsent
   * buffer plus the server socket's kernel receive queue. Growth means the server
   * does not keep up with the events.
   */
  readonly backlogBytes: number;
  /** Highest backlog since the last snapshot with resetMax. */
  readonly maxBacklogBytes: number;
}

/** One action the server wrote to Asterisk, with Asterisk's reply as the proxy saw them pass. */
export interface ProxyAction {
  readonly action: string;
  readonly actionId: string;
  readonly channel: string | null;
  /** Epoch ms when the action left the server's socket into the proxy. */
  readonly sentAt: number;
  /** Epoch ms when the reply (or the end of its event list) came back from Asterisk; null if none yet. */
  readonly repliedAt: number | null;
  readonly response: string | null;
}

export type ProxyMessage =
  | { readonly type: "listening"; readonly port: number }
  | { readonly type: "snapshot"; readonly counters: ProxyCounters }
  | { readonly type: "actions"; readonly actions: readonly ProxyAction[] }
  | { readonly type: "error"; readonly message: string };

export function isProxyMessage(value: unknown): value is ProxyMessage {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** Epoch ms with sub-ms precision: the same system clock in every process, so the proxy's times compare with the benchmark's. */
export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
