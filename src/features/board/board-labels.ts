import type { BoardActivity, BoardState } from "@handoff/contract";

export const STATE_LABEL: Readonly<Record<BoardState, string>> = {
  offline: "Offline",
  available: "Available",
  ringing: "Ringing",
  on_call: "On a call",
  wrap_up: "Wrap-up",
  paused: "Paused",
};

export const STATE_COLOR: Readonly<Record<BoardState, string>> = {
  offline: "text.disabled",
  available: "success.dark",
  ringing: "warning.dark",
  on_call: "info.dark",
  wrap_up: "secondary.main",
  paused: "warning.main",
};

/** "Paused · Lunch", "On a call": what a supervisor reads in the state column. */
export function activityLabel(activity: BoardActivity): string {
  return activity.state === "paused" ? `${STATE_LABEL.paused} · ${activity.reason}` : STATE_LABEL[activity.state];
}
