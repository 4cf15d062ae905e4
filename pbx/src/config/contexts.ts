/** Dialplan context names; the server and tests refer to them, so they live in one place. */
export const CONTEXTS = {
  /** What agents' softphones dial. */
  agents: "handoff-agents",
  /** Where blind and attended transfers land (AMI BlindTransfer/Atxfer Context, SIP REFER via TRANSFER_CONTEXT). */
  transfer: "handoff-transfer",
  /** Gosub run when a transfer target does not answer: tells the server and recalls the transferer. */
  transferFailed: "handoff-transfer-failed",
  /** Pre-dial handler marking the recall INVITE so the softphone can say why it rings. */
  recallHeaders: "handoff-recall-headers",
  /** Test customers: Local/<ext>@handoff-inbound rings an agent or the queue like an inbound call. */
  inbound: "handoff-inbound",
  /** The customer's own half of a test call: answers and plays a known tone until hung up. */
  customer: "handoff-customer",
  /** A stand-in voice bot: Local/s@handoff-bot holds a caller until the server hands it to a human. */
  bot: "handoff-bot",
  /** Stand-in for a carrier: external numbers answer at once and play a different known tone. */
  outside: "handoff-outside",
} as const;

/** Numbers that leave the building: 0 and at least six more digits (7+ in all), or + and at least two digits. */
export const EXTERNAL_PATTERNS = ["_0XXXXX.", "_+X."] as const;
