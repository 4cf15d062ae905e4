import type { TransferMode, TransferStatus, TransferTarget } from "@handoff/contract";
import type { NextStep } from "@handoff/dialplan";

/** What an agent or bot picked, made concrete: the dialplan extension and how people see it. */
export type ResolvedTarget = TransferTarget & {
  /** What the dialplan's landing context is asked to reach. */
  exten: string;
  /** "Bob Nguyen (1002)", "queue support", "0123456789". */
  label: string;
  /** The directory agent behind the target, if it is one. */
  agentId: string | null;
  /** The queue behind the target, if it is one. */
  queue: string | null;
};

/** The transferring agent's own leg of the call, as it was when the transfer began. */
export interface AgentLeg {
  agentId: string;
  endpoint: string;
  uniqueId: string;
  channel: string;
  /** The bridge agent and caller shared: a cancelled consultation returns the agent there. */
  bridgeId: string;
}

/** Who moves the caller: an agent their own call (blind or attended), or a bot its caller (always blind). */
export type Origin =
  | { kind: "transfer"; mode: TransferMode; sipCallId: string; agent: AgentLeg }
  | { kind: "handoff"; botId: string; callerChannel: string; /** The bot's reason, shown to the receiving agent. */ reason: string };

/** The channels a transfer follows. Recorded before its action is written, so a restarted server can follow on. */
export interface Watch {
  /** Asterisk's id of the whole call: every channel the transfer creates carries it. */
  linkedId: string;
  callerUniqueId: string;
  /** Attended: the Local channel pair that carries the consultation, or the target's own channel once Asterisk optimized the pair away. */
  consult: string[];
  /** The first channel the target rang on, for the note sent to the receiving agent. */
  targetUniqueId: string | null;
  /**
   * When that channel is a Local ;1 (a queue member like FreePBX's Local/1001@from-queue/n), the name of its ;2
   * half: what it dials is the agent's phone. Absent in records from before Local members were followed.
   */
  targetVia?: string | null;
}

/** Where the caller waits after the target did not take them. */
export interface Waiting {
  place: "recall" | "queue" | "hold";
  queue: string | null;
  /** The agent's phone rang back and nobody answered it. */
  recallMissed: boolean;
}

/** What the state machine keeps between signals; persisted with every change. */
export interface Progress {
  status: TransferStatus;
  reason: string | null;
  /** An action asked for and not yet confirmed: a second request is refused, never sent. */
  pending: "complete" | "cancel" | null;
  /** Attended: the agent's leg left the original bridge for the consultation. */
  consulting: boolean;
  targetAnswered: boolean;
  /** Attended: the agent left before the target answered; the caller now rings the target. */
  agentLeft: boolean;
  failure: { dialStatus: string; next: NextStep } | null;
  waiting: Waiting | null;
  completedBy: string | null;
  /** The agent who took the caller, once someone did. */
  toAgentId: string | null;
}

/** Everything the server follows of one transfer, restored as it was after a restart. */
export interface Followed {
  id: string;
  origin: Origin;
  target: ResolvedTarget;
  watch: Watch;
  progress: Progress;
}

export const initialProgress = (toAgentId: string | null): Progress => ({
  status: "initiated",
  reason: null,
  pending: null,
  consulting: false,
  targetAnswered: false,
  agentLeft: false,
  failure: null,
  waiting: null,
  completedBy: null,
  toAgentId,
});

/** Who the caller is bridged with, through any Local channel pairs, once that party has answered. */
export type Party =
  | { role: "transferer" }
  | { role: "target"; agentId: string | null }
  | { role: "agent"; agentId: string; name: string }
  | { role: "other"; channel: string };

/** Where the caller is, as the channel view shows it. */
export type CallerPlace =
  | { at: "party"; party: Party }
  /** Running dialplan (itself, or the Local half it is bridged with): ringing a target, a recall, a queue, music. */
  | { at: "dialplan"; context: string; application: string }
  /** In a bridge with nobody who answered: on hold while the agent consults, or ringing a target in a blond transfer. */
  | { at: "alone" }
  | { at: "gone" };
