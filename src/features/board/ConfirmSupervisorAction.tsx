import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import type { SupervisorRequest } from "../../store/board/state";
import { useActions, useAppStore } from "../../store/react";
import { activityLabel } from "./board-labels";

export interface PendingConfirmation {
  agentId: string;
  action: SupervisorRequest;
}

/** A supervisor's action on someone else's work is asked once more, in words, before it is sent (and audited). */
export function ConfirmSupervisorAction({ pending, onClose }: { pending: PendingConfirmation | null; onClose: () => void }) {
  // The last question asked stays written while the dialog fades out.
  const [asked, setAsked] = useState(pending);
  if (pending !== null && pending !== asked) setAsked(pending);
  const shown = pending ?? asked;
  const agent = useAppStore((state) => (shown === null ? undefined : state.boardAgents[shown.agentId]));
  const { signAgentOut, endAgentPause } = useActions();
  const open = pending !== null && agent !== undefined;
  const title = shown?.action === "signOut" ? `Sign ${agent?.name ?? ""} out of every queue?` : `End ${agent?.name ?? ""}'s pause?`;
  const confirm = () => {
    if (pending === null) return;
    onClose();
    void (pending.action === "signOut" ? signAgentOut(pending.agentId) : endAgentPause(pending.agentId));
  };
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="confirm-title">
      <DialogTitle id="confirm-title">{title}</DialogTitle>
      <DialogContent>
        {agent !== undefined && (
          <Typography variant="body2">
            {shown?.action === "signOut"
              ? `${agent.name} stops receiving calls from ${agent.queues.join(", ") || "their queues"}; direct calls and transfers still reach them.`
              : `${agent.name} is ${activityLabel(agent.activity)}; queue calls will ring for them again.`}{" "}
            They see it at once, and it is written to the audit trail with your name.
          </Typography>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" color="warning" onClick={confirm} autoFocus>
          {shown?.action === "signOut" ? "Sign out of queues" : "End the pause"}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
