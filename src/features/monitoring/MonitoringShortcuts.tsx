import type { MonitoringMode } from "@handoff/contract";
import { useAppStoreApi } from "../../store/react";
import { useShortcut } from "../shortcuts/ShortcutsProvider";

/** Mode switches and Stop by keyboard, registered while a monitoring session is shown. */
export function MonitoringShortcuts() {
  const store = useAppStoreApi();
  const state = () => store.getState();
  const switchTo = (mode: MonitoringMode) => () => {
    const { monitoring, monitoringPending } = state();
    if (monitoring === null || monitoringPending !== null) return false;
    void state().setMonitoringMode(mode);
    return true;
  };
  useShortcut("monitorListen", switchTo("listen"));
  useShortcut("monitorWhisper", switchTo("whisper"));
  useShortcut("monitorBarge", switchTo("barge"));
  useShortcut("monitorStop", () => {
    if (state().monitoring === null) return false;
    void state().stopMonitoring();
    return true;
  });
  return null;
}
