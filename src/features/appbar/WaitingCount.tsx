import Box from "@mui/material/Box";
import { useAppStore } from "../../store/react";
import { selectWaitingCount } from "../../store/telephony/selectors";

/** Calls besides the current one that need the agent: ringing or on hold. */
export function WaitingCount() {
  const count = useAppStore(selectWaitingCount);
  return (
    <Box sx={{ display: "flex", alignItems: "center", gap: 0.5, color: count > 0 ? "warning.dark" : "text.secondary" }}>
      <span aria-hidden="true">Waiting</span>
      <Box
        component="span"
        role="status"
        aria-label="Calls waiting"
        sx={{ minWidth: 22, textAlign: "center", px: 0.75, borderRadius: 8, fontWeight: 700, bgcolor: count > 0 ? "warning.light" : "action.hover" }}
      >
        {count}
      </Box>
    </Box>
  );
}
