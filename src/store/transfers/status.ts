import type { TransferStatus } from "@handoff/contract";

/**
 * The server owns a transfer's state machine (contract/src/transfers.ts):
 *
 *   initiated → ringing → answered → completed | cancelled
 *   any live status → failed | unknown
 *
 * The app only needs to know which statuses are still moving.
 */
const LIVE: ReadonlySet<TransferStatus> = new Set(["initiated", "ringing", "answered", "unknown"]);

export const isLiveTransfer = (status: TransferStatus) => LIVE.has(status);

/** An attended transfer can be completed once the target rings or answers (the server refuses earlier). */
export const canComplete = (status: TransferStatus) => status === "ringing" || status === "answered";

/** The steps the progress line shows, in order. */
export const PROGRESS_STEPS: readonly TransferStatus[] = ["initiated", "ringing", "answered", "completed"];
