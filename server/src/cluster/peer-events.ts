import type { ChosenStatus, SessionEndReason } from "@handoff/contract";

/**
 * What one replica tells the others (socket.io's server-side events, through the same Redis stream as the
 * apps' events). Only facts that one replica alone learns go here: what every replica reads from Asterisk
 * itself is never repeated.
 */
export interface PeerEvents {
  /** An agent chose a status through this replica: every replica's directory shows it. */
  "presence.chosen": (change: { agentId: string; status: ChosenStatus }) => void;
  /** A session ended here: every replica refuses its tokens from now on, not only after they expire. */
  "session.ended": (end: { sessionId: string; reason: SessionEndReason }) => void;
}
