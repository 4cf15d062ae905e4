import Dialog from "@mui/material/Dialog";
import DialogTitle from "@mui/material/DialogTitle";
import Typography from "@mui/material/Typography";
import { useActions, useAppStore } from "../../store/react";
import { selectActiveCall } from "../../store/telephony/selectors";
import { TransferForm } from "./TransferForm";

/** The transfer dialog. Its form mounts only while open, so its shortcuts live exactly as long. */
export function TransferDialog() {
  const open = useAppStore((state) => state.transferDialogOpen);
  const call = useAppStore(selectActiveCall);
  const { closeTransferDialog } = useActions();
  return (
    <Dialog open={open} onClose={closeTransferDialog} aria-labelledby="transfer-title" maxWidth="sm" fullWidth>
      <DialogTitle id="transfer-title" sx={{ pb: 0.5 }}>
        Transfer call
      </DialogTitle>
      {call !== undefined && (
        <Typography variant="body2" color="text.secondary" sx={{ px: 3 }}>
          Caller: {call.remote.name}
          {call.remote.number !== call.remote.name && call.remote.number !== "" ? ` (${call.remote.number})` : ""}
        </Typography>
      )}
      {open && <TransferForm onClose={closeTransferDialog} />}
    </Dialog>
  );
}
