import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { selectIsConferenceHost, selectMergeableCallId, selectPresentParticipants } from "../../store/conference/selectors";
import { selectAgentLeft, selectFollowedTransfer } from "../../store/transfers/selectors";
import { isLiveTransfer } from "../../store/transfers/status";
import { useActions, useAppStore } from "../../store/react";
import { useShallow } from "zustand/react/shallow";
import { formatAccelerator } from "../shortcuts/accelerator";
import { ConferenceShortcuts } from "./ConferenceShortcuts";
import { ParticipantList } from "./ParticipantList";

/**
 * The agent's conference in the call controls: Merge while an attended consultation is live (enabled once
 * the target answered), then the live participant list, Leave, and for the host Drop and End.
 */
export function ConferencePanel() {
  const conference = useAppStore((state) => state.conference);
  const pending = useAppStore((state) => state.conferencePending);
  const consulting = useAppStore((state) => {
    const transfer = selectFollowedTransfer(state);
    return transfer?.mode === "attended" && isLiveTransfer(transfer.status) && transfer.status !== "recalling" && !selectAgentLeft(state);
  });
  const mergeable = useAppStore((state) => selectMergeableCallId(state) !== null);
  const host = useAppStore(selectIsConferenceHost);
  const participants = useAppStore(useShallow(selectPresentParticipants));
  const me = useAppStore((state) => state.agent?.id);
  const keys = useAppStore((state) => state.settings.shortcuts);
  const { mergeConference, leaveConference, endConference, dropFromConference } = useActions();
  if (conference === null && !consulting) return <ConferenceShortcuts />;
  const busy = pending !== null;
  return (
    <Box
      component="section"
      aria-label="Conference"
      data-status={conference?.status ?? "consulting"}
      sx={{ mb: 2, p: 1.5, border: 2, borderColor: "info.main", borderRadius: 1, display: "flex", gap: 1.5, flexDirection: "column" }}
    >
      <ConferenceShortcuts />
      {conference === null ? (
        <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
          <Typography sx={{ flexGrow: 1 }}>{mergeable ? "The person you consult answered: merge them with the caller." : "Merge is possible once the person you consult answers."}</Typography>
          <Button variant="contained" disabled={!mergeable} onClick={() => void mergeConference()} title={formatAccelerator(keys.conferenceMerge)}>
            {pending?.verb === "merge" ? "Merging…" : "Merge"}
          </Button>
        </Stack>
      ) : (
        <>
          <Typography role="status" sx={{ fontWeight: 600 }}>
            {conference.status === "merging" ? "Merging into a conference…" : `Conference: ${participants.length} people`}
            {host ? " (you host it)" : ""}
          </Typography>
          <ParticipantList
            participants={participants}
            me={me}
            canDrop={host}
            dropping={pending?.verb === "drop" ? pending.participantId : null}
            busy={busy}
            onDrop={(participantId) => void dropFromConference(participantId)}
          />
          <Stack direction="row" spacing={1}>
            <Button variant="outlined" disabled={busy} onClick={() => void leaveConference()} title={formatAccelerator(keys.conferenceLeave)}>
              {pending?.verb === "leave" ? "Leaving…" : "Leave conference"}
            </Button>
            {host && (
              <Button variant="outlined" color="error" disabled={busy} onClick={() => void endConference()} title={formatAccelerator(keys.conferenceEnd)}>
                {pending?.verb === "end" ? "Ending…" : "End for everyone"}
              </Button>
            )}
          </Stack>
        </>
      )}
    </Box>
  );
}
