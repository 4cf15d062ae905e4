import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import { useShallow } from "zustand/react/shallow";
import { memo } from "react";
import { selectBoardQueueNames } from "../../store/board/selectors";
import { useAppStore } from "../../store/react";
import { formatDuration } from "../appbar/use-elapsed";
import { secondsSince, useNow } from "../queues/use-now";

const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

/** Every queue: who waits and for how long, who works it, and today's figures. */
export function QueueFiguresTable() {
  const names = useAppStore(useShallow(selectBoardQueueNames));
  const serviceLevelSeconds = useAppStore((state) => state.queueSettings?.serviceLevelSeconds ?? null);
  return (
    <Table size="small" aria-label="Queues" sx={{ mb: 2 }}>
      <TableHead>
        <TableRow>
          <TableCell>Queue</TableCell>
          <TableCell align="right">Waiting</TableCell>
          <TableCell align="right">Longest wait</TableCell>
          <TableCell align="right">Signed in</TableCell>
          <TableCell align="right">Available</TableCell>
          <TableCell align="right">Paused</TableCell>
          <TableCell align="right">Answered</TableCell>
          <TableCell align="right">Abandoned</TableCell>
          <TableCell align="right" title={serviceLevelSeconds === null ? undefined : `Answered within ${serviceLevelSeconds} s, today`}>
            Service level
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {names.map((name) => (
          <QueueRow key={name} queue={name} />
        ))}
      </TableBody>
    </Table>
  );
}

/** One queue: re-renders when its own figures change (or its longest wait ticks), not when another's do. */
const QueueRow = memo(function QueueRow({ queue }: { queue: string }) {
  const figures = useAppStore((state) => state.queueFigures[queue]);
  if (figures === undefined) return null;
  return (
            <TableRow aria-label={figures.queue}>
              <TableCell sx={{ fontWeight: 600 }}>{figures.queue}</TableCell>
              <TableCell align="right" sx={{ fontWeight: figures.waiting > 0 ? 700 : 400, color: figures.waiting > 0 ? "warning.dark" : undefined }}>
                {figures.waiting}
              </TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: "tabular-nums" }}>
                {figures.waiting > 0 ? <LongestWait since={figures.oldestWaitingSince} /> : "—"}
              </TableCell>
              <TableCell align="right">{figures.signedIn}</TableCell>
              <TableCell align="right">{figures.available}</TableCell>
              <TableCell align="right">{figures.paused}</TableCell>
              <TableCell align="right">{figures.answeredToday}</TableCell>
              <TableCell align="right">{figures.abandonedToday}</TableCell>
              <TableCell align="right">{percent(figures.serviceLevel)}</TableCell>
            </TableRow>
  );
});

function LongestWait({ since }: { since: string | null }) {
  const seconds = secondsSince(since, useNow());
  return seconds === null ? "—" : formatDuration(seconds);
}
