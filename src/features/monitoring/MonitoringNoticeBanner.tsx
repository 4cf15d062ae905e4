import Box from "@mui/material/Box";
import { useAppStore } from "../../store/react";
import { NOTICE_LABEL } from "./monitoring-labels";

/** For a monitored agent, when the call center shows that mode: who is on their call and how. */
export function MonitoringNoticeBanner() {
  const notice = useAppStore((state) => state.monitoringNotice);
  if (notice === null || notice.mode === null) return null;
  return (
    <Box role="status" aria-label="Supervisor on this call" data-mode={notice.mode} sx={{ mb: 1, px: 1.5, py: 0.75, borderRadius: 1, bgcolor: "secondary.light", color: "secondary.contrastText", fontWeight: 600 }}>
      {notice.supervisorName} {NOTICE_LABEL[notice.mode]}
    </Box>
  );
}
