import { z } from "zod";
import type { AvailableAgent, ChosenStatus, DirectoryEntry, Presence } from "./agents";
import type { Agent } from "./agents";
import type { SipConfig } from "./auth";
import type { CallRecord } from "./calls";
import {
  Disposition,
  DISPOSITION_NOTE_LIMIT,
  PauseReason,
  QueueSelectionRequest,
  type AgentQueueState,
  type BoardAgent,
  type BoardSnapshot,
  type CallDisposition,
  type QueueFigures,
  type QueueSettings,
  type SupervisorAuditEntry,
} from "./queues";
import { SessionEndReason, type CallContext, type PbxStatusEvent } from "./realtime";
import { StartMonitoringRequest, MonitoringMode as MonitoringModeSchema, type MonitoringMode, type MonitoringNotice, type MonitoringSession, type MonitoringStartResponse } from "./monitoring";
import { ConferenceIdParams, ConferenceParticipantParams, MergeConferenceRequest, type Conference } from "./conferences";
import type { ExecuteTransferRequest, Transfer, TrunkSummary } from "./transfers";
import { safeNote, safeText } from "./text";

/**
 * The renderer↔main bridge: what `window.handoff` offers the renderer. Main
 * holds the server token and makes every server call; the renderer gets data
 * and the SIP credentials its own SIP stack needs, never the token.
 * The web mode implements the same interface by talking to the server itself.
 */

