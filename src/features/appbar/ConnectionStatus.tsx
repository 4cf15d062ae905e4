import Chip from "@mui/material/Chip";
import { useAppStore } from "../../store/react";
import { selectConnectionWarning } from "../../store/connection/selectors";

/** Shown only when something is wrong: the PBX link (from `pbx.status`) or the live-update socket. */
export function ConnectionStatus() {
  const warning = useAppStore(selectConnectionWarning);
  if (warning === null) return null;
  return <Chip role="status" aria-label="Connection" size="small" color="warning" label={warning} />;
}
