import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import { memo } from "react";
import { useAppStore } from "../../store/react";
import { formatDuration } from "../appbar/use-elapsed";
import { MonitorMenu } from "../monitoring/MonitorMenu";
import { secondsSince, useNow } from "../queues/use-now";
import { activityLabel, STATE_COLOR } from "./board-labels";

export const ROW_HEIGHT = 40;

export type AskAction = (agentId: string, action: "signOut" | "endPause") => void;

/** The board's columns, shared by the header and every row so they line up. */
export const BOARD_COLUMNS = "minmax(140px, 1.4fr) minmax(130px, 1fr) 70px minmax(150px, 1.4fr) minmax(90px, 1fr) minmax(80px, 0.8fr) 190px";

export interface AgentBoardRowProps {
  agentId: string;
  /** 1-based, counting the header row (aria-rowindex). */
  rowIndex: number;
  onAsk: AskAction;
  /** Where a virtualized row sits; absent when rows flow one after another. */
  top?: number;
}

/**
 * One agent: reads its own row by id, so an event re-renders this row only. Times tick from one shared clock.
 * `data-state`/`data-since` say what the row shows, for the benchmark's probe and the e2e specs.
 */
export const AgentBoardRow = memo(function AgentBoardRow({ agentId, rowIndex, onAsk, top }: AgentBoardRowProps) {
  const agent = useAppStore((state) => state.boardAgents[agentId]);
  const pending = useAppStore((state) => state.supervisorRequests[agentId]);
  const now = useNow();
  if (agent === undefined) return null;
  const { activity, call } = agent;
  const inState = secondsSince(activity.since, now);
  const onCall = call === null ? null : secondsSince(call.since, now);
  const pausable = activity.state === "paused" || activity.state === "wrap_up";
  const label = activityLabel(activity);
  return (
    <Box
      role="row"
      aria-rowindex={rowIndex}
      aria-label={agent.name}
      data-agent-id={agentId}
      data-state={label}
      data-since={activity.since}
      sx={{
        display: "grid",
        gridTemplateColumns: BOARD_COLUMNS,
        alignItems: "center",
        gap: 1,
        px: 1,
        height: ROW_HEIGHT,
        borderBottom: 1,
        borderColor: "divider",
        fontSize: 14,
        ...(top === undefined ? {} : { position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${top}px)` }),
      }}
    >
      <Box role="cell" sx={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", fontWeight: 600 }}>
        {agent.name}
        <Box component="span" sx={{ color: "text.secondary", fontWeight: 400 }}>
          {" "}
          {agent.extension ?? ""}
        </Box>
      </Box>
      <Box role="cell" sx={{ color: STATE_COLOR[activity.state], fontWeight: 700, whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}>
        {label}
      </Box>
      <Box role="cell" sx={{ fontVariantNumeric: "tabular-nums" }} aria-label="Time in state">
        {inState === null ? "—" : formatDuration(inState)}
      </Box>
      <Box role="cell" sx={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }}>
        {call !== null && activity.state === "on_call" && <MonitorMenu agentId={agentId} name={agent.name} />}
        {call === null ? (
          <Box component="span" sx={{ color: "text.disabled" }}>
            —
          </Box>
        ) : (
          <>
            {call.remote.name !== "" ? call.remote.name : call.remote.number}
            {call.queue !== null && ` (${call.queue})`}
            {onCall !== null && <Box component="span" sx={{ fontVariantNumeric: "tabular-nums" }}>{` · ${formatDuration(onCall)}`}</Box>}
          </>
        )}
      </Box>
      <Box role="cell" sx={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" }} title={agent.transfers.map((t) => `${t.target}: ${t.status}`).join(", ")}>
        {agent.transfers.length === 0 ? "—" : agent.transfers.map((t) => `→ ${t.target} ${t.status}`).join(", ")}
      </Box>
      <Box role="cell" sx={{ overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", color: "text.secondary" }}>
        {agent.queues.length === 0 ? "no queues" : agent.queues.join(", ")}
      </Box>
      <Box role="cell" sx={{ display: "flex", gap: 0.5 }}>
        <Button size="small" disabled={agent.queues.length === 0 || pending !== undefined} onClick={() => onAsk(agentId, "signOut")} aria-label={`Sign ${agent.name} out of queues`}>
          {pending === "signOut" ? "Signing out…" : "Sign out"}
        </Button>
        <Button size="small" disabled={!pausable || pending !== undefined} onClick={() => onAsk(agentId, "endPause")} aria-label={`End ${agent.name}'s pause`}>
          {pending === "endPause" ? "Ending…" : "End pause"}
        </Button>
      </Box>
    </Box>
  );
});
