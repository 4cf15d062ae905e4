import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Transfer } from "@handoff/contract";
import { canComplete } from "../../store/transfers/status";
import { formatAccelerator } from "../shortcuts/accelerator";

interface ConsultPanelProps {
  transfer: Transfer;
  sending: boolean;
  completeKeys: string;
  cancelKeys: string;
  onComplete(): void;
  onCancel(): void;
}

/** An attended transfer in progress: talk to the target, then join them with the caller or go back. */
export function ConsultPanel({ transfer, sending, completeKeys, cancelKeys, onComplete, onCancel }: ConsultPanelProps) {
  return (
    <Box role="region" aria-label="Consultation" sx={{ mt: 1.5, p: 1.25, border: 1, borderColor: "info.light", borderRadius: 1, bgcolor: "rgba(2, 136, 209, 0.06)" }}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        Consulting <strong>{transfer.target.label}</strong>. The caller hears hold music until you complete or cancel.
      </Typography>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" color="success" disabled={sending || !canComplete(transfer.status)} onClick={onComplete} title={formatAccelerator(completeKeys)}>
          Complete transfer
        </Button>
        <Button variant="outlined" color="error" disabled={sending} onClick={onCancel} title={formatAccelerator(cancelKeys)}>
          Cancel transfer
        </Button>
      </Stack>
    </Box>
  );
}
