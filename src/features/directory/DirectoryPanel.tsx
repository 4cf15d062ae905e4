import Box from "@mui/material/Box";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { selectColleagues } from "../../store/directory/selectors";
import { useAppStore } from "../../store/react";

const PRESENCE_COLOR = { available: "success.dark", ringing: "warning.dark", busy: "warning.dark", away: "text.secondary", offline: "text.disabled" } as const;

/** Colleagues and their live presence (`presence.updated`), available first. */
export function DirectoryPanel() {
  const colleagues = useAppStore(useShallow(selectColleagues));
  const error = useAppStore((state) => state.directoryError);
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = colleagues.filter((entry) => needle === "" || entry.name.toLowerCase().includes(needle) || (entry.extension ?? "").includes(needle));
  return (
    <Box>
      <TextField label="Filter directory" type="search" value={filter} onChange={(event) => setFilter(event.target.value)} sx={{ mb: 1, minWidth: 240 }} />
      {error !== null && (
        <Typography color="error" variant="body2">
          {error}
        </Typography>
      )}
      <Table aria-label="Directory">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Extension</TableCell>
            <TableCell>Presence</TableCell>
            <TableCell>Since</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell>{entry.name}</TableCell>
              <TableCell>{entry.extension ?? "—"}</TableCell>
              <TableCell sx={{ color: PRESENCE_COLOR[entry.presence], fontWeight: 600 }}>
                {entry.presence}
                {entry.queuePause != null && (
                  <Typography component="span" variant="body2" sx={{ ml: 0.75, color: "warning.dark" }}>
                    · paused: {entry.queuePause.reason} since {new Date(entry.queuePause.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{new Date(entry.since).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
