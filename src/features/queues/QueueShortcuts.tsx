import { useAppStoreApi } from "../../store/react";
import { useShortcut } from "../shortcuts/ShortcutsProvider";

/** Pause/end pause and queue sign-in by keyboard; registered while the queue bar is there. */
export function QueueShortcuts() {
  const store = useAppStoreApi();
  const state = () => store.getState();
  useShortcut("pauseToggle", () => {
    const { queueState, queueRequest, queueSettings } = state();
    if (queueState === null || queueRequest !== null) return false;
    if (queueState.pause !== null) void state().endPause();
    else if ((queueSettings?.pauseReasons.length ?? 0) > 0) state().setPauseMenuOpen(true);
    else return false;
    return true;
  });
  useShortcut("queuesToggle", () => {
    const { queueState, queueRequest } = state();
    if (queueState === null || queueState.queues.length === 0 || queueRequest !== null) return false;
    void state().toggleQueues();
    return true;
  });
  return null;
}
