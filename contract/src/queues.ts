import { z } from "zod";
import { Extension, PauseInfo, Role } from "./agents";
import { safeNote, safeText, type TextLimit } from "./text";
import { QueueName, TransferStatus } from "./transfers";

/**
 * An agent's queue work: membership (dynamic Asterisk queue members), pauses with a reason,
 * after-call work (wrap-up) with a disposition, queue figures and the supervisor's board.
 *
 * Routes (every body and answer below; errors are `ErrorBody`). `:agentId` is an agent's id or `me`.
 *   GET  /api/queues/settings                 → QueueSettings            agent, supervisor
 *   GET  /api/queues                          → QueueFiguresResponse     agent (the queues they may join), supervisor (all)
 *   GET  /api/agents/:agentId/queue-state     → AgentQueueStateResponse  agent (own), supervisor (anyone)
 *   POST /api/agents/:agentId/queues/join     QueueSelectionRequest → AgentQueueStateResponse   agent (own)
 *   POST /api/agents/:agentId/queues/leave    QueueSelectionRequest → AgentQueueStateResponse   agent (own), supervisor (anyone: audited)
 *   POST /api/agents/:agentId/pause           PauseRequest          → AgentQueueStateResponse   agent (own)
 *   POST /api/agents/:agentId/resume          EndPauseRequest       → AgentQueueStateResponse   agent (own), supervisor (anyone: audited)
 *   PUT  /api/calls/:callId/disposition       DispositionRequest    → DispositionResponse       agent (own call; ends its wrap-up)
 *   GET  /api/calls/history?agentId=          → CallHistoryResponse (with `disposition`)        agent (own), supervisor (anyone's, or all)
 *   GET  /api/supervisor/board                → BoardSnapshot            supervisor
 *   GET  /api/supervisor/audit?limit=         → SupervisorAuditResponse  supervisor
 *
 * Real-time (in `ServerEvents`): `agent.queue_state` to the agent (and supervisors), `queue.figures` to
 * the agents of that queue and supervisors, `board.agent` and `supervisor.audit` to supervisors.
 */

/** The pause reason the server sets for after-call work; never one an agent may choose. */
export const WRAP_UP_REASON = "Wrap-up";

/** A pause reason, one of `QueueSettings.pauseReasons` (it travels in the AMI `Reason` header). */
export const PauseReason = safeText(32).min(1);
/** A disposition, one of `QueueSettings.dispositions`. */
export const Disposition = safeText(48).min(1);
/** The free-text note of a disposition. */
export const DISPOSITION_NOTE_LIMIT: TextLimit = { characters: 1000, bytes: 3000 };

export const QueueInfo = z.object({ name: QueueName, extension: Extension });
export type QueueInfo = z.infer<typeof QueueInfo>;

/** What the server is configured with; the app builds its pickers from it. */
export const QueueSettings = z.object({
  queues: z.array(QueueInfo),
  pauseReasons: z.array(z.string()),
  dispositions: z.array(z.string()),
  /** Seconds of wrap-up after a queue call; 0 = no wrap-up. */
  wrapUpSeconds: z.number().int().nonnegative(),
  /** A call answered within this many seconds of joining its queue meets the service level. */
  serviceLevelSeconds: z.number().int().positive(),
});
export type QueueSettings = z.infer<typeof QueueSettings>;

/** One queue the agent may join; `signedIn` is Asterisk's truth (a dynamic member of it). */
export const QueueMembership = z.object({
  queue: QueueName,
  signedIn: z.boolean(),
  /** ISO time the agent became a member, null when not one (or unknown after a resync). */
  since: z.string().nullable(),
});
export type QueueMembership = z.infer<typeof QueueMembership>;

export const WrapUp = z.object({
  /** The history call (`CallRecord.id`) a disposition is asked for. */
  callId: z.string(),
  queue: QueueName,
  since: z.string(),
  /** When wrap-up ends by itself; null if it waits for the disposition (never, with wrapUpSeconds 0 there is no wrap-up). */
  deadline: z.string().nullable(),
});
export type WrapUp = z.infer<typeof WrapUp>;

export const AgentQueueState = z.object({
  agentId: z.string(),
  /** Every queue this agent may join, signed in or not. */
  queues: z.array(QueueMembership),
  /** A pause the agent (or nobody else) chose; it outlasts wrap-up. Null when not paused by choice. */
  pause: PauseInfo.nullable(),
  /** After-call work in progress (paused in Asterisk with `WRAP_UP_REASON` unless `pause` is set). */
  wrapUp: WrapUp.nullable(),
});
export type AgentQueueState = z.infer<typeof AgentQueueState>;
export const AgentQueueStateResponse = z.object({ state: AgentQueueState });
export type AgentQueueStateResponse = z.infer<typeof AgentQueueStateResponse>;

export const AgentRefParams = z.object({ agentId: z.union([z.literal("me"), z.string().uuid()]) });

/** Join or leave these queues; without `queues`, every queue the agent may join (or is in). */
export const QueueSelectionRequest = z.object({ queues: z.array(QueueName).min(1).max(100).optional() }).strict();
export type QueueSelectionRequest = z.infer<typeof QueueSelectionRequest>;

