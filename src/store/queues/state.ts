import type { AgentQueueState, QueueFigures, QueueSettings } from "@handoff/contract";

/** What the agent has asked of the server and not yet been answered: one at a time, so a double click sends once. */
export type QueueRequest = "join" | "leave" | "pause" | "resume" | "disposition";

export interface QueuesState {
  /** Queues, pause reasons, dispositions, wrap-up time, from the server's configuration. */
  queueSettings: QueueSettings | null;
  /** The agent's own membership, pause and wrap-up, as the server (Asterisk's events) says. */
  queueState: AgentQueueState | null;
  /** Live figures by queue name: the agent's queues (every queue for a supervisor). */
  queueFigures: Record<string, QueueFigures>;
  queuesLoaded: boolean;
  queueRequest: QueueRequest | null;
  queueError: string | null;
  /** The pause-reason menu, opened by the button or the pause shortcut. */
  pauseMenuOpen: boolean;
  /** The wrap-up note being typed: kept here so a disposition chosen by shortcut sends it too. */
  wrapUpNote: string;
}

export const initialQueuesState: QueuesState = {
  queueSettings: null,
  queueState: null,
  queueFigures: {},
  queuesLoaded: false,
  queueRequest: null,
  queueError: null,
  pauseMenuOpen: false,
  wrapUpNote: "",
};
