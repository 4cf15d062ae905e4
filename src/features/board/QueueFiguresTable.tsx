import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import { useShallow } from "zustand/react/shallow";
import { selectBoardQueues } from "../../store/board/selectors";
import { useAppStore } from "../../store/react";
import { formatDuration } from "../appbar/use-elapsed";
import { secondsSince, useNow } from "../queues/use-now";

const percent = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

/** Every queue: who waits and for how long, who works it, and today's figures. */
export function QueueFiguresTable() {
  const queues = useAppStore(useShallow(selectBoardQueues));
  const serviceLevelSeconds = useAppStore((state) => state.queueSettings?.serviceLevelSeconds ?? null);
  const now = useNow();
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
        {queues.map((figures) => {
          const longest = figures.waiting > 0 ? secondsSince(figures.oldestWaitingSince, now) : null;
          return (
            <TableRow key={figures.queue} aria-label={figures.queue}>
              <TableCell sx={{ fontWeight: 600 }}>{figures.queue}</TableCell>
              <TableCell align="right" sx={{ fontWeight: figures.waiting > 0 ? 700 : 400, color: figures.waiting > 0 ? "warning.dark" : undefined }}>
                {figures.waiting}
              </TableCell>
              <TableCell align="right" sx={{ fontVariantNumeric: "tabular-nums" }}>
                {longest === null ? "—" : formatDuration(longest)}
              </TableCell>
              <TableCell align="right">{figures.signedIn}</TableCell>
              <TableCell align="right">{figures.available}</TableCell>
              <TableCell align="right">{figures.paused}</TableCell>
              <TableCell align="right">{figures.answeredToday}</TableCell>
              <TableCell align="right">{figures.abandonedToday}</TableCell>
              <TableCell align="right">{percent(figures.serviceLevel)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
