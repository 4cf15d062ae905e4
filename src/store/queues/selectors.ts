import type { QueueFigures, QueueMembership, WrapUp } from "@handoff/contract";
import type { AppState } from "../types";

const EMPTY: readonly QueueMembership[] = [];

const memberships = (state: AppState): readonly QueueMembership[] => state.queueState?.queues ?? EMPTY;

/** Every queue the agent may join, signed in or not: the server's array itself, stable between events. */
export const selectMemberships = memberships;

/** One queue's live figures. */
export const selectFiguresOf = (queue: string) => (state: AppState): QueueFigures | undefined => state.queueFigures[queue];

export const selectSignedInCount = (state: AppState): number => memberships(state).filter((membership) => membership.signedIn).length;

/** Signed in to every queue the agent may join (and there is at least one). */
export const selectAllSignedIn = (state: AppState): boolean => memberships(state).length > 0 && memberships(state).every((membership) => membership.signedIn);

/** Paused by choice (wrap-up aside). */
export const selectPause = (state: AppState) => state.queueState?.pause ?? null;

export const selectWrapUp = (state: AppState): WrapUp | null => state.queueState?.wrapUp ?? null;

/** The n-th (1-based) disposition on offer, for the digit shortcuts. */
export const selectDisposition = (state: AppState, n: number): string | undefined => state.queueSettings?.dispositions[n - 1];
