import Button from "@mui/material/Button";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { MonitoringMode } from "@handoff/contract";
import { useId, useState } from "react";
import { useActions, useAppStore } from "../../store/react";
import { MODE_LABEL } from "./monitoring-labels";

/** Beside an agent's call on the board: start monitoring it in a chosen mode. Disabled while a session runs. */
export function MonitorMenu({ agentId, name }: { agentId: string; name: string }) {
  const busy = useAppStore((state) => state.monitoring !== null || state.monitoringPending !== null);
  const { startMonitoring } = useActions();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  return (
    <>
      <Button
        size="small"
        sx={{ minWidth: 0, mr: 0.5, py: 0 }}
        disabled={busy}
        aria-haspopup="menu"
        aria-controls={anchor === null ? undefined : menuId}
        aria-expanded={anchor !== null}
        aria-label={`Monitor ${name}'s call`}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        Monitor
      </Button>
      <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {MonitoringMode.options.map((mode) => (
          <MenuItem
            key={mode}
            onClick={() => {
              setAnchor(null);
              void startMonitoring(agentId, mode);
            }}
          >
            {MODE_LABEL[mode]}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
