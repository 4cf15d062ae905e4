import type { AgentQueueState, BoardAgent, SupervisorAuditEntry } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";
import { byName } from "./selectors";
import type { BoardFilter, SupervisorRequest } from "./state";

export interface BoardActions {
  /** The snapshot and the audit trail; events that arrive meanwhile are applied on top of it. */
  loadBoard(): Promise<void>;
  boardAgentUpdated(agent: BoardAgent): void;
  auditReceived(entry: SupervisorAuditEntry): void;
  setBoardFilter(filter: BoardFilter): void;
  setBoardSearch(search: string): void;
  signAgentOut(agentId: string): Promise<void>;
  endAgentPause(agentId: string): Promise<void>;
}

/** The audit trail the board keeps in memory. */
const AUDIT_KEPT = 200;

const WHAT_FAILED: Readonly<Record<SupervisorRequest, string>> = {
  signOut: "sign out of the queues",
  endPause: "end the pause of",
};

export const createBoardActions: ActionsCreator<BoardActions> = (set, get, { bridge }) => {
  /** Rows that arrived while the snapshot was on its way: newer than it, so applied after it. */
  let arrivedWhileLoading: BoardAgent[] | null = null;

  function apply(agent: BoardAgent): void {
    set((state) => {
      const known = agent.agentId in state.boardAgents;
      const boardAgents = { ...state.boardAgents, [agent.agentId]: agent };
      if (known) return { boardAgents };
      // A new agent: the only time the order changes.
      return { boardAgents, boardOrder: Object.values(boardAgents).sort(byName).map((a) => a.agentId) };
    });
  }

  async function act(agentId: string, kind: SupervisorRequest, send: () => Promise<AgentQueueState>): Promise<void> {
    if (get().supervisorRequests[agentId] !== undefined) return;
    set((state) => ({ supervisorRequests: { ...state.supervisorRequests, [agentId]: kind } }));
    try {
      await send();
    } catch (error) {
      const name = get().boardAgents[agentId]?.name ?? "this agent";
      get().notify("error", `Could not ${WHAT_FAILED[kind]} ${name}: ${describeError(error)}`);
    } finally {
      set((state) => {
        const supervisorRequests = { ...state.supervisorRequests };
        delete supervisorRequests[agentId];
        return { supervisorRequests };
      });
    }
  }

  return {
    async loadBoard() {
      if (get().boardLoading) return;
      arrivedWhileLoading = [];
      set({ boardLoading: true, boardError: null });
      try {
        const [snapshot, audit] = await Promise.all([bridge.board(), bridge.supervisorAudit()]);
        const agents = [...snapshot.agents].sort(byName);
        set((state) => ({
          boardAgents: Object.fromEntries(agents.map((agent) => [agent.agentId, agent])),
          boardOrder: agents.map((agent) => agent.agentId),
          queueFigures: { ...state.queueFigures, ...Object.fromEntries(snapshot.queues.map((figures) => [figures.queue, figures])) },
          audit: mergeAudit(audit, state.audit),
          boardLoaded: true,
        }));
        for (const agent of arrivedWhileLoading) apply(agent);
      } catch (error) {
        set({ boardError: `Could not load the board: ${describeError(error)}` });
      } finally {
        arrivedWhileLoading = null;
        set({ boardLoading: false });
      }
    },

    boardAgentUpdated(agent) {
      if (arrivedWhileLoading !== null) arrivedWhileLoading.push(agent);
      // Before the board is loaded the snapshot will carry it.
      else if (get().boardLoaded) apply(agent);
    },

    auditReceived(entry) {
      set((state) => ({ audit: mergeAudit([entry], state.audit) }));
    },

    setBoardFilter(boardFilter) {
      set({ boardFilter });
    },

    setBoardSearch(boardSearch) {
      set({ boardSearch });
    },

    signAgentOut(agentId) {
      return act(agentId, "signOut", () => bridge.signAgentOut(agentId));
    },

    endAgentPause(agentId) {
      return act(agentId, "endPause", () => bridge.endAgentPause(agentId));
    },
  };
};

/** Newest first, each entry once (an event may repeat what the snapshot had). */
function mergeAudit(incoming: readonly SupervisorAuditEntry[], known: readonly SupervisorAuditEntry[]): SupervisorAuditEntry[] {
  const byId = new Map<string, SupervisorAuditEntry>();
  for (const entry of [...incoming, ...known]) byId.set(entry.id, entry);
  return [...byId.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, AUDIT_KEPT);
}
