/**
 * The one module of names shared by the dialplan and the server. The dialplan text is generated from
 * these constants and the server matches AMI events against them, so neither side spells a name itself.
 */

/** Dialplan contexts the Handoff server relies on. */
export const HANDOFF_CONTEXTS = { transfer: "handoff-transfer", handoff: "handoff-handoff", transferFailed: "handoff-transfer-failed", recallHeaders: "handoff-recall-headers", fallback: "handoff-fallback" } as const;

/**
 * Pre-dial handler (Dial/Queue `b()`) and Gosub target that arms the transfer features on an agent's channel with
 * per-channel random codes. Not among HANDOFF_CONTEXTS: no caller ever waits in it.
 */
export const TRANSFER_CODES_CONTEXT = "handoff-transfer-codes";

/** AMI UserEvents the dialplan emits for the server (read class "user"). */
export const USER_EVENTS = { transferFailed: "HandoffTransferFailed", recallFailed: "HandoffRecallFailed", callerQueued: "HandoffCallerQueued", callerHeld: "HandoffCallerHeld", numberRefused: "HandoffNumberRefused" } as const;

/** HandoffTransferFailed's Next field: what the dialplan does with the caller after a failed target. */
export const NEXT_STEPS = { recall: "recall", fallback: "fallback", back: "back" } as const;

/** `[globals]` the product dialplan reads at dial time: `dialplan reload` or AMI Setvar changes the next call. */
export const GLOBALS = { transferRing: "HANDOFF_TRANSFER_RING_SECONDS", recallRing: "HANDOFF_RECALL_RING_SECONDS", fallbackQueue: "HANDOFF_FALLBACK_QUEUE", holdRetry: "HANDOFF_HOLD_RETRY_SECONDS" } as const;

/**
 * The fields of each UserEvent, by the key of USER_EVENTS. AMI itself adds Channel, Uniqueid and Linkedid
 * of the channel that runs the dialplan (the caller's, or the Local ;2 half of an attended consultation).
 */
export const USER_EVENT_FIELDS = {
  transferFailed: {
    /** The extension or number that failed (digits, and * # + for the catch-all). */
    target: "Target",
    /** DIALSTATUS or QUEUESTATUS of the failed attempt (CHANUNAVAIL, NOANSWER, BUSY, JOINEMPTY, TIMEOUT, INVALID...). */
    dialStatus: "DialStatus",
    /** One of NEXT_STEPS. */
    next: "Next",
    /** The endpoint that is rung back (PJSIP/1001) when Next is recall; empty otherwise. */
    recallTo: "RecallTo",
  },
  recallFailed: {
    recallTo: "RecallTo",
    /** DIALSTATUS of the recall (NOANSWER, BUSY, CHANUNAVAIL...). */
    dialStatus: "DialStatus",
  },
  callerQueued: {
    /** The fallback queue's name. */
    queue: "Queue",
  },
  numberRefused: {
    /** The outside number the dial policy refused, before any Dial. */
    number: "Number",
    /** The rule it broke (DIAL_RULES of dial-policy.ts: format, max-length, blocked-prefix, not-allowed-prefix). */
    rule: "Rule",
  },
  callerHeld: {
    queue: "Queue",
    /** QUEUESTATUS when the queue let the caller go (JOINEMPTY, LEAVEEMPTY...); the caller is on hold and tried again. */
    queueStatus: "QueueStatus",
  },
} as const satisfies { readonly [K in keyof typeof USER_EVENTS]: Readonly<Record<string, string>> };

export type HandoffContext = (typeof HANDOFF_CONTEXTS)[keyof typeof HANDOFF_CONTEXTS];
export type UserEventName = (typeof USER_EVENTS)[keyof typeof USER_EVENTS];
export type NextStep = (typeof NEXT_STEPS)[keyof typeof NEXT_STEPS];
export type UserEventKey = keyof typeof USER_EVENTS;

/** The body of one UserEvent as the server reads it: AMI field name to value. */
export type UserEventBody<K extends UserEventKey> = {
  readonly [F in (typeof USER_EVENT_FIELDS)[K][keyof (typeof USER_EVENT_FIELDS)[K]] & string]: string;
};
