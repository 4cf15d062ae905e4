import { z } from "zod";
import { DirectoryEntry } from "./agents";
import { Conference } from "./conferences";
import { PbxStatus } from "./health";
import { MonitoringNotice, MonitoringSession } from "./monitoring";
import { AgentQueueState, BoardAgent, QueueFigures, SupervisorAuditEntry } from "./queues";
import { Transfer, TransferKind } from "./transfers";

/** A note or bot summary for a call that is ringing at the receiving agent. */
export const CallContext = z.object({
  transferId: z.string(),
  /** The SIP Call-ID of the ringing call, as the receiving agent's SIP stack sees it. */
  sipCallId: z.string().nullable(),
  kind: TransferKind,
  from: z.object({ name: z.string(), extension: z.string().nullable() }),
  note: z.string().nullable(),
  reason: z.string().nullable(),
});
export type CallContext = z.infer<typeof CallContext>;

export const PbxStatusEvent = z.object({ status: PbxStatus, at: z.string() });
export type PbxStatusEvent = z.infer<typeof PbxStatusEvent>;

/** Why a sign-in session ended: the app says so on its sign-in screen. */
export const SessionEndReason = z.enum(["signed_out", "revoked", "expired", "replaced"]);
export type SessionEndReason = z.infer<typeof SessionEndReason>;

/** Sent to each socket of a session just before the server closes it. */
export const SessionEndedEvent = z.object({ reason: SessionEndReason });
export type SessionEndedEvent = z.infer<typeof SessionEndedEvent>;

/** Every real-time event, name → payload schema. Socket listeners are typed from this map. */
export const ServerEvents = {
  "transfer.updated": Transfer,
  "presence.updated": DirectoryEntry,
  "call.context": CallContext,
  "pbx.status": PbxStatusEvent,
  "session.ended": SessionEndedEvent,
  /** The agent's own queue state (membership, pause, wrap-up); also to supervisors. */
  "agent.queue_state": AgentQueueState,
  /** One queue's live figures: to the agents who may join it and to supervisors. */
  "queue.figures": QueueFigures,
  /** One agent's board row changed: to supervisors. */
  "board.agent": BoardAgent,
  /** A supervisor acted on an agent: to supervisors. */
  "supervisor.audit": SupervisorAuditEntry,
  /** A monitoring session started, changed mode or ended: to supervisors. */
  "monitoring.updated": MonitoringSession,
  /** The monitored agent is (or is no longer) shown a supervisor on their call: to that agent. */
  "monitoring.notice": MonitoringNotice,
  /** A conference changed (status, participants, who talks): to every agent in it. */
  "conference.updated": Conference,
} as const;
export type ServerEventName = keyof typeof ServerEvents;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof ServerEvents)[E]>;
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventPayload<E>) => void };