/** Pause in every queue at once. */
export const PauseRequest = z.object({ reason: PauseReason }).strict();
export type PauseRequest = z.infer<typeof PauseRequest>;

/** End the pause (and a wrap-up in progress, if any, without a disposition). */
export const EndPauseRequest = z.object({}).strict();

export const CallIdParams = z.object({ callId: safeText(200).min(1) });
export const DispositionRequest = z.object({ disposition: Disposition, note: safeNote(DISPOSITION_NOTE_LIMIT).optional() }).strict();
export type DispositionRequest = z.infer<typeof DispositionRequest>;

/** Stored with the call in history. */
export const CallDisposition = z.object({
  disposition: z.string(),
  note: z.string().nullable(),
  /** The agent who wrote it. */
  by: z.string(),
  at: z.string(),
});
export type CallDisposition = z.infer<typeof CallDisposition>;
export const DispositionResponse = z.object({ callId: z.string(), disposition: CallDisposition, state: AgentQueueState });
export type DispositionResponse = z.infer<typeof DispositionResponse>;

export const CallHistoryQuery = z.object({ agentId: z.string().uuid().optional() }).strict();

/** Live figures of one queue; `oldestWaitingSince` lets the app count the longest wait up by itself. */
export const QueueFigures = z.object({
  queue: QueueName,
  waiting: z.number().int().nonnegative(),
  /** ISO time the caller waiting longest joined the queue; null when nobody waits. */
  oldestWaitingSince: z.string().nullable(),
  signedIn: z.number().int().nonnegative(),
  available: z.number().int().nonnegative(),
  paused: z.number().int().nonnegative(),
  /** Since local midnight on the server. */
  answeredToday: z.number().int().nonnegative(),
  abandonedToday: z.number().int().nonnegative(),
  answeredWithinServiceLevelToday: z.number().int().nonnegative(),
  /** answeredWithinServiceLevel / (answered + abandoned), 0..1; null before the first call of the day. */
  serviceLevel: z.number().min(0).max(1).nullable(),
  at: z.string(),
});
export type QueueFigures = z.infer<typeof QueueFigures>;
export const QueueFiguresResponse = z.object({ queues: z.array(QueueFigures) });
export type QueueFiguresResponse = z.infer<typeof QueueFiguresResponse>;

/** What a board row shows; `since` is when this state began. */
export const BoardActivity = z.discriminatedUnion("state", [
  z.object({ state: z.literal("offline"), since: z.string() }),
  z.object({ state: z.literal("available"), since: z.string() }),
  z.object({ state: z.literal("ringing"), since: z.string() }),
  z.object({ state: z.literal("on_call"), since: z.string() }),
  z.object({ state: z.literal("wrap_up"), since: z.string(), deadline: z.string().nullable() }),
  z.object({ state: z.literal("paused"), since: z.string(), reason: z.string() }),
]);
export type BoardActivity = z.infer<typeof BoardActivity>;
export type BoardState = BoardActivity["state"];

export const BoardCall = z.object({
  /** When the agent's current call was answered (its duration counts from here). */
  since: z.string(),
  remote: z.object({ name: z.string(), number: z.string() }),
  /** The queue it came from, if any. */
  queue: QueueName.nullable(),
});

export const BoardTransfer = z.object({ id: z.string(), status: TransferStatus, target: z.string() });

export const BoardAgent = z.object({
  agentId: z.string(),
  name: z.string(),
  extension: Extension.nullable(),
  role: Role,
  activity: BoardActivity,
  call: BoardCall.nullable(),
  /** Transfers this agent started that are still live. */
  transfers: z.array(BoardTransfer),
  /** Queues the agent is signed in to. */
  queues: z.array(QueueName),
});
export type BoardAgent = z.infer<typeof BoardAgent>;

export const BoardSnapshot = z.object({ agents: z.array(BoardAgent), queues: z.array(QueueFigures), at: z.string() });
export type BoardSnapshot = z.infer<typeof BoardSnapshot>;

/** monitor.*: a monitoring session's start, each mode switch, its end, and a refused attempt to reach the monitoring path. */
export const SupervisorAction = z.enum(["queues.leave", "pause.end", "monitor.start", "monitor.mode", "monitor.end", "monitor.refused"]);
export type SupervisorAction = z.infer<typeof SupervisorAction>;

/** Who did what to whom, when: every supervisor action on another agent. */
export const SupervisorAuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  supervisorId: z.string(),
  supervisorName: z.string(),
  action: SupervisorAction,
  agentId: z.string(),
  agentName: z.string(),
  /** What the action concerned: the queues left, or the pause reason ended. */
  detail: z.string(),
});
export type SupervisorAuditEntry = z.infer<typeof SupervisorAuditEntry>;
export const SupervisorAuditQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).optional() }).strict();
export const SupervisorAuditResponse = z.object({ entries: z.array(SupervisorAuditEntry) });
export type SupervisorAuditResponse = z.infer<typeof SupervisorAuditResponse>;
