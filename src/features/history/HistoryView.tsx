import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import type { CallRecord, Transfer } from "@handoff/contract";
import { useActions, useAppStore } from "../../store/react";
import { formatDuration } from "../appbar/use-elapsed";

function duration(record: CallRecord): string {
  if (record.endedAt === null) return "ongoing";
  return formatDuration(Math.max(0, Math.round((Date.parse(record.endedAt) - Date.parse(record.startedAt)) / 1000)));
}

function TransferChip({ transfer }: { transfer: Transfer }) {
  const color = transfer.status === "completed" ? "success" : transfer.status === "failed" ? "error" : transfer.status === "recalling" ? "warning" : "default";
  return (
    <Chip
      size="small"
      variant="outlined"
      color={color}
      title={[transfer.reason, transfer.note].filter(Boolean).join(" — ") || undefined}
      label={`${transfer.mode} → ${transfer.target.label}: ${transfer.status}`}
    />
  );
}

/** The agent's after-call disposition and note, with the queue the call came from. */
function DispositionCell({ record }: { record: CallRecord }) {
  if (record.disposition == null) return record.queue == null ? null : <Typography variant="body2" color="text.secondary">{record.queue} · none</Typography>;
  return (
    <Box>
      <Chip size="small" color="primary" variant="outlined" label={record.queue == null ? record.disposition.disposition : `${record.queue}: ${record.disposition.disposition}`} />
      {record.disposition.note !== null && (
        <Typography variant="body2" sx={{ whiteSpace: "pre-wrap", mt: 0.5 }}>
          {record.disposition.note}
        </Typography>
      )}
    </Box>
  );
}

/** Recent calls with their transfers and dispositions, from the server (`callHistory()`). */
export function HistoryView() {
  const history = useAppStore((state) => state.history);
  const loading = useAppStore((state) => state.historyLoading);
  const error = useAppStore((state) => state.historyError);
  const { loadHistory } = useActions();
  return (
    <Box>
      <Stack direction="row" spacing={1} sx={{ alignItems: "center", mb: 1 }}>
        <Button variant="outlined" onClick={() => void loadHistory()} disabled={loading}>
          Refresh history
        </Button>
        {error !== null && (
          <Typography color="error" variant="body2">
            {error}
          </Typography>
        )}
      </Stack>
      {history.length === 0 ? (
        <Typography color="text.secondary" variant="body2">
          {loading ? "Loading…" : "No calls yet."}
        </Typography>
      ) : (
        <Table aria-label="Call history">
          <TableHead>
            <TableRow>
              <TableCell>Started</TableCell>
              <TableCell>Caller</TableCell>
              <TableCell>Duration</TableCell>
              <TableCell>Transfers</TableCell>
              <TableCell>Disposition</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {history.map((record) => (
              <TableRow key={record.id}>
                <TableCell sx={{ whiteSpace: "nowrap" }}>{new Date(record.startedAt).toLocaleString([], { dateStyle: "short", timeStyle: "short" })}</TableCell>
                <TableCell>
                  {record.remote.name}
                  {record.remote.number !== record.remote.name && (
                    <Typography component="span" color="text.secondary">
                      {" "}
                      {record.remote.number}
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={{ fontVariantNumeric: "tabular-nums" }}>{duration(record)}</TableCell>
                <TableCell>
                  <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: "wrap" }}>
                    {record.transfers.map((transfer) => (
                      <TransferChip key={transfer.id} transfer={transfer} />
                    ))}
                  </Stack>
                </TableCell>
                <TableCell>
                  <DispositionCell record={record} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
