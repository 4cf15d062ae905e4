import Box from "@mui/material/Box";
import type { QueueMembership } from "@handoff/contract";
import { selectMemberships } from "../../store/queues/selectors";
import { useAppStore } from "../../store/react";
import { formatDuration } from "../appbar/use-elapsed";
import { secondsSince, useNow } from "./use-now";

/** Per queue of the agent's: callers waiting and the longest wait, counting up between the server's events. */
export function QueueFiguresList() {
  const queues = useAppStore(selectMemberships);
  const now = useNow();
  if (queues.length === 0) return null;
  return (
    <Box component="ul" aria-label="Queue callers" sx={{ display: "flex", gap: 0.75, m: 0, p: 0, listStyle: "none" }}>
      {queues.map((queue) => (
        <QueueFigure key={queue.queue} queue={queue} now={now} />
      ))}
    </Box>
  );
}

function QueueFigure({ queue, now }: { queue: QueueMembership; now: number }) {
  const figures = useAppStore((state) => state.queueFigures[queue.queue]);
  const waiting = figures?.waiting ?? 0;
  const longest = waiting > 0 ? secondsSince(figures?.oldestWaitingSince ?? null, now) : null;
  const label = `${queue.queue}: ${waiting} waiting${longest === null ? "" : `, longest ${formatDuration(longest)}`}${queue.signedIn ? "" : " (not signed in)"}`;
  return (
    <Box
      component="li"
      aria-label={label}
      title={label}
      sx={{
        px: 0.75,
        borderRadius: 1,
        border: 1,
        borderColor: queue.signedIn ? "divider" : "transparent",
        color: queue.signedIn ? (waiting > 0 ? "warning.dark" : "text.primary") : "text.disabled",
        fontSize: 13,
        whiteSpace: "nowrap",
        fontVariantNumeric: "tabular-nums",
      }}
    >
      {queue.queue} <b>{waiting}</b>
      {longest !== null && ` · ${formatDuration(longest)}`}
    </Box>
  );
}
