import { randomBytes, randomUUID } from "node:crypto";
import type { VisitorCallResponse } from "@handoff/contract";
import type { AmiMessage } from "../ami";
import type { SipAuthTable } from "../sip/auth-table";

export interface VisitorLinesOptions {
  /** The visitor endpoints (visitor-1…): each carries one call at a time. */
  lines: readonly string[];
  table: Pick<SipAuthTable, "grant" | "lock">;
  wsServer: string;
  domain: string;
  /** The extension the visitor context answers: the voice bot. */
  target: string;
  /** How long an issued credential waits for its call before it is locked again. */
  credentialTtlMs: number;
  log: { info(details: object, message: string): void };
  newPassword?: () => string;
  now?: () => number;
}

type Line =
  | { readonly state: "free" }
  | { readonly state: "issued"; readonly holder: string; readonly timer: NodeJS.Timeout }
  | { readonly state: "in_call"; readonly channels: Set<string> };

/** Hex: no character means anything in a SIP header or a digest. */
const randomPassword = () => randomBytes(16).toString("hex");

/**
 * The website visitors' lines, each credential good for exactly one call:
 *
 *   free ──issue──▶ issued (a fresh password) ──the line's channel appears──▶ in_call (password locked)
 *                     │                                                          │
 *                     └── no call within the TTL: locked ──▶ free                └── its last channel hangs up ──▶ free
 *
 * The password is locked the moment Asterisk shows the call's channel: the call goes on (requests inside a
 * dialog are not authenticated again) and the same credential can never start a second call. A line is
 * handed out again only once its call has ended, so two visitors never share one.
 */
export class VisitorLines {
  private readonly lines = new Map<string, Line>();
  private readonly newPassword: () => string;
  private readonly now: () => number;

  constructor(private readonly o: VisitorLinesOptions) {
    this.newPassword = o.newPassword ?? randomPassword;
    this.now = o.now ?? Date.now;
    // Whatever an earlier run issued is void: a visitor whose call had not started asks again.
    for (const line of o.lines) {
      o.table.lock(line, this.newPassword());
      this.lines.set(line, { state: "free" });
    }
  }

  /** A credential for one call on a free line, or null when every line is busy. */
  issue(): VisitorCallResponse | null {
    const line = [...this.lines].find(([, l]) => l.state === "free")?.[0];
    if (line === undefined) return null;
    const password = this.newPassword();
    const holder = `visitor:${randomUUID()}`;
    this.o.table.grant(line, holder, password);
    const timer = setTimeout(() => this.expire(line, holder), this.o.credentialTtlMs);
    timer.unref();
    this.lines.set(line, { state: "issued", holder, timer });
    this.o.log.info({ line }, "visitor credential issued");
    return {
      sip: {
        wsServer: this.o.wsServer,
        aor: `sip:${line}@${this.o.domain}`,
        authorizationUsername: line,
        authorizationPassword: password,
        displayName: "Website visitor",
        target: `sip:${this.o.target}@${this.o.domain}`,
      },
      expiresAt: new Date(this.now() + this.o.credentialTtlMs).toISOString(),
    };
  }

  /** Follows the lines' channels in the AMI event stream. */
  apply(event: AmiMessage): void {
    if (event.event !== "Newchannel" && event.event !== "Hangup") return;
    const channel = event.get("Channel");
    const line = channel === undefined ? undefined : this.lineOf(channel);
    if (channel === undefined || line === undefined) return;
    if (event.event === "Newchannel") this.callStarted(line, channel);
    else this.callEnded(line, channel);
  }

  /** After an AMI (re)connect, from the channels Asterisk lists: events missed meanwhile are gone. */
  resynced(liveChannels: Iterable<string>): void {
    const live = new Map<string, Set<string>>();
    for (const channel of liveChannels) {
      const line = this.lineOf(channel);
      if (line !== undefined) live.set(line, (live.get(line) ?? new Set()).add(channel));
    }
    for (const [line, state] of this.lines) {
      const channels = live.get(line);
      if (channels !== undefined) this.callStarted(line, ...channels);
      else if (state.state === "in_call") this.free(line);
    }
  }

  /** For health and tests: each line's state. */
  states(): Record<string, Line["state"]> {
    return Object.fromEntries([...this.lines].map(([line, l]) => [line, l.state]));
  }

  close(): void {
    for (const line of this.lines.values()) if (line.state === "issued") clearTimeout(line.timer);
  }

  private lineOf(channel: string): string | undefined {
    // PJSIP/visitor-1-0000002a: the endpoint's name, then Asterisk's counter.
    const match = /^PJSIP\/(.+)-[0-9a-f]{8}$/.exec(channel);
    return match?.[1] !== undefined && this.lines.has(match[1]) ? match[1] : undefined;
  }

  private callStarted(line: string, ...channels: string[]): void {
    const current = this.lines.get(line);
    if (current?.state === "in_call") {
      for (const channel of channels) current.channels.add(channel);
      return;
    }
    if (current?.state === "issued") clearTimeout(current.timer);
    // Single use: from now on this password starts nothing.
    this.o.table.lock(line, this.newPassword());
    this.lines.set(line, { state: "in_call", channels: new Set(channels) });
    this.o.log.info({ line }, "visitor call started; its credential is spent");
  }

  private callEnded(line: string, channel: string): void {
    const current = this.lines.get(line);
    if (current?.state !== "in_call") return;
    current.channels.delete(channel);
    if (current.channels.size === 0) this.free(line);
  }

  private expire(line: string, holder: string): void {
    const current = this.lines.get(line);
    if (current?.state !== "issued" || current.holder !== holder) return;
    this.o.table.lock(line, this.newPassword());
    this.free(line);
    this.o.log.info({ line }, "visitor credential expired unused");
  }

  private free(line: string): void {
    this.lines.set(line, { state: "free" });
  }
}
