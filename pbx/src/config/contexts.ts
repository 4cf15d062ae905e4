import { HANDOFF_CONTEXTS } from "@handoff/dialplan";

/** The demo and test contexts of this PBX; the product contexts and their names live in dialplan/. */
export const DEMO_CONTEXTS = {
  /** What agents' softphones dial. */
  agents: "handoff-agents",
  /** Test customers: Local/<ext>@handoff-inbound rings an agent or the queue like an inbound call. */
  inbound: "handoff-inbound",
  /** The customer's own half of a test call: answers and plays a known tone until hung up. */
  customer: "handoff-customer",
  /** A stand-in voice bot: Local/s@handoff-bot holds a caller until the server hands it to a human. */
  bot: "handoff-bot",
  /** Stand-in for a carrier: external numbers answer at once and play a different known tone. */
  outside: "handoff-outside",
} as const;

/** Every context of the generated dialplan: the product's (transfer, handoff, transferFailed, recallHeaders, fallback) and the demo's. */
export const CONTEXTS = { ...HANDOFF_CONTEXTS, ...DEMO_CONTEXTS } as const;

/** Numbers that leave the building: 0 and at least six more digits (7+ in all), or + and at least two digits. */
export const EXTERNAL_PATTERNS = ["_0XXXXX.", "_+X."] as const;
