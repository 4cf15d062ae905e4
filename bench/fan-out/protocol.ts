/**
 * What ../fan-out.ts and its child processes (client hosts, the baseline server)
 * tell each other over the fork IPC channel, and the clock they share.
 */
import type { DirectoryEntry, Presence } from "@handoff/contract";

/** Which server a client connection goes to. */
export type Target = "subject" | "baseline";

/**
 * CLOCK_MONOTONIC in ms (µs precision): the same clock in every process on
 * Linux, unlike performance.timeOrigin, which each process fixes from the wall
 * clock when it starts.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}

// ---- parent -> client host ----

export interface ConnectCommand {
  readonly type: "connect";
  readonly subjectUrl: string;
  readonly baselineUrl: string;
  /** The extension whose presence.updated events are samples; others are counted as foreign. */
  readonly extension: string;
  /** One signed token per client to add; each client opens one connection to each server. */
  readonly tokens: readonly string[];
  /** Handshakes in flight at once, so 1,000 connects do not arrive as one burst. */
  readonly concurrency: number;
}

/** Start a sample: record, per client of `target`, the first presence.updated of the extension with this presence. */
export interface ArmCommand {
  readonly type: "arm";
  readonly sample: number;
  readonly target: Target;
  readonly presence: Presence;
  /** "drain": wait out what the real server catches up on after its AMI link was held; its other presences are expected, not counted. */
  readonly purpose: "sample" | "drain";
}

/** Send what arrived for this sample now, complete or not (the parent gave up waiting). */
export interface CollectCommand {
  readonly type: "collect";
  readonly sample: number;
}

export interface StopCommand {
  readonly type: "stop";
}

export type HostCommand = ConnectCommand | ArmCommand | CollectCommand | StopCommand;

// ---- client host -> parent ----

export interface HostReady {
  readonly type: "ready";
  readonly clients: number;
  /** Why some connection failed; undefined when all are up. */
  readonly error: string | undefined;
}

export interface HostArmed {
  readonly type: "armed";
  readonly sample: number;
}

/** Counters since the host started, for the checks. */
export interface HostCounters {
  /** Client connections that dropped after connecting. */
  readonly disconnects: number;
  /** presence.updated for other agents (other people's calls on the shared PBX). */
  readonly foreign: number;
  /** presence.updated for the armed extension with another presence than expected, while armed. */
  readonly unexpected: number;
  /** Events for the extension from the server that was not armed (none expected). */
  readonly offTarget: number;
  /** pbx.status events: the subject's AMI link went down or came back during the run. */
  readonly pbxStatus: number;
}

export interface HostArrivals {
  readonly type: "arrivals";
  readonly sample: number;
  /** monotonicMs() of each client's receipt, in client order; null for a client that has not received it. */
  readonly arrivals: readonly (number | null)[];
  /** presence.updated of other agents that reached this host's clients of the armed server during the sample. */
  readonly foreignWhileArmed: number;
  readonly counters: HostCounters;
}

export type HostMessage = HostReady | HostArmed | HostArrivals;

// ---- parent <-> baseline server ----

/** Emit this entry (with a fresh `since`) on the next DeviceStateChange of the extension's phone. */
export interface BaselineArm {
  readonly type: "arm";
  readonly extension: string;
  readonly entry: DirectoryEntry;
}

export type BaselineCommand = BaselineArm | StopCommand;

export type BaselineMessage =
  | { readonly type: "listening"; readonly port: number }
  | { readonly type: "armed" }
  | { readonly type: "error"; readonly message: string };

function hasType(value: unknown): value is { type: unknown } {
  return typeof value === "object" && value !== null && "type" in value;
}

export function isHostMessage(value: unknown): value is HostMessage {
  return hasType(value) && (value.type === "ready" || value.type === "armed" || value.type === "arrivals");
}

export function isHostCommand(value: unknown): value is HostCommand {
  return hasType(value) && (value.type === "connect" || value.type === "arm" || value.type === "collect" || value.type === "stop");
}

export function isBaselineMessage(value: unknown): value is BaselineMessage {
  return hasType(value) && (value.type === "listening" || value.type === "armed" || value.type === "error");
}

export function isBaselineCommand(value: unknown): value is BaselineCommand {
  return hasType(value) && (value.type === "arm" || value.type === "stop");
}
