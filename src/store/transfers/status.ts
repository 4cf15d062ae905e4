import type { Transfer, TransferStatus } from "@handoff/contract";

/**
 * The server owns a transfer's state machine (contract/src/transfers.ts):
 *
 *   initiated → ringing → (answered →) completed | cancelled
 *   any live status → recalling (the target did not take the caller, who comes back to a human) → failed
 *   any live status → failed | unknown
 *
 * The app only needs to know which statuses are still moving, what the agent may still ask,
 * and which steps to draw.
 */
const LIVE: ReadonlySet<TransferStatus> = new Set(["initiated", "ringing", "answered", "recalling", "unknown"]);

export const isLiveTransfer = (status: TransferStatus) => LIVE.has(status);

/** An attended transfer can be completed once the target rings or answers (the server refuses earlier). */
export const canComplete = (status: TransferStatus) => status === "ringing" || status === "answered";

/** Once the caller is on the way back (recalling), there is nothing left to cancel. */
export const canCancel = (status: TransferStatus) => isLiveTransfer(status) && status !== "recalling";

/** The road a transfer takes when all goes well. After the agent completes an attended transfer, it is a blind one's. */
const HAPPY_PATH: Record<Transfer["mode"], readonly TransferStatus[]> = {
  blind: ["initiated", "ringing", "completed"],
  attended: ["initiated", "ringing", "answered", "completed"],
};

export interface ProgressStep {
  status: TransferStatus;
  /** done: passed; current: where the transfer is (or ended); todo: still ahead on the happy path. */
  state: "done" | "current" | "todo";
}

/**
 * The steps the progress line shows: the statuses the transfer went through (its history), then,
 * while it is live on the happy path, the ones still ahead. A recall shows as a step of its own:
 * initiated → ringing → recalling → failed.
 */
export function progressSteps(transfer: Pick<Transfer, "mode" | "status" | "history">, handedOver = false): ProgressStep[] {
  const visited: TransferStatus[] = [];
  for (const status of [...transfer.history.map((step) => step.status), transfer.status]) {
    if (visited.at(-1) !== status) visited.push(status);
  }
  const steps: ProgressStep[] = visited.map((status, index) => ({ status, state: index === visited.length - 1 ? "current" : "done" }));
  const happy = HAPPY_PATH[handedOver ? "blind" : transfer.mode];
  const at = happy.indexOf(transfer.status);
  if (isLiveTransfer(transfer.status) && at >= 0) {
    for (const status of happy.slice(at + 1)) steps.push({ status, state: "todo" });
  }
  return steps;
}
