import { CallPhase } from "../../telephony/call-phase";
import type { CallSnapshot } from "../../telephony/types";
import type { AppState } from "../types";

/** Connected to someone: what hold, mute, keypad tones and transfers need. */
export const isConnected = (call: CallSnapshot) => call.phase === CallPhase.Active || call.phase === CallPhase.Held;

export const selectActiveCall = (state: AppState): CallSnapshot | undefined => (state.activeCallId === null ? undefined : state.calls[state.activeCallId]);

export const selectCallList = (state: AppState): CallSnapshot[] => Object.values(state.calls).sort((a, b) => a.startedAt - b.startedAt);

export const selectRingingCalls = (state: AppState): CallSnapshot[] => selectCallList(state).filter((call) => call.phase === CallPhase.Ringing);

/** Calls other than the current one that wait for the agent: ringing or on hold. */
export const selectWaitingCount = (state: AppState): number =>
  Object.values(state.calls).filter((call) => call.id !== state.activeCallId && (call.phase === CallPhase.Ringing || call.phase === CallPhase.Held)).length;

export const selectCanAnswer = (state: AppState): boolean => selectRingingCalls(state).length > 0;

export const selectCanTransfer = (state: AppState): boolean => {
  const call = selectActiveCall(state);
  return call !== undefined && isConnected(call);
};

/** After the current call ends: a live call first, then a held one, then one that rings. */
export function nextActiveCall(calls: Record<string, CallSnapshot>): string | null {
  const list = Object.values(calls).sort((a, b) => a.startedAt - b.startedAt);
  const rank = (call: CallSnapshot) =>
    call.phase === CallPhase.Active || call.phase === CallPhase.Connecting || call.phase === CallPhase.Dialing ? 0 : call.phase === CallPhase.Held ? 1 : 2;
  return list.sort((a, b) => rank(a) - rank(b))[0]?.id ?? null;
}
