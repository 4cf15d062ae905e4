import type { Conference } from "@handoff/contract";
import { describeError } from "../../bridge/describe-error";
import type { ActionsCreator } from "../types";
import { selectMergeableCallId } from "./selectors";
import type { ConferencePending } from "./state";

export interface ConferenceActions {
  /** Merges the caller and the answered consultation into one conference this agent hosts. */
  mergeConference(): Promise<void>;
  leaveConference(): Promise<void>;
  dropFromConference(participantId: string): Promise<void>;
  endConference(): Promise<void>;
  conferenceUpdated(conference: Conference): void;
}

const failure = (conference: Conference) => `The conference failed: ${conference.reason ?? "no reason given"}`;

export const createConferenceActions: ActionsCreator<ConferenceActions> = (set, get, { bridge }) => {
  /** The server's answer replaces what the app shows; a refusal is said in words and changes nothing. */
  async function request(pending: ConferencePending, what: string, send: () => Promise<Conference>): Promise<void> {
    if (get().conferencePending !== null) return;
    set({ conferencePending: pending });
    try {
      get().conferenceUpdated(await send());
    } catch (error) {
      get().notify("error", `Could not ${what}: ${describeError(error)}`);
    } finally {
      set({ conferencePending: null });
    }
  }

  /** A request about the conference shown; nothing to send without one. */
  function onShown(pending: ConferencePending, what: string, send: (conferenceId: string) => Promise<Conference>): Promise<void> {
    const conference = get().conference;
    if (conference === null) return Promise.resolve();
    return request(pending, what, () => send(conference.id));
  }

  /** The agent's own conference: they are still in it (or joining), and it neither ended nor failed. */
  function stillMine(conference: Conference): boolean {
    if (conference.status === "ended" || conference.status === "failed") return false;
    const me = get().agent?.id;
    return conference.participants.some((participant) => participant.agentId === me && participant.state !== "left");
  }

  return {
    mergeConference() {
      const callId = selectMergeableCallId(get());
      if (callId === null) return Promise.resolve();
      return request({ verb: "merge" }, "merge the calls", async () => {
        const conference = await bridge.mergeConference({ callId });
        // The server answers a merge the PBX would not do with a failed conference: the consultation is unchanged.
        if (conference.status === "failed") get().notify("error", failure(conference));
        // Otherwise the consultation became the conference: the transfer dialog has nothing left to do.
        else get().closeTransferDialog();
        return conference;
      });
    },
    leaveConference() {
      return onShown({ verb: "leave" }, "leave the conference", (id) => bridge.leaveConference(id));
    },
    dropFromConference(participantId) {
      return onShown({ verb: "drop", participantId }, "drop them from the conference", (conferenceId) => bridge.dropFromConference({ conferenceId, participantId }));
    },
    endConference() {
      return onShown({ verb: "end" }, "end the conference", (id) => bridge.endConference(id));
    },
    conferenceUpdated(conference) {
      const shown = get().conference;
      if (stillMine(conference)) {
        set({ conference });
        return;
      }
      if (shown?.id !== conference.id) return;
      set({ conference: null });
      // A merge on its way says its own failure when it answers.
      if (conference.status === "failed" && get().conferencePending?.verb !== "merge") get().notify("error", failure(conference));
    },
  };
};
