import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { SupervisorAuditEntry } from "@handoff/contract";
import { useAppStore } from "../../store/react";

function sentence(entry: SupervisorAuditEntry): string {
  switch (entry.action) {
    case "queues.leave":
      return `${entry.supervisorName} signed ${entry.agentName} out of ${entry.detail}`;
    case "pause.end":
      return `${entry.supervisorName} ended ${entry.agentName}'s pause (${entry.detail})`;
    case "monitor.start":
      return `${entry.supervisorName} started monitoring ${entry.agentName}'s call (${entry.detail})`;
    case "monitor.mode":
      return `${entry.supervisorName} switched monitoring of ${entry.agentName}: ${entry.detail}`;
    case "monitor.end":
      return `${entry.supervisorName} stopped monitoring ${entry.agentName} (${entry.detail})`;
    case "monitor.refused":
      return `Refused: ${entry.detail}`;
  }
}

/** Who did what to whom, and when: every supervisor action, newest first, live. */
export function AuditTrail() {
  const audit = useAppStore((state) => state.audit);
  return (
    <Box component="section" aria-labelledby="audit-heading" sx={{ mt: 2 }}>
      <Typography id="audit-heading" component="h3" variant="overline" color="text.secondary">
        Audit trail
      </Typography>
      {audit.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No supervisor actions yet.
        </Typography>
      ) : (
        <Box component="ol" aria-label="Audit trail" sx={{ m: 0, pl: 0, listStyle: "none", maxHeight: 180, overflowY: "auto" }}>
          {audit.map((entry) => (
            <Box component="li" key={entry.id} sx={{ fontSize: 14, py: 0.25 }}>
              <Box component="time" dateTime={entry.at} sx={{ color: "text.secondary", mr: 1, fontVariantNumeric: "tabular-nums" }}>
                {new Date(entry.at).toLocaleString([], { dateStyle: "short", timeStyle: "medium" })}
              </Box>
              {sentence(entry)}
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
