import Chip from "@mui/material/Chip";
import type { RegistrationState } from "../../telephony/types";
import { tooltipChunk, useChunk } from "../../app/lazy-views";
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
  // MUI's tooltip (and Popper with it) is not part of the first screen: until its chunk is there, the browser's own.
  const Tooltip = useChunk(tooltipChunk, false);
  const { word, color } = LOOK[registration];
  const title = detail ?? `Phone ${word}`;
  const chip = <Chip role="status" aria-label="Registration" tabIndex={detail === null ? -1 : 0} size="small" variant="outlined" color={color} label={`Phone ${word}`} title={Tooltip === null ? title : undefined} />;
  return Tooltip === null ? (
    chip
  ) : (
    <Tooltip title={title} describeChild>
      {chip}
    </Tooltip>
  );
}
