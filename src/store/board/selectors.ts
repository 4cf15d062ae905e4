import type { BoardAgent } from "@handoff/contract";
import type { AppState } from "../types";

export const byName = (a: BoardAgent, b: BoardAgent): number => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId);

/**
 * The ids the board lists. Without a filter, the stored order itself (same array between events, so the list
 * does not re-render when a row changes); with one, a new array: use with useShallow.
 */
export function selectBoardRows(state: AppState): string[] {
  const search = state.boardSearch.trim().toLocaleLowerCase();
  if (state.boardFilter === "all" && search === "") return state.boardOrder;
  return state.boardOrder.filter((id) => {
    const agent = state.boardAgents[id];
    if (agent === undefined) return false;
    if (state.boardFilter !== "all" && agent.activity.state !== state.boardFilter) return false;
    return search === "" || agent.name.toLocaleLowerCase().includes(search) || (agent.extension ?? "").includes(search);
  });
}

/** How many agents are in each state, for the filter's counts. A new object: use with useShallow. */
export function selectStateCounts(state: AppState): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const agent of Object.values(state.boardAgents)) counts[agent.activity.state] = (counts[agent.activity.state] ?? 0) + 1;
  return counts;
}

/** Every queue's name, sorted (the rows read their own figures). A new array: use with useShallow. */
export const selectBoardQueueNames = (state: AppState): string[] => Object.keys(state.queueFigures).sort();
