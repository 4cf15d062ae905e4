import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import { CallPhase } from "../../telephony/call-phase";
import { useActions, useAppStore } from "../../store/react";
import { selectFollowedTransfer } from "../../store/transfers/selectors";
import { isLiveTransfer } from "../../store/transfers/status";
import { isConnected, selectActiveCall, selectCanAnswer, selectCanTransfer } from "../../store/telephony/selectors";
import { ariaKeyShortcuts, formatAccelerator } from "../shortcuts/accelerator";

/** The call buttons. Always present (disabled when they do not apply), so the bar never jumps. */
export function CallControls() {
  const call = useAppStore(selectActiveCall);
  const canAnswer = useAppStore(selectCanAnswer);
  const canTransfer = useAppStore((state) => {
    const followed = selectFollowedTransfer(state);
    return selectCanTransfer(state) || (followed !== undefined && isLiveTransfer(followed.status));
  });
  const holdPending = useAppStore((state) => (call === undefined ? false : state.holdPending[call.id] === true));
  const keypadOpen = useAppStore((state) => state.keypadOpen);
  const keys = useAppStore((state) => state.settings.shortcuts);
  const { answer, hangup, toggleHold, toggleMute, toggleKeypad, openTransferDialog } = useActions();

  const connected = call !== undefined && isConnected(call);
  const held = call?.phase === CallPhase.Held;
  const hint = (label: string, accelerator: string) => `${label} (${formatAccelerator(accelerator)})`;

  return (
    <Stack direction="row" spacing={0.75} role="group" aria-label="Call controls">
      <Button variant="contained" color="success" disabled={!canAnswer} onClick={() => void answer()} title={hint("Answer", keys.answer)} aria-keyshortcuts={ariaKeyShortcuts(keys.answer)}>
        Answer
      </Button>
      <Button variant="contained" color="error" disabled={call === undefined} onClick={() => void hangup()} title={hint("Hang up", keys.hangup)} aria-keyshortcuts={ariaKeyShortcuts(keys.hangup)}>
        Hang up
      </Button>
      <Button variant={held ? "contained" : "outlined"} disabled={!connected || holdPending} onClick={() => void toggleHold()} title={hint(held ? "Resume" : "Hold", keys.hold)} aria-keyshortcuts={ariaKeyShortcuts(keys.hold)}>
        {held ? "Resume" : "Hold"}
      </Button>
      <Button
        variant={call?.muted === true ? "contained" : "outlined"}
        color={call?.muted === true ? "warning" : "primary"}
        disabled={!connected}
        onClick={() => toggleMute()}
        title={hint(call?.muted === true ? "Unmute" : "Mute", keys.mute)}
        aria-keyshortcuts={ariaKeyShortcuts(keys.mute)}
      >
        {call?.muted === true ? "Unmute" : "Mute"}
      </Button>
      <Button variant={keypadOpen ? "contained" : "outlined"} aria-pressed={keypadOpen} onClick={toggleKeypad}>
        Keypad
      </Button>
      <Button variant="outlined" disabled={!canTransfer} onClick={() => openTransferDialog()} title={hint("Transfer", keys.transfer)} aria-keyshortcuts={ariaKeyShortcuts(keys.transfer)}>
        Transfer
      </Button>
    </Stack>
  );
}
