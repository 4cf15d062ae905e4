import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import { useRef } from "react";
import { selectPause, selectWrapUp } from "../../store/queues/selectors";
import { useActions, useAppStore } from "../../store/react";
import { selectShortcuts } from "../../store/settings/selectors";
import { formatDuration } from "../appbar/use-elapsed";
import { ariaKeyShortcuts, formatAccelerator } from "../shortcuts/accelerator";
import { secondsSince, useNow } from "./use-now";


/** A stable empty list: a selector that made a new one each time would re-render forever. */
const NONE: readonly string[] = [];
/** Paused (the reason, since when, ticking) with "End pause"; otherwise "Pause" and its reasons. */
export function PauseControl() {
  const pause = useAppStore(selectPause);
  const inWrapUp = useAppStore((state) => selectWrapUp(state) !== null);
  const reasons = useAppStore((state) => state.queueSettings?.pauseReasons ?? NONE);
  const menuOpen = useAppStore((state) => state.pauseMenuOpen);
  const request = useAppStore((state) => state.queueRequest);
  const keys = useAppStore(selectShortcuts).pauseToggle;
  const { pause: pauseFor, endPause, setPauseMenuOpen } = useActions();
  const anchor = useRef<HTMLButtonElement | null>(null);

  if (pause !== null) {
    return (
      <Box sx={{ display: "flex", alignItems: "center", gap: 0.75 }}>
        <PausedSince reason={pause.reason} since={pause.since} />
        <Button variant="outlined" color="warning" disabled={request !== null} onClick={() => void endPause()} title={`End pause (${formatAccelerator(keys)})`} aria-keyshortcuts={ariaKeyShortcuts(keys)}>
          {request === "resume" ? "Ending pause…" : "End pause"}
        </Button>
      </Box>
    );
  }
  return (
    <>
      <Button
        ref={anchor}
        variant="outlined"
        color="inherit"
        disabled={request !== null || reasons.length === 0}
        onClick={() => setPauseMenuOpen(true)}
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        title={`Pause in every queue with a reason (${formatAccelerator(keys)})${inWrapUp ? "; it outlasts the wrap-up" : ""}`}
        aria-keyshortcuts={ariaKeyShortcuts(keys)}
      >
        {request === "pause" ? "Pausing…" : "Pause"}
      </Button>
      <Menu anchorEl={anchor.current} open={menuOpen && anchor.current !== null} onClose={() => setPauseMenuOpen(false)} slotProps={{ list: { "aria-label": "Pause reasons" } }}>
        {reasons.map((reason) => (
          <MenuItem key={reason} onClick={() => void pauseFor(reason)}>
            {reason}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}

function PausedSince({ reason, since }: { reason: string; since: string }) {
  const seconds = secondsSince(since, useNow());
  return (
    <Box component="span" role="status" aria-label="Pause" sx={{ px: 1, py: 0.25, borderRadius: 1, bgcolor: "warning.light", fontWeight: 700, fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}>
      Paused · {reason}
      {seconds !== null && ` · ${formatDuration(seconds)}`}
      <Box component="span" sx={{ fontWeight: 400 }}>
        {" "}
        since {new Date(since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
      </Box>
    </Box>
  );
}
