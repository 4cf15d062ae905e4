import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { ChangeEvent } from "react";
import { useCallback, useEffect, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { selectBoardRows, selectStateCounts } from "../../store/board/selectors";
import type { BoardFilter } from "../../store/board/state";
import { useActions, useAppStore } from "../../store/react";
import { AgentBoardList } from "./AgentBoardList";
import type { AskAction } from "./AgentBoardRow";
import { AuditTrail } from "./AuditTrail";
import { STATE_LABEL } from "./board-labels";
import { ConfirmSupervisorAction, type PendingConfirmation } from "./ConfirmSupervisorAction";
import { QueueFiguresTable } from "./QueueFiguresTable";

const FILTERS = ["all", ...(Object.keys(STATE_LABEL) as Array<keyof typeof STATE_LABEL>)] as const satisfies readonly BoardFilter[];

/**
 * The supervisor's board: every queue and every agent, live from the real-time channel (a snapshot when
 * opened and after a reconnect, then `board.agent` and `queue.figures` events; no polling).
 */
export function SupervisorBoard({ virtualized = true }: { virtualized?: boolean }) {
  const loaded = useAppStore((state) => state.boardLoaded);
  const loading = useAppStore((state) => state.boardLoading);
  const error = useAppStore((state) => state.boardError);
  const ids = useAppStore(useShallow(selectBoardRows));
  const total = useAppStore((state) => state.boardOrder.length);
  const { loadBoard } = useActions();
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const onAsk = useCallback<AskAction>((agentId, action) => setPending({ agentId, action }), []);

  useEffect(() => {
    if (!loaded) void loadBoard();
  }, [loaded, loadBoard]);

  return (
    <Box component="section" aria-label="Supervisor board">
      {error !== null && (
        <Box role="alert" sx={{ color: "error.main", mb: 1, display: "flex", gap: 1, alignItems: "center" }}>
          {error}
          <Button size="small" onClick={() => void loadBoard()} disabled={loading}>
            Try again
          </Button>
        </Box>
      )}
      {!loaded ? (
        <Typography color="text.secondary">{loading ? "Loading the board…" : ""}</Typography>
      ) : (
        <>
          <QueueFiguresTable />
          <BoardFilters shown={ids.length} total={total} />
          <AgentBoardList ids={ids} onAsk={onAsk} virtualized={virtualized} />
          <AuditTrail />
        </>
      )}
      <ConfirmSupervisorAction pending={pending} onClose={() => setPending(null)} />
    </Box>
  );
}

// Each part reads only what it shows: at hundreds of events a second, the search field must not re-render with the counts.
function BoardFilters({ shown, total }: { shown: number; total: number }) {
  return (
    <Box sx={{ display: "flex", gap: 1, alignItems: "center", mb: 1, flexWrap: "wrap" }}>
      <AgentSearch />
      <StateFilter total={total} />
      <Typography variant="body2" color="text.secondary" role="status" aria-label="Agents shown">
        {shown} of {total} agents
      </Typography>
    </Box>
  );
}

function AgentSearch() {
  const search = useAppStore((state) => state.boardSearch);
  const { setBoardSearch } = useActions();
  return <TextField size="small" type="search" label="Find agent" value={search} onChange={(event) => setBoardSearch(event.target.value)} />;
}

function StateFilter({ total }: { total: number }) {
  const filter = useAppStore((state) => state.boardFilter);
  const counts = useAppStore(useShallow(selectStateCounts));
  const { setBoardFilter } = useActions();
  return (
    <>
      <Box component="label" htmlFor="board-filter" sx={{ fontSize: 14, color: "text.secondary" }}>
        State
      </Box>
      <Box
        component="select"
        id="board-filter"
        value={filter}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => setBoardFilter(event.target.value as BoardFilter)}
        sx={{ height: 34, px: 1, font: "inherit", border: 1, borderColor: "divider", borderRadius: 1, bgcolor: "background.paper" }}
      >
        {FILTERS.map((value) => (
          <option key={value} value={value}>
            {value === "all" ? `Everyone (${total})` : `${STATE_LABEL[value]} (${counts[value] ?? 0})`}
          </option>
        ))}
      </Box>
    </>
  );
}
