import type { BoardAgent, BoardState, SupervisorAuditEntry } from "@handoff/contract";

/** A supervisor's action on one agent, on its way to the server. */
export type SupervisorRequest = "signOut" | "endPause";

export type BoardFilter = BoardState | "all";

export interface BoardSliceState {
  /** Every agent's row, by agent id: the snapshot, then `board.agent` events. */
  boardAgents: Record<string, BoardAgent>;
  /** Agent ids by name: changes only when an agent appears, so a state change re-renders one row. */
  boardOrder: string[];
  boardLoaded: boolean;
  boardLoading: boolean;
  boardError: string | null;
  boardFilter: BoardFilter;
  boardSearch: string;
  /** Supervisor actions, newest first. */
  audit: SupervisorAuditEntry[];
  /** Per agent, the supervisor action in flight (the row's buttons wait for it). */
  supervisorRequests: Record<string, SupervisorRequest>;
}

export const initialBoardState: BoardSliceState = {
  boardAgents: {},
  boardOrder: [],
  boardLoaded: false,
  boardLoading: false,
  boardError: null,
  boardFilter: "all",
  boardSearch: "",
  audit: [],
  supervisorRequests: {},
};
