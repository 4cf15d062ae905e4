import Box from "@mui/material/Box";
import IconButton from "@mui/material/IconButton";
import { useActions, useAppStore } from "../../store/react";
import { PauseControl } from "./PauseControl";
import { QueueMembershipMenu } from "./QueueMembershipMenu";
import { QueueShortcuts } from "./QueueShortcuts";
import { QueueFiguresList } from "./QueueFiguresList";

/** The app bar's queue part: sign-in, pause, callers waiting, and what went wrong. A chunk after the first screen. */
export function QueueBar() {
  const loaded = useAppStore((state) => state.queueState !== null);
  const error = useAppStore((state) => state.queueError);
  const { dismissQueueError } = useActions();
  return (
    <Box role="group" aria-label="Queue work" sx={{ display: "flex", alignItems: "center", gap: 1, flexWrap: "wrap" }}>
      {loaded && (
        <>
          <QueueMembershipMenu />
          <PauseControl />
          <QueueFiguresList />
          <QueueShortcuts />
        </>
      )}
      {error !== null && (
        <Box role="alert" sx={{ display: "flex", alignItems: "center", gap: 0.5, color: "error.main", fontSize: 14 }}>
          {error}
          <IconButton size="small" aria-label="Dismiss queue error" onClick={dismissQueueError}>
            ×
          </IconButton>
        </Box>
      )}
    </Box>
  );
}
