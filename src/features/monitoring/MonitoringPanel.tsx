import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import Typography from "@mui/material/Typography";
import { MonitoringMode } from "@handoff/contract";
import { useActions, useAppStore } from "../../store/react";
import { MODE_LABEL, STATUS_LABEL } from "./monitoring-labels";
import { MonitoringShortcuts } from "./MonitoringShortcuts";

/** The supervisor's live monitoring session: whose call, which mode (switchable), and Stop. Absent without a session. */
export function MonitoringPanel() {
  const session = useAppStore((state) => state.monitoring);
  const pending = useAppStore((state) => state.monitoringPending);
  const { setMonitoringMode, stopMonitoring } = useActions();
  if (session === null) return null;
  return (
    <Box
      component="section"
      aria-label="Monitoring"
      data-status={session.status}
      data-mode={session.mode}
      sx={{ mb: 2, p: 1.5, border: 2, borderColor: "secondary.main", borderRadius: 1, display: "flex", gap: 2, alignItems: "center", flexWrap: "wrap" }}
    >
      <MonitoringShortcuts />
      <Typography role="status" sx={{ fontWeight: 600 }}>
        Monitoring {session.agent.name}'s call: {MODE_LABEL[session.mode]}, {STATUS_LABEL[session.status]}
        {!session.shownToAgent && session.mode === "listen" ? " (the agent is not shown)" : ""}
      </Typography>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={session.mode}
        aria-label="Monitoring mode"
        disabled={pending !== null}
        onChange={(_event, mode: unknown) => {
          const parsed = MonitoringMode.safeParse(mode);
          if (parsed.success) void setMonitoringMode(parsed.data);
        }}
      >
        {MonitoringMode.options.map((mode) => (
          <ToggleButton key={mode} value={mode} aria-label={MODE_LABEL[mode]}>
            {MODE_LABEL[mode]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Button variant="outlined" color="secondary" disabled={pending !== null} onClick={() => void stopMonitoring()}>
        {pending === "stop" ? "Stopping…" : "Stop monitoring"}
      </Button>
    </Box>
  );
}
