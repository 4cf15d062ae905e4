import type { ConferenceParticipant } from "@handoff/contract";
import { selectAcceptedVerb, selectAgentLeft, selectFollowedTransfer } from "../transfers/selectors";
import type { AppState } from "../types";

/**
 * The SIP Call-ID Merge names: the agent's call with the caller, while its attended consultation is
 * answered and the agent still on it. Null when there is nothing to merge (or a request is on its way).
 */
export function selectMergeableCallId(state: AppState): string | null {
  const transfer = selectFollowedTransfer(state);
  if (transfer?.mode !== "attended" || transfer.status !== "answered" || transfer.callId === null) return null;
  if (state.conferencePending !== null || state.transferRequest === "sending" || selectAcceptedVerb(state) !== null || selectAgentLeft(state)) return null;
  return transfer.callId;
}

export const selectIsConferenceHost = (state: AppState): boolean => state.conference !== null && state.conference.hostAgentId === state.agent?.id;

/** Who is still in the room or on the way in, as the participant list shows them. */
export const selectPresentParticipants = (state: AppState): ConferenceParticipant[] =>
  state.conference?.participants.filter((participant) => participant.state !== "left") ?? [];
