import { z } from "zod";

/**
 * Supervisor monitoring: a supervisor listens to, whispers to (coaches) or barges into an agent's live call.
 *
 *   POST /api/monitoring                     StartMonitoringRequest  → MonitoringStartResponse (201)  supervisor
 *   PUT  /api/monitoring/:sessionId/mode     ChangeMonitoringMode    → MonitoringSessionResponse      the session's supervisor
 *   POST /api/monitoring/:sessionId/stop     StopMonitoringRequest   → MonitoringSessionResponse      the session's supervisor
 *   GET  /api/monitoring                     → MonitoringSessionsResponse (live sessions)              supervisor
 *
 * The supervisor's own phone carries the audio: the start answer names the extension it dials. Events:
 * `monitoring.updated` (the session) to supervisors; `monitoring.notice` to the monitored agent, only for the
 * modes the call center shows agents (default: whisper and barge, not listen).
 */
export const MonitoringMode = z.enum(["listen", "whisper", "barge"]);
export type MonitoringMode = z.infer<typeof MonitoringMode>;

/**
 *   dialing ──► connecting ──► active ──► ended
 *      │             │                     ▲
 *      └─────────────┴─────────────────────┘
 * dialing: granted, the supervisor's phone has not reached the PBX yet; connecting: the server moved the phone's
 * channel onto the agent's; active: Asterisk confirms the spy (ChanSpyStart); ended: with a reason, for good.
 */
export const MonitoringStatus = z.enum(["dialing", "connecting", "active", "ended"]);
export type MonitoringStatus = z.infer<typeof MonitoringStatus>;

export const MonitoringEndReason = z.enum([
  /** The supervisor pressed Stop. */
  "stopped",
  /** The supervisor's phone hung up. */
  "supervisor_hung_up",
  /** The agent's call ended (hung up, or handed on by a blind transfer): the session never follows the caller elsewhere. */
  "call_ended",
  /** The supervisor's phone did not reach the PBX in time. */
  "not_dialled",
  /** The PBX link dropped or Asterisk refused an action: nothing is left spying. */
  "pbx_failed",
]);
export type MonitoringEndReason = z.infer<typeof MonitoringEndReason>;

const Party = z.object({ agentId: z.string(), name: z.string(), extension: z.string().nullable() });

export const MonitoringSession = z.object({
  id: z.string(),
  supervisor: Party,
  agent: Party,
  mode: MonitoringMode,
  /** Every mode the session was in, in order: the audit's "which modes". */
  modes: z.array(MonitoringMode),
  status: MonitoringStatus,
  /** Whether the agent is shown this mode (configuration). */
  shownToAgent: z.boolean(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  endReason: MonitoringEndReason.nullable(),
});
export type MonitoringSession = z.infer<typeof MonitoringSession>;

export const StartMonitoringRequest = z.object({ agentId: z.string().uuid(), mode: MonitoringMode }).strict();
export type StartMonitoringRequest = z.infer<typeof StartMonitoringRequest>;

export const MonitoringStartResponse = z.object({
  session: MonitoringSession,
  /** What the supervisor's phone dials now; the PBX lets it on only as this session's supervisor. */
  dial: z.string(),
  /** Past this the grant lapses (the session ends `not_dialled`). */
  dialBy: z.string(),
});
export type MonitoringStartResponse = z.infer<typeof MonitoringStartResponse>;

export const MonitoringSessionParams = z.object({ sessionId: z.string().uuid() });
export const ChangeMonitoringMode = z.object({ mode: MonitoringMode }).strict();
export type ChangeMonitoringMode = z.infer<typeof ChangeMonitoringMode>;
export const StopMonitoringRequest = z.object({}).strict();

export const MonitoringSessionResponse = z.object({ session: MonitoringSession });
export type MonitoringSessionResponse = z.infer<typeof MonitoringSessionResponse>;
export const MonitoringSessionsResponse = z.object({ sessions: z.array(MonitoringSession) });
export type MonitoringSessionsResponse = z.infer<typeof MonitoringSessionsResponse>;

/** To the monitored agent: shown while `mode` is non-null (whisper or barge by default), cleared with null. */
export const MonitoringNotice = z.object({
  sessionId: z.string(),
  supervisorName: z.string(),
  mode: MonitoringMode.nullable(),
});
export type MonitoringNotice = z.infer<typeof MonitoringNotice>;
