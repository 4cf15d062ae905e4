import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Typography from "@mui/material/Typography";
import type { ConferenceParticipant } from "@handoff/contract";

interface ParticipantListProps {
  participants: readonly ConferenceParticipant[];
  /** This agent's id: their own row has no Drop. */
  me: string | undefined;
  /** Only the host drops someone. */
  canDrop: boolean;
  /** The participant whose drop is on its way, if any. */
  dropping: string | null;
  busy: boolean;
  onDrop(participantId: string): void;
}

/** Everyone in the conference, live: name and number, who talks now, and Drop for the host. */
export function ParticipantList({ participants, me, canDrop, dropping, busy, onDrop }: ParticipantListProps) {
  return (
    <Box component="ul" aria-label="Participants" sx={{ m: 0, p: 0, width: "100%" }}>
      {participants.map((participant) => {
        const own = participant.agentId !== null && participant.agentId === me;
        const label = own ? `${participant.name} (you)` : participant.name;
        return (
          <Box
            component="li"
            key={participant.id}
            aria-label={label}
            data-state={participant.state}
            data-talking={participant.talking}
            sx={{ listStyle: "none", display: "flex", gap: 1, alignItems: "center", py: 0.5 }}
          >
            {/* A dot that fills while they talk; the words say it for screen readers too. */}
            <Box
              aria-hidden
              sx={{ width: 10, height: 10, borderRadius: "50%", border: 2, borderColor: "success.main", bgcolor: participant.talking ? "success.main" : "transparent" }}
            />
            <Typography sx={{ fontWeight: 600 }}>{label}</Typography>
            {participant.number !== participant.name && <Typography color="text.secondary">{participant.number}</Typography>}
            {participant.talking && <Typography variant="caption">talking</Typography>}
            {participant.state === "joining" && <Typography variant="caption">joining…</Typography>}
            <Box sx={{ flexGrow: 1 }} />
            {canDrop && !own && (
              <Button size="small" variant="outlined" color="error" disabled={busy} onClick={() => onDrop(participant.id)}>
                {dropping === participant.id ? `Dropping ${participant.name}…` : `Drop ${participant.name}`}
              </Button>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
