import type { AgentQueueState, QueueFigures } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";
import { selectAllSignedIn } from "./selectors";
import type { QueueRequest } from "./state";

export interface QueuesActions {
  /** Settings, own state and figures, once signed in. */
  loadQueues(): Promise<void>;
  /** After a real-time reconnect: the state and figures the missed events would have brought. */
  reloadQueueState(): Promise<void>;
  /** Without queues: every queue the agent may join. */
  joinQueues(queues?: string[]): Promise<void>;
  leaveQueues(queues?: string[]): Promise<void>;
  /** Signed in everywhere → out of everything; otherwise into everything. */
  toggleQueues(): Promise<void>;
  pause(reason: string): Promise<void>;
  endPause(): Promise<void>;
  setPauseMenuOpen(open: boolean): void;
  setWrapUpNote(note: string): void;
  /** Ends the wrap-up with this disposition and the note typed so far. */
  chooseDisposition(disposition: string): Promise<void>;
  /** `agent.queue_state`: supervisors get everyone's; only the agent's own is theirs. */
  queueStateUpdated(state: AgentQueueState): void;
  queueFiguresUpdated(figures: QueueFigures): void;
  dismissQueueError(): void;
}

const WHAT_FAILED: Readonly<Record<QueueRequest, string>> = {
  join: "Could not sign you in to the queues",
  leave: "Could not sign you out of the queues",
  pause: "Could not pause you",
  resume: "Could not end your pause",
  disposition: "Could not save the disposition",
};

export const createQueuesActions: ActionsCreator<QueuesActions> = (set, get, { bridge }) => {
  /** One request at a time; the answer is the server's state, shown as it is. */
  async function request(kind: QueueRequest, send: () => Promise<AgentQueueState>): Promise<void> {
    if (get().queueRequest !== null) return;
    set({ queueRequest: kind, queueError: null });
    try {
      const state = await send();
      set({ queueState: state });
    } catch (error) {
      set({ queueError: `${WHAT_FAILED[kind]}: ${describeError(error)}` });
    } finally {
      set({ queueRequest: null });
    }
  }

  return {
    async loadQueues() {
      try {
        const [queueSettings, queueState, figures] = await Promise.all([bridge.queueSettings(), bridge.queueState(), bridge.queueFigures()]);
        set((state) => ({
          queueSettings,
          // An event may have brought a newer state while these were asked for.
          queueState: state.queueState ?? queueState,
          queueFigures: { ...Object.fromEntries(figures.map((f) => [f.queue, f])), ...state.queueFigures },
          queuesLoaded: true,
          queueError: null,
        }));
      } catch (error) {
        set({ queueError: `Could not load your queues: ${describeError(error)}` });
      }
    },

    async reloadQueueState() {
      try {
        const [queueState, figures] = await Promise.all([bridge.queueState(), bridge.queueFigures()]);
        set((state) => ({ queueState, queueFigures: { ...state.queueFigures, ...Object.fromEntries(figures.map((f) => [f.queue, f])) } }));
      } catch (error) {
        set({ queueError: `Could not refresh your queues: ${describeError(error)}` });
      }
    },

    joinQueues(queues) {
      return request("join", () => bridge.joinQueues(queues === undefined ? {} : { queues }));
    },

    leaveQueues(queues) {
      return request("leave", () => bridge.leaveQueues(queues === undefined ? {} : { queues }));
    },

    toggleQueues() {
      return selectAllSignedIn(get()) ? get().leaveQueues() : get().joinQueues();
    },

    async pause(reason) {
      set({ pauseMenuOpen: false });
      await request("pause", () => bridge.pause(reason));
    },

    endPause() {
      return request("resume", () => bridge.endPause());
    },

    setPauseMenuOpen(open) {
      set({ pauseMenuOpen: open });
    },

    setWrapUpNote(note) {
      set({ wrapUpNote: note });
    },

    async chooseDisposition(disposition) {
      const wrapUp = get().queueState?.wrapUp;
      if (wrapUp == null) return;
      const note = get().wrapUpNote.trim();
      await request("disposition", async () => {
        const answer = await bridge.setDisposition({ callId: wrapUp.callId, disposition, ...(note === "" ? {} : { note }) });
        set({ wrapUpNote: "" });
        // The history shows the disposition with the call.
        void get().loadHistory();
        return answer.state;
      });
    },

    queueStateUpdated(state) {
      if (state.agentId !== get().agent?.id) return;
      // A new wrap-up starts with an empty note.
      if (state.wrapUp?.callId !== get().queueState?.wrapUp?.callId) set({ wrapUpNote: "" });
      set({ queueState: state });
    },

    queueFiguresUpdated(figures) {
      set((state) => ({ queueFigures: { ...state.queueFigures, [figures.queue]: figures } }));
    },

    dismissQueueError() {
      set({ queueError: null });
    },
  };
};
