import { useAppStoreApi } from "../../store/react";
import { selectMergeableCallId } from "../../store/conference/selectors";
import { useShortcut } from "../shortcuts/ShortcutsProvider";

/** Merge by keyboard in `layer` (the app, or the transfer dialog while it is open); the key is left alone when there is nothing to merge. */
export function useMergeShortcut(layer: number): void {
  const store = useAppStoreApi();
  useShortcut(
    "conferenceMerge",
    () => {
      if (selectMergeableCallId(store.getState()) === null) return false;
      void store.getState().mergeConference();
      return true;
    },
    layer,
  );
}
