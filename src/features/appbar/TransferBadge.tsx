import Chip from "@mui/material/Chip";
import { useAppStore } from "../../store/react";
import { selectLiveTransferOfActiveCall } from "../../store/transfers/selectors";

/** A live transfer of the current call stays visible after its dialog is closed. Plain text, not a button: "Transfer" names the button. */
export function TransferBadge() {
  const transfer = useAppStore(selectLiveTransferOfActiveCall);
  if (transfer === undefined) return null;
  return <Chip size="small" color="info" variant="outlined" label={`${transfer.mode} to ${transfer.target.label}: ${transfer.status}`} />;
}
