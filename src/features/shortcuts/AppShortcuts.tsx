import { useAppStoreApi } from "../../store/react";
import { isConnected, selectActiveCall, selectCanAnswer } from "../../store/telephony/selectors";
import { LAYER_APP } from "./shortcut-registry";
import { useShortcut } from "./ShortcutsProvider";

/** The shortcuts that work anywhere in the workspace; each reads the store when pressed. */
export function AppShortcuts() {
  const store = useAppStoreApi();
  const state = () => store.getState();

  useShortcut("answer", () => {
    if (!selectCanAnswer(state())) return false;
    void state().answer();
    return true;
  });
  useShortcut("hangup", () => {
    if (selectActiveCall(state()) === undefined) return false;
    void state().hangup();
    return true;
  });
  useShortcut("hold", () => {
    const call = selectActiveCall(state());
    if (call === undefined || !isConnected(call)) return false;
    void state().toggleHold();
    return true;
  });
  useShortcut("mute", () => {
    const call = selectActiveCall(state());
    if (call === undefined || !isConnected(call)) return false;
    state().toggleMute();
    return true;
  });
  useShortcut("transfer", () => state().openTransferDialog());
  useShortcut("help", () => state().setHelpOpen(true), LAYER_APP);
  return null;
}
