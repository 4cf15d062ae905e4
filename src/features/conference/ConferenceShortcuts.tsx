import { useAppStoreApi } from "../../store/react";
import { selectIsConferenceHost } from "../../store/conference/selectors";
import { useShortcut } from "../shortcuts/ShortcutsProvider";
import { LAYER_APP } from "../shortcuts/shortcut-registry";
import { useMergeShortcut } from "./use-merge-shortcut";

/** Merge, Leave and End by keyboard in the app's own layer. */
export function ConferenceShortcuts() {
  const store = useAppStoreApi();
  const state = () => store.getState();
  useMergeShortcut(LAYER_APP);
  useShortcut("conferenceLeave", () => {
    if (state().conference === null || state().conferencePending !== null) return false;
    void state().leaveConference();
    return true;
  });
  useShortcut("conferenceEnd", () => {
    if (!selectIsConferenceHost(state()) || state().conferencePending !== null) return false;
    void state().endConference();
    return true;
  });
  return null;
}
