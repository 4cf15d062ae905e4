import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Transfer } from "@handoff/contract";
import type { TransferVerb } from "../../store/transfers/state";
import { formatAccelerator } from "../shortcuts/accelerator";

interface ConsultPanelProps {
  transfer: Transfer;
  /** What the agent may still ask; both false while a request is in flight or after one was accepted. */
  controls: { complete: boolean; cancel: boolean };
  /** The request the server accepted for this transfer, if any. */
  accepted: TransferVerb | null;
  /** The agent left (completed, or their call ended): the transfer goes on without them. */
  left: boolean;
  completeKeys: string;
  cancelKeys: string;
  mergeKeys: string;
  /** The target answered and nothing is on its way: caller, agent and target may become one conference. */
  canMerge: boolean;
  onMerge(): void;
  onComplete(): void;
  onCancel(): void;
}

function Explanation({ target, accepted, left }: { target: string; accepted: TransferVerb | null; left: boolean }) {
  if (left) return <>You handed the caller to <strong>{target}</strong> and left the call. The progress above shows how it ends.</>;
  if (accepted === "cancel") return <>Cancelling: the caller comes back to you.</>;
  return (
    <>
      Consulting <strong>{target}</strong>. The caller hears hold music until you complete or cancel.
    </>
  );
}

/** An attended transfer in progress: talk to the target, then join them with the caller or go back. */
export function ConsultPanel({ transfer, controls, accepted, left, completeKeys, cancelKeys, mergeKeys, canMerge, onMerge, onComplete, onCancel }: ConsultPanelProps) {
  return (
    <Box role="region" aria-label="Consultation" sx={{ mt: 1.5, p: 1.25, border: 1, borderColor: "info.light", borderRadius: 1, bgcolor: "rgba(2, 136, 209, 0.06)" }}>
      <Typography variant="body2" sx={{ mb: 1 }}>
        <Explanation target={transfer.target.label} accepted={accepted} left={left} />
      </Typography>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" color="success" disabled={!controls.complete} onClick={onComplete} title={formatAccelerator(completeKeys)}>
          Complete transfer
        </Button>
        <Button variant="outlined" color="error" disabled={!controls.cancel} onClick={onCancel} title={formatAccelerator(cancelKeys)}>
          Cancel transfer
        </Button>
        <Button variant="outlined" disabled={!canMerge} onClick={onMerge} title={formatAccelerator(mergeKeys)}>
          Merge
        </Button>
      </Stack>
    </Box>
  );
}
