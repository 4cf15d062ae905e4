import Box from "@mui/material/Box";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { AgentBoardRow, BOARD_COLUMNS, ROW_HEIGHT, type AskAction } from "./AgentBoardRow";

export interface AgentBoardListProps {
  ids: readonly string[];
  onAsk: AskAction;
  /** Rows in the DOM only where the list is scrolled to (default); off draws every row (the benchmark's baseline). */
  virtualized?: boolean;
  height?: number;
}

const HEADERS = ["Agent", "State", "In state", "Current call", "Transfers", "Queues", "Actions"];

/** Every agent, as an ARIA table whose rows are drawn only where the list is scrolled to. */
export function AgentBoardList({ ids, onAsk, virtualized = true, height = 520 }: AgentBoardListProps) {
  return (
    <Box role="table" aria-label="Agents" aria-rowcount={ids.length + 1} sx={{ border: 1, borderColor: "divider", borderRadius: 1 }}>
      <Box role="rowgroup">
        <Box role="row" aria-rowindex={1} sx={{ display: "grid", gridTemplateColumns: BOARD_COLUMNS, gap: 1, px: 1, py: 0.75, borderBottom: 1, borderColor: "divider", fontWeight: 700, fontSize: 13, color: "text.secondary" }}>
          {HEADERS.map((header) => (
            <Box key={header} role="columnheader">
              {header}
            </Box>
          ))}
        </Box>
      </Box>
      {virtualized ? <VirtualRows ids={ids} onAsk={onAsk} height={height} /> : <AllRows ids={ids} onAsk={onAsk} height={height} />}
    </Box>
  );
}

function VirtualRows({ ids, onAsk, height }: { ids: readonly string[]; onAsk: AskAction; height: number }) {
  const scroller = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (index) => ids[index] ?? index,
    // Before the first measurement (and where nothing measures, as in jsdom): the list's own height.
    initialRect: { width: 0, height },
  });
  return (
    <Box ref={scroller} role="rowgroup" sx={{ height, overflowY: "auto", position: "relative" }}>
      <Box sx={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const id = ids[item.index];
          return id === undefined ? null : <AgentBoardRow key={id} agentId={id} rowIndex={item.index + 2} onAsk={onAsk} top={item.start} />;
        })}
      </Box>
    </Box>
  );
}

function AllRows({ ids, onAsk, height }: { ids: readonly string[]; onAsk: AskAction; height: number }) {
  return (
    <Box role="rowgroup" sx={{ height, overflowY: "auto" }}>
      {ids.map((id, index) => (
        <AgentBoardRow key={id} agentId={id} rowIndex={index + 2} onAsk={onAsk} />
      ))}
    </Box>
  );
}
