import type { Conference } from "@handoff/contract";

/** What is on its way to the server; `drop` names the participant. The controls wait for it. */
export type ConferencePending = { verb: "merge" | "leave" | "end" } | { verb: "drop"; participantId: string };

export interface ConferenceSliceState {
  /** The live conference this agent is in (none once it ended, failed or they left). */
  conference: Conference | null;
  conferencePending: ConferencePending | null;
}

export const initialConferenceState: ConferenceSliceState = { conference: null, conferencePending: null };
