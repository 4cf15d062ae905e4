import Chip from "@mui/material/Chip";
import { useAppStore } from "../../store/react";
import { selectLiveTransferToShow } from "../../store/transfers/selectors";

/** A live transfer (the current call's, or the one the agent left ringing) stays visible after its dialog is closed. Plain text, not a button: "Transfer" names the button. */
export function TransferBadge() {
  const transfer = useAppStore(selectLiveTransferToShow);
  if (transfer === undefined) return null;
  // Recalling: the caller is on the way back to a human, a warning rather than plain progress.
  const color = transfer.status === "recalling" ? "warning" : "info";
  return <Chip size="small" color={color} variant="outlined" label={`${transfer.mode} to ${transfer.target.label}: ${transfer.status}`} />;
}
