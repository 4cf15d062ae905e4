import type { NextStep } from "@handoff/dialplan";
import type { CallerPlace } from "./model";

/** The PBX actions a live transfer may take after its first one; each is written at most once per request. */
export type FollowUpAction = "complete" | "cancel";

/**
 * Everything that can happen to a live transfer: a request from its agent, or
 * what Asterisk's events (mapped in event-signals.ts) or its channel list say.
 */
export type Signal =
  | { type: "complete"; by: string }
  | { type: "cancel"; by: string }
  /** An action the server wrote was refused by Asterisk (`lost: false`), or the link went before it answered. */
  | { type: "action-failed"; action: "start" | FollowUpAction; lost: boolean }
  /** Asterisk's BlindTransfer event said the transfer did not happen. */
  | { type: "refused" }
  /** Attended: a channel of the consultation's Local pair appeared. */
  | { type: "consult-channel"; uniqueId: string }
  /** Attended: the agent's leg left the bridge it shared with the caller. */
  | { type: "consult-started" }
  /**
   * A target channel rings. `targetChannel` names it; `viaLocal`: it was dialled by the ;2 half of a Local
   * channel the target rang first (a queue member such as FreePBX's Local/1001@from-queue/n).
   */
  | { type: "ringing"; targetUniqueId: string | null; targetChannel?: string | null; viaLocal?: true }
  | { type: "consult-answered" }
  | { type: "target-failed"; dialStatus: string; next: NextStep }
  | { type: "recall-failed"; dialStatus: string }
  | { type: "queued"; queue: string }
  | { type: "held"; queue: string }
  | { type: "attended-done"; success: boolean; place: CallerPlace }
  | { type: "caller-moved"; place: CallerPlace }
  | { type: "hangup"; leg: "caller" | "agent"; cause: HangupCause }
  | { type: "link-lost" }
  /** The channel view was rebuilt (after a reconnect or a server restart) or looked at again (watchdog). */
  | {
      type: "resynced";
      place: CallerPlace;
      agentLeg: "with-caller" | "consulting" | "elsewhere" | "gone" | "none";
      /** The consultation's channels in the view, seen start or not (a restarted server learns them here). */
      consult: string[];
      consultAnswered: boolean;
      why: ResyncReason;
    };

export type ResyncReason = "link" | "pbx-restart" | "server-restart" | "watchdog";

/** Why a leg hung up, from the Hangup event's cause and whether the PBX was going down. */
export type HangupCause = "normal" | "busy" | "no-answer" | "failure" | "pbx-shutdown";