export const SignInRequest = z
  .object({
    serverUrl: z.string().url().max(200).refine((url) => /^https?:\/\//.test(url), "an http(s) URL"),
    username: safeText(64).min(1),
    password: safeText(256).min(1),
    /** Keep the session across restarts (only with OS-backed encryption, or with explicit consent). */
    remember: z.boolean(),
  })
  .strict();
export type SignInRequest = z.infer<typeof SignInRequest>;

export interface Session {
  serverUrl: string;
  agent: Agent;
  sip: SipConfig | null;
}

export type RealtimeState = "connecting" | "connected" | "reconnecting" | "offline";

/**
 * Why the app's session ended without the agent asking: the server's own reason
 * (its `session.ended` event), or "refused" when the server turned the token down
 * (a renewal or a call answered 401) without saying why. A token that lapsed because
 * it could not be renewed in time is "expired".
 */
export const SessionEndCause = z.enum([...SessionEndReason.options, "refused"]);
export type SessionEndCause = z.infer<typeof SessionEndCause>;
export interface SessionEnded {
  reason: SessionEndCause;
}

/** Actions that have keyboard shortcuts (in-app and, for some, global). */
export const ShortcutAction = z.enum([
  "answer",
  "hangup",
  "hold",
  "mute",
  "transfer",
  "blind",
  "attended",
  "complete",
  "cancel",
  "focusSearch",
  "closeDialog",
  "help",
  "pauseToggle",
  "queuesToggle",
  "monitorListen",
  "monitorWhisper",
  "monitorBarge",
  "monitorStop",
  "conferenceMerge",
  "conferenceLeave",
  "conferenceEnd",
  "disposition1",
  "disposition2",
  "disposition3",
  "disposition4",
  "disposition5",
  "disposition6",
  "disposition7",
  "disposition8",
  "disposition9",
]);
export type ShortcutAction = z.infer<typeof ShortcutAction>;

export const Settings = z
  .object({
    /** Accelerator strings ("CommandOrControl+Shift+A"), per action. */
    shortcuts: z.record(ShortcutAction, safeText(64)),
    microphoneId: safeText(200).nullable(),
    speakerId: safeText(200).nullable(),
    ringtone: z.enum(["classic", "soft", "none"]),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

/**
 * In-app key bindings, in Electron's accelerator syntax so desktop and web
 * share one format. Single keys are safe in-app because shortcuts never fire
 * while the agent types in a text field.
 */
export const DEFAULT_SHORTCUTS: Readonly<Record<ShortcutAction, string>> = {
  answer: "A",
  hangup: "H",
  hold: "Shift+H",
  mute: "M",
  transfer: "T",
  blind: "B",
  attended: "Shift+A",
  complete: "CommandOrControl+Enter",
  cancel: "CommandOrControl+Backspace",
  focusSearch: "/",
  closeDialog: "Escape",
  help: "?",
  pauseToggle: "P",
  queuesToggle: "Q",
  // A supervisor's monitoring session: switch its mode, or stop it.
  monitorListen: "Shift+L",
  monitorWhisper: "Shift+W",
  monitorBarge: "Shift+B",
  monitorStop: "Shift+X",
  // The agent's conference: merge the consultation in, leave it to the others, end it for everyone (M alone is mute).
  conferenceMerge: "Shift+M",
  conferenceLeave: "Shift+O",
  conferenceEnd: "Shift+E",
  // Digits pick the n-th disposition only during wrap-up; otherwise the key is left alone.
  disposition1: "1",
  disposition2: "2",
  disposition3: "3",
  disposition4: "4",
  disposition5: "5",
  disposition6: "6",
  disposition7: "7",
  disposition8: "8",
  disposition9: "9",
};

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  shortcuts: { ...DEFAULT_SHORTCUTS },
  microphoneId: null,
  speakerId: null,
  ringtone: "classic",
};

export const TransferIdArg = z.string().uuid();
export const SearchArg = safeText(64);
export const StatusArg = z.enum(["available", "away", "dnd"]);
/** Join or leave these queues (all of them without `queues`). */
export const QueueSelectionArg = QueueSelectionRequest;
export const PauseReasonArg = PauseReason;
/** A disposition for the call a wrap-up names (`WrapUp.callId`), with an optional note. */
export const DispositionArg = z
  .object({ callId: safeText(200).min(1), disposition: Disposition, note: safeNote(DISPOSITION_NOTE_LIMIT).optional() })
  .strict();
export type DispositionArg = z.infer<typeof DispositionArg>;
/** Another agent, for a supervisor's action. */
export const AgentIdArg = z.string().uuid();
/** A supervisor's monitoring: start on an agent's call in a mode, switch the mode of a session, stop it. */
export const StartMonitoringArg = StartMonitoringRequest;
export const MonitoringModeArg = z.object({ sessionId: z.string().uuid(), mode: MonitoringModeSchema }).strict();
export const MonitoringSessionIdArg = z.string().uuid();
/** The agent's conference: merge names the SIP Call-ID of their call with the caller; drop names one participant. */
export const MergeConferenceArg = MergeConferenceRequest;
export const ConferenceIdArg = ConferenceIdParams.shape.id;
export const ConferenceParticipantArg = z
  .object({ conferenceId: ConferenceParticipantParams.shape.id, participantId: ConferenceParticipantParams.shape.participantId })
  .strict();

export interface HandoffBridge {
  readonly kind: "desktop" | "web";
  signIn(request: SignInRequest): Promise<Session>;
  signOut(): Promise<void>;
  /** The remembered session, if any, so a reload or restart does not ask again. */
  currentSession(): Promise<Session | null>;

  directory(): Promise<DirectoryEntry[]>;
  availableAgents(search: string): Promise<AvailableAgent[]>;
  /** Trunks to other PBXs whose extensions the agent may transfer to. */
  trunks(): Promise<TrunkSummary[]>;
  setStatus(status: ChosenStatus): Promise<{ status: ChosenStatus; presence: Presence }>;
  executeTransfer(request: ExecuteTransferRequest): Promise<Transfer>;
  completeTransfer(id: string): Promise<Transfer>;
  cancelTransfer(id: string): Promise<Transfer>;
  callHistory(): Promise<CallRecord[]>;

  /** Queues, pause reasons, dispositions, wrap-up time: what the pickers offer. */
  queueSettings(): Promise<QueueSettings>;
  /** Live figures of the queues the agent may join (every queue for a supervisor). */
  queueFigures(): Promise<QueueFigures[]>;
  /** The agent's own membership, pause and wrap-up. */
  queueState(): Promise<AgentQueueState>;
  joinQueues(selection: QueueSelectionRequest): Promise<AgentQueueState>;
  leaveQueues(selection: QueueSelectionRequest): Promise<AgentQueueState>;
  pause(reason: string): Promise<AgentQueueState>;
  /** Ends the pause (and a wrap-up in progress, without a disposition). */
  endPause(): Promise<AgentQueueState>;
  /** Ends the wrap-up of that call with a disposition (and note), stored with the call in history. */
  setDisposition(request: DispositionArg): Promise<{ callId: string; disposition: CallDisposition; state: AgentQueueState }>;
  /** Supervisors: every agent and queue as the server sees them now. */
  board(): Promise<BoardSnapshot>;
  /** Supervisors: the latest supervisor actions, newest first. */
  supervisorAudit(): Promise<SupervisorAuditEntry[]>;
  /** Supervisors: sign another agent out of every queue (audited). */
  signAgentOut(agentId: string): Promise<AgentQueueState>;
  /** Supervisors: end another agent's pause (audited). */
  endAgentPause(agentId: string): Promise<AgentQueueState>;
  /** Supervisors: a monitoring session on an agent's call; the answer names what the supervisor's phone dials. */
  startMonitoring(request: { agentId: string; mode: MonitoringMode }): Promise<MonitoringStartResponse>;
  changeMonitoringMode(request: { sessionId: string; mode: MonitoringMode }): Promise<MonitoringSession>;
  stopMonitoring(sessionId: string): Promise<MonitoringSession>;
  /** Supervisors: the monitoring sessions live now (after a reconnect). */
  monitoringSessions(): Promise<MonitoringSession[]>;

  /** Merges the agent's call with its consultation (or their other line) into a conference they host. */
  mergeConference(request: MergeConferenceRequest): Promise<Conference>;
  /** The agent leaves; the others stay connected. */
  leaveConference(conferenceId: string): Promise<Conference>;
  /** The host drops one participant. */
  dropFromConference(request: { conferenceId: string; participantId: string }): Promise<Conference>;
  /** The host ends it for everyone. */
  endConference(conferenceId: string): Promise<Conference>;

  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<Settings>;

  /** Listeners return their unsubscribe function. */
  onTransferUpdated(listener: (transfer: Transfer) => void): () => void;
  onPresenceUpdated(listener: (entry: DirectoryEntry) => void): () => void;
  onCallContext(listener: (context: CallContext) => void): () => void;
  onPbxStatus(listener: (event: PbxStatusEvent) => void): () => void;
  onRealtimeState(listener: (state: RealtimeState) => void): () => void;
  onAgentQueueState(listener: (state: AgentQueueState) => void): () => void;
  onQueueFigures(listener: (figures: QueueFigures) => void): () => void;
  onBoardAgent(listener: (agent: BoardAgent) => void): () => void;
  onSupervisorAudit(listener: (entry: SupervisorAuditEntry) => void): () => void;
  onMonitoringUpdated(listener: (session: MonitoringSession) => void): () => void;
  onMonitoringNotice(listener: (notice: MonitoringNotice) => void): () => void;
  onConferenceUpdated(listener: (conference: Conference) => void): () => void;
  /**
   * The session ended without the agent asking (signed out elsewhere, revoked, expired, refused):
   * the app returns to sign-in and says why. Never fired for the agent's own signOut().
   * The one way the renderer learns it: bridge errors carry a message to show, nothing to match.
   */
  onSessionEnded(listener: (event: SessionEnded) => void): () => void;
  /** Global shortcuts (desktop) and notification clicks arrive here as actions. */
  onShortcut(listener: (action: ShortcutAction) => void): () => void;
}
