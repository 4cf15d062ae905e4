import Chip from "@mui/material/Chip";
import Tooltip from "@mui/material/Tooltip";
import type { RegistrationState } from "../../telephony/types";
import { useAppStore } from "../../store/react";

const LOOK: Record<RegistrationState, { word: string; color: "success" | "warning" | "error" | "default" }> = {
  registered: { word: "registered", color: "success" },
  connecting: { word: "connecting", color: "warning" },
  reconnecting: { word: "reconnecting", color: "warning" },
  failed: { word: "failed", color: "error" },
  // Not "unregistered": that word contains "registered".
  unregistered: { word: "offline", color: "default" },
};

/** The phone's registration with the PBX, including the engine's own reconnects after a network drop. */
export function RegistrationStatus() {
  const registration = useAppStore((state) => state.registration);
  const detail = useAppStore((state) => state.registrationDetail);
  const { word, color } = LOOK[registration];
  return (
    <Tooltip title={detail ?? `Phone ${word}`} describeChild>
      <Chip role="status" aria-label="Registration" tabIndex={detail === null ? -1 : 0} size="small" variant="outlined" color={color} label={`Phone ${word}`} />
    </Tooltip>
  );
}
