import { GLOBALS, HANDOFF_CONTEXTS, NEXT_STEPS, TRANSFER_CODES_CONTEXT, USER_EVENT_FIELDS, USER_EVENTS } from "./names";
import type { UserEventKey } from "./names";
import type { Context, Extension, Step } from "./render";
import { DEFAULT_DIAL_POLICY, dialPolicySteps, type DialPolicy } from "./dial-policy";
import { TRUNK_INBOUND_CONTEXT, type Trunk } from "./trunks";

/** A queue the server may transfer to: its name in queues.conf and the extension that reaches it. */
export interface HandoffQueue {
  readonly name: string;
  readonly extension: string;
}

/** What the product contexts are generated from: the PBX's own extensions, queues and outside numbers. */
export interface HandoffDialplanInput {
  /** Agents' extensions; each one rings the PJSIP endpoint of the same name. */
  readonly agentExtensions: readonly string[];
  readonly queues: readonly HandoffQueue[];
  /** Extension patterns of outside numbers (`_0XXXXX.`, `_+X.`); their digits are checked before they are dialled. */
  readonly externalPatterns: readonly string[];
  /** What Dial rings for an outside number, with `${EXTEN}` for the number: `PJSIP/${EXTEN}@trunk`, `Local/${EXTEN}@outside`. */
  readonly outsideLine: string;
  /** Which outside numbers may be dialled; checked before any Dial. The default is DEFAULT_DIAL_POLICY. */
  readonly dialPolicy?: DialPolicy;
  /** Other PBXs whose extensions are transfer targets, dialled as <prefix><extension> (trunks.ts). */
  readonly trunks?: readonly Pick<Trunk, "name" | "prefix">[];
}

/** The `[globals]` the product contexts read. */
export interface HandoffSettings {
  /** How long a transfer target rings before the transfer counts as failed. */
  readonly transferRingSeconds: number;
  /** How long the transferring agent rings when a failed transfer comes back. */
  readonly recallRingSeconds: number;
  /** How long a caller nobody can take hears music on hold before the fallback queue is tried again. */
  readonly holdRetrySeconds: number;
  /** The queue of last resort: a caller whose transfer, recall or handoff failed waits here until someone answers. */
  readonly fallbackQueue: string;
}

export const HANDOFF_DEFAULTS = { transferRingSeconds: 20, recallRingSeconds: 30, holdRetrySeconds: 10 } as const;

/**
 * Slack on top of transfer ring + recall ring before Asterisk's own attended-transfer timer may fire.
 * That timer starts when the consultation starts; the dialplan must have answered the caller's leg
 * (recall answered, or the fallback's Answer()) well before it ends.
 */
export const ATXFER_MARGIN_SECONDS = 15;

/**
 * features.conf `atxfernoanswertimeout`: longer than everything the dialplan does for a failed attended
 * target (transfer ring, then recall ring, then the fallback answers), so Asterisk's own features recall,
 * which hangs the caller up when the transferer does not answer it, never runs.
 */
export function atxferNoAnswerTimeoutSeconds(settings: Pick<HandoffSettings, "transferRingSeconds" | "recallRingSeconds">): number {
  return settings.transferRingSeconds + settings.recallRingSeconds + ATXFER_MARGIN_SECONDS;
}

export class HandoffDialplanInputError extends Error {
  override readonly name = "HandoffDialplanInputError";
  constructor(problem: string) {
    super(`Cannot generate the Handoff dialplan: ${problem}.`);
  }
}

/** Channel variables the product contexts keep on the caller's channel (not inherited: no leading _). */
const VARS = {
  /** `handoff` on a caller a bot handed over (HANDOFF_CONTEXTS.handoff): a failure goes to the fallback, never to a recall. */
  kind: "HANDOFF_KIND",
  failedTarget: "HANDOFF_FAILED_TARGET",
  failedStatus: "HANDOFF_FAILED_STATUS",
  next: "HANDOFF_NEXT",
  recallTo: "HANDOFF_RECALL_TO",
  /** The fallback's last announced state, so each UserEvent is sent once per change: "", queued or held. */
  fallbackState: "HANDOFF_FALLBACK_STATE",
} as const;
const HANDOFF_KIND = "handoff";
/** Extension of the transfer-failed context that rings the transferer back. */
const RECALL_EXTEN = "recall";

const v = (name: string): string => `\${${name}}`;

function userEvent<K extends UserEventKey>(key: K, values: { readonly [F in keyof (typeof USER_EVENT_FIELDS)[K]]: string }): string {
  const fields = USER_EVENT_FIELDS[key] as Readonly<Record<string, string>>;
  const body = Object.entries(values as Readonly<Record<string, string>>).map(([field, value]) => `${fields[field]}: ${value}`);
  return `UserEvent(${[USER_EVENTS[key], ...body].join(",")})`;
}

// Values that reach Gosub/UserEvent arguments must not hold "," ")" or quotes. Exact extensions are
// checked here at generation time; what a wildcard (. !) matched is checked in the dialplan, whose
// REGEX reads its whole argument after the quoted expression, so the value cannot escape it.
const EXTENSION = /^[0-9]{1,20}$/;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const EXTERNAL_PATTERN = /^_[0-9XZN+.[\]-]+$/;
const OUTSIDE_LINE = /^[A-Za-z0-9_/@.:-]*\$\{EXTEN\}[A-Za-z0-9_/@.:-]*$/;
const DIGITS = "^[0-9]+$";
const PLUS_DIGITS = "^[+][0-9]+$";
const NUMBER = "^[+]?[0-9]+$";
/** A PJSIP channel name: endpoint, then -<8 hex digits> which ${X:0:-9} cuts to leave the endpoint. */
const PJSIP_CHANNEL = "^PJSIP/.+-[0-9a-f]{8}$";

const matches = (regex: string, value: string): string => `\${REGEX("${regex}" ${value})}`;

function check(input: HandoffDialplanInput, settings: HandoffSettings): void {
  for (const extension of [...input.agentExtensions, ...input.queues.map((queue) => queue.extension)])
    if (!EXTENSION.test(extension)) throw new HandoffDialplanInputError(`extension ${JSON.stringify(extension)} must be 1-20 digits`);
  for (const name of [...input.queues.map((queue) => queue.name), settings.fallbackQueue])
    if (!QUEUE_NAME.test(name)) throw new HandoffDialplanInputError(`queue name ${JSON.stringify(name)} must be letters, digits, _ or -`);
  for (const pattern of input.externalPatterns)
    if (!EXTERNAL_PATTERN.test(pattern)) throw new HandoffDialplanInputError(`external pattern ${JSON.stringify(pattern)} must start with _ and hold only digits, X Z N [ ] - + and . (no !)`);
  if (!OUTSIDE_LINE.test(input.outsideLine)) throw new HandoffDialplanInputError(`outside line ${JSON.stringify(input.outsideLine)} must be one dial string containing \${EXTEN}, without , & ( ) or spaces`);
  for (const trunk of input.trunks ?? []) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(trunk.name) || !/^[1-9][0-9]{0,3}$/.test(trunk.prefix)) throw new HandoffDialplanInputError(`trunk ${JSON.stringify(trunk.name)} with prefix ${JSON.stringify(trunk.prefix)} is not a checked trunk (trunks.ts parseTrunks)`);
    const taken = [...input.agentExtensions, ...input.queues.map((queue) => queue.extension)].find((extension) => extension.startsWith(trunk.prefix));
    // An exact extension wins over the trunk's pattern: that remote extension could never be reached.
    if (taken !== undefined) throw new HandoffDialplanInputError(`trunk ${trunk.name}'s prefix ${trunk.prefix} starts extension ${taken}: give the trunk a prefix no agent or queue extension starts with`);
  }
  for (const [name, seconds] of [["transferRingSeconds", settings.transferRingSeconds], ["recallRingSeconds", settings.recallRingSeconds], ["holdRetrySeconds", settings.holdRetrySeconds]] as const)
    if (!Number.isInteger(seconds) || seconds < 1) throw new HandoffDialplanInputError(`${name} must be a whole number of seconds, at least 1 (got ${seconds})`);
}

/** `[globals]` lines of the product dialplan, `NAME = value`. */
export function handoffGlobals(settings: HandoffSettings): string[] {
  return [
    `${GLOBALS.transferRing} = ${settings.transferRingSeconds}`,
    `${GLOBALS.recallRing} = ${settings.recallRingSeconds}`,
    `${GLOBALS.fallbackQueue} = ${settings.fallbackQueue}`,
    `${GLOBALS.holdRetry} = ${settings.holdRetrySeconds}`,
  ];
}

/**
 * Agents' phones must not transfer by themselves: features.conf maps no blindxfer or atxfer code, so no DTMF a
 * phone sends can start a transfer. Every agent channel that joins a call with the t/T options first runs this
 * context (Dial/Queue pre-dial handler `b()`, or a Gosub on the agent's own outgoing channel), which sets the
 * attended-transfer codes on that channel only, to random 8-digit values nobody is told. AMI Atxfer and
 * CancelAtxfer read the channel's own codes (FEATUREMAP/FEATURE) and queue them, so the server's transfers work
 * while a phone would have to guess 8 digits per try. Asterisk installs the bridge's DTMF hooks when the
 * channel joins the bridge, which is why the codes are set before the call, not just before a transfer.
 */
export const TRANSFER_CODE_DIGITS = 8;
const randomCode = `\${RAND(1${"0".repeat(TRANSFER_CODE_DIGITS - 1)},${"9".repeat(TRANSFER_CODE_DIGITS)})}`;
/** Dial/Queue option that arms the transfer codes on each channel it rings. */
export const ARM_CALLEE = `b(${TRANSFER_CODES_CONTEXT}^s^1)`;
/** Step that arms them on the channel running the dialplan (an agent placing a call). */
export const ARM_SELF = `Gosub(${TRANSFER_CODES_CONTEXT},s,1)`;

function transferCodesContext(): Context {
  return {
    name: TRANSFER_CODES_CONTEXT,
    comment:
      `Arms Asterisk's attended-transfer feature on this channel only, with random codes: features.conf maps none,\n` +
      `so a phone cannot transfer by DTMF; AMI Atxfer and CancelAtxfer queue the channel's own codes.`,
    extensions: [
      {
        pattern: "s",
        steps: [
          `Set(FEATUREMAP(atxfer)=${randomCode})`,
          `Set(FEATURE(atxferabort)=${randomCode})`,
          `Set(FEATURE(atxfercomplete)=${randomCode})`,
          `Set(FEATURE(atxferthreeway)=${randomCode})`,
          `Set(FEATURE(atxferswap)=${randomCode})`,
          "Return()",
        ],
      },
    ],
  };
}

const failed = (target: string, status: string): string => `Gosub(${HANDOFF_CONTEXTS.transferFailed},s,1(${target},${status}))`;

/**
 * Steps for an outside number in `${EXTEN}`: only a plain number that the dial policy allows reaches `dial`;
 * anything else runs `onInvalid` (not a number) or, after a HandoffNumberRefused UserEvent, `onRefused`.
 */
export function outsideNumberSteps(policy: DialPolicy, dial: readonly Step[], onInvalid: readonly Step[], onRefused: readonly Step[]): Step[] {
  const [firstInvalid, ...restInvalid] = onInvalid;
  const [firstRefused, ...restRefused] = onRefused;
  if (firstInvalid === undefined || firstRefused === undefined || typeof firstInvalid !== "string" || typeof firstRefused !== "string") throw new HandoffDialplanInputError("outside-number failure steps must start with a plain step");
  return [
    // "." matches any character: only a plain number goes on.
    `GotoIf(${matches(NUMBER, "${EXTEN}")}?:invalid)`,
    ...dialPolicySteps(policy, "refused"),
    ...dial,
    { label: "invalid", app: firstInvalid },
    ...restInvalid,
    { label: "refused", app: userEvent("numberRefused", { number: "${EXTEN}", rule: "${HANDOFF_DIAL_RULE}" }) },
    firstRefused,
    ...restRefused,
  ];
}

function transferContext(input: HandoffDialplanInput): Context {
  const ring = v(GLOBALS.transferRing);
  const onFailure = (status: string): Step[] => [failed("${EXTEN}", status), "Hangup()"];
  return {
    name: HANDOFF_CONTEXTS.transfer,
    comment:
      `Where transfers land: AMI BlindTransfer/Atxfer, SIP REFER and the DTMF codes (TRANSFER_CONTEXT), and\n` +
      `${HANDOFF_CONTEXTS.handoff}. A target that does not answer within ${GLOBALS.transferRing}, is busy, unregistered\n` +
      `or unknown goes to ${HANDOFF_CONTEXTS.transferFailed}, which decides where the caller goes. Only the\n` +
      `"back" decision returns here, and then this leg (an attended consultation) hangs up.`,
    extensions: [
      ...input.agentExtensions.map((extension) => ({ pattern: extension, steps: [`Dial(PJSIP/${extension},${ring},t${ARM_CALLEE})`, ...onFailure("${DIALSTATUS}")] })),
      ...input.queues.map((queue) => ({
        pattern: queue.extension,
        // The 5th argument bounds the whole wait; QUEUESTATUS says why it ended (TIMEOUT; JOINEMPTY when no member is registered).
        steps: [`Queue(${queue.name},t${ARM_CALLEE},,,${ring})`, ...onFailure("${QUEUESTATUS}")],
      })),
      ...input.externalPatterns.map(
        (pattern): Extension => ({
          pattern,
          steps: outsideNumberSteps(
            input.dialPolicy ?? DEFAULT_DIAL_POLICY,
            [`Dial(${input.outsideLine},${ring},t)`, ...onFailure("${DIALSTATUS}")],
            [failed("${FILTER(0-9+,${EXTEN})}", "INVALID"), "Hangup()"],
            // A number the policy refuses fails like an unknown one: the caller is looked after, never dialled out.
            [failed("${EXTEN}", "INVALID"), "Hangup()"],
          ),
        }),
      ),
      ...(input.trunks ?? []).map((trunk): Extension => ({
        pattern: `_${trunk.prefix}X.`,
        steps: [
          // "." matches any character: only digits reach the dial string.
          `GotoIf(${matches(`^${trunk.prefix}[0-9]+$`, "${EXTEN}")}?:invalid)`,
          `Dial(PJSIP/\${EXTEN:${trunk.prefix.length}}@${trunk.name},${ring})`,
          // CHANUNAVAIL from a trunk is no unregistered phone: a 404 there (cause 1, unallocated) is a number that
          // does not exist; anything else is the remote PBX not reached (no route, no answer to the INVITE, 503).
          'ExecIf($["${DIALSTATUS}" = "CHANUNAVAIL" & "${HANGUPCAUSE}" = "1"]?Set(DIALSTATUS=INVALID))',
          'ExecIf($["${DIALSTATUS}" = "CHANUNAVAIL"]?Set(DIALSTATUS=CONGESTION))',
          ...onFailure("${DIALSTATUS}"),
          { label: "invalid", app: failed("${FILTER(0-9,${EXTEN})}", "INVALID") },
          "Hangup()",
        ],
      })),
      // Unknown numbers must exist as an extension, or BlindTransfer refuses them and the caller is never
      // looked after. "!" matches anything after the first character: only those characters are passed on.
      { pattern: "_[0-9*#+]!", steps: [failed("${FILTER(0-9*#+,${EXTEN})}", "INVALID"), "Hangup()"] },
    ],
  };
}

function handoffContext(): Context {
  const mark: Step[] = [`Set(${VARS.kind}=${HANDOFF_KIND})`, "Set(BLINDTRANSFER=)"];
  const landing = (pattern: string, regex: string, allowed: string): Extension => ({
    pattern,
    steps: [
      ...mark,
      `GotoIf(${matches(regex, "${EXTEN}")}?:invalid)`,
      `Goto(${HANDOFF_CONTEXTS.transfer},\${EXTEN},1)`,
      { label: "invalid", app: failed(`\${FILTER(${allowed},\${EXTEN})}`, "INVALID") },
      "Hangup()",
    ],
  });
  return {
    name: HANDOFF_CONTEXTS.handoff,
    comment:
      `Where a bot hands its caller to a human: the server Redirects the caller here with the target's extension.\n` +
      `Marks the channel (${VARS.kind}=${HANDOFF_KIND}; a stale BLINDTRANSFER from an earlier transfer is cleared so\n` +
      `nobody is recalled), then rings the target like a transfer. If the target fails the caller goes to\n` +
      `${HANDOFF_CONTEXTS.fallback}. Only digits (and a leading +) are accepted; anything else fails at once.`,
    extensions: [
      landing("_X.", DIGITS, "0-9"),
      landing("_+X.", PLUS_DIGITS, "0-9+"),
      // Any other extension (a single digit, letters): the caller still is not dropped.
      { pattern: "i", steps: [...mark, failed("${FILTER(0-9+,${INVALID_EXTEN})}", "INVALID"), "Hangup()"] },
    ],
  };
}

function transferFailedContext(): Context {
  const next = v(VARS.next);
  const recallTo = v(VARS.recallTo);
  return {
    name: HANDOFF_CONTEXTS.transferFailed,
    comment:
      `Gosub(${HANDOFF_CONTEXTS.transferFailed},s,1(<target>,<status>)) on the channel whose target failed. Next step:\n` +
      `  recall   a blind transfer: Asterisk set BLINDTRANSFER on the caller to the transferer's channel\n` +
      `           (PJSIP/1001-00000003); cutting -<8 hex> gives the endpoint to ring back.\n` +
      `  fallback a bot handoff (${VARS.kind}=${HANDOFF_KIND}), or no transferer to ring back.\n` +
      `  back     an attended consultation (this is the Local ;2 half Atxfer dialled: Asterisk set TRANSFERERNAME on\n` +
      `           ;1 and Local copied it here) whose transferer still exists: Return, the leg hangs up and\n` +
      `           Asterisk puts the agent back with the caller.\n` +
      `  recall   the same consultation when the transferer is gone (hung up, or the transfer was completed while\n` +
      `           the target rang: the caller is already bridged with ;1): ring the transferer's endpoint.\n` +
      `${USER_EVENTS.transferFailed} is sent before acting. A recall nobody answers goes to the fallback: never Hangup the caller.`,
    extensions: [
      {
        pattern: "s",
        steps: [
          `Set(${VARS.failedTarget}=\${ARG1})`,
          `Set(${VARS.failedStatus}=\${ARG2})`,
          `Set(${VARS.recallTo}=)`,
          `Set(${VARS.next}=${NEXT_STEPS.fallback})`,
          `GotoIf(${matches(PJSIP_CHANNEL, "${BLINDTRANSFER}")}?blind)`,
          `GotoIf($["${v(VARS.kind)}" = "${HANDOFF_KIND}"]?tell)`,
          "GotoIf(${LEN(${TRANSFERERNAME})}?:tell)",
          "GotoIf(${CHANNEL_EXISTS(${TRANSFERERNAME})}?back)",
          `GotoIf(${matches(PJSIP_CHANNEL, "${TRANSFERERNAME}")}?:tell)`,
          `Set(${VARS.recallTo}=\${TRANSFERERNAME:0:-9})`,
          `Set(${VARS.next}=${NEXT_STEPS.recall})`,
          "Goto(tell)",
          { label: "back", app: `Set(${VARS.next}=${NEXT_STEPS.back})` },
          "Goto(tell)",
          { label: "blind", app: `Set(${VARS.recallTo}=\${BLINDTRANSFER:0:-9})` },
          `Set(${VARS.next}=${NEXT_STEPS.recall})`,
          // AMI adds the channel's Channel/Uniqueid/Linkedid to every UserEvent; repeating them would duplicate the keys.
          { label: "tell", app: userEvent("transferFailed", { target: v(VARS.failedTarget), dialStatus: v(VARS.failedStatus), next, recallTo }) },
          `GotoIf($["${next}" = "${NEXT_STEPS.back}"]?return)`,
          // Recall and fallback never come back to the transfer context.
          "StackPop()",
          `GotoIf($["${next}" = "${NEXT_STEPS.recall}"]?${RECALL_EXTEN},1)`,
          `Goto(${HANDOFF_CONTEXTS.fallback},s,1)`,
          { label: "return", app: "Return()" },
        ],
      },
      {
        pattern: RECALL_EXTEN,
        steps: [
          `Dial(${recallTo},${v(GLOBALS.recallRing)},tb(${HANDOFF_CONTEXTS.recallHeaders}^s^1(${v(VARS.failedTarget)},${v(VARS.failedStatus)})))`,
          // Answered: the bridge has ended (Dial without g hangs up itself); nothing is left to do.
          'GotoIf($["${DIALSTATUS}" = "ANSWER"]?answered)',
          userEvent("recallFailed", { recallTo, dialStatus: "${DIALSTATUS}" }),
          `Goto(${HANDOFF_CONTEXTS.fallback},s,1)`,
          { label: "answered", app: "Hangup()" },
        ],
      },
    ],
  };
}

function recallHeadersContext(): Context {
  return {
    name: HANDOFF_CONTEXTS.recallHeaders,
    comment: "Pre-dial handler on the recall INVITE: the softphone can show which transfer came back and why.",
    extensions: [
      {
        pattern: "s",
        steps: ["Set(PJSIP_HEADER(add,X-Handoff-Recall-Target)=${ARG1})", "Set(PJSIP_HEADER(add,X-Handoff-Recall-Status)=${ARG2})", ARM_SELF, "Return()"],
      },
    ],
  };
}

function fallbackContext(): Context {
  const queue = v(GLOBALS.fallbackQueue);
  const state = v(VARS.fallbackState);
  return {
    name: HANDOFF_CONTEXTS.fallback,
    comment:
      `The last resort, never left until someone takes the caller. Answer() first: after an attended transfer\n` +
      `completed while the target rang, this is the Local ;2 half, and answering it completes Asterisk's transfer\n` +
      `onto us instead of Asterisk's own features recall (which drops the caller). Then the ${GLOBALS.fallbackQueue}\n` +
      `queue without a timeout; when the queue lets the caller go (JOINEMPTY/LEAVEEMPTY: no member registered),\n` +
      `music on hold for ${GLOBALS.holdRetry} and the queue again. ${USER_EVENTS.callerQueued} and ${USER_EVENTS.callerHeld}\n` +
      `are sent once per change of state, not every round.`,
    extensions: [
      {
        pattern: "s",
        steps: [
          "Answer()",
          `Set(${VARS.fallbackState}=)`,
          // QUEUE_MEMBER(,logged) counts members neither unavailable nor invalid: the ones joinempty waits for.
          { label: "try", app: `GotoIf(\${QUEUE_MEMBER(${queue},logged)}?:join)` },
          `Set(${VARS.fallbackState}=queued)`,
          userEvent("callerQueued", { queue }),
          { label: "join", app: `Queue(${queue},t${ARM_CALLEE})` },
          `GotoIf($["${state}" = "held"]?hold)`,
          `Set(${VARS.fallbackState}=held)`,
          userEvent("callerHeld", { queue, queueStatus: "${QUEUESTATUS}" }),
          { label: "hold", app: `MusicOnHold(default,${v(GLOBALS.holdRetry)})` },
          "Goto(try)",
        ],
      },
    ],
  };
}

/**
 * Where calls from a trunk's PBX enter: nowhere. Handoff sends callers to the remote PBX; it takes none from it, so
 * its calls reach no agent, queue or outside line (Hangup 21: rejected), whatever number they ask for.
 */
function trunkInboundContext(): Context {
  return {
    name: TRUNK_INBOUND_CONTEXT,
    comment: "Calls from a trunk's PBX (identified by its address): rejected. They reach no agent, queue or outside line.",
    extensions: [{ pattern: "_[0-9a-zA-Z*#+].", steps: ["Hangup(21)"] }],
  };
}

/** The contexts the Handoff server relies on, in extensions.conf order. */
export function handoffContexts(input: HandoffDialplanInput, settings: HandoffSettings): Context[] {
  check(input, settings);
  const trunks = (input.trunks ?? []).length > 0 ? [trunkInboundContext()] : [];
  return [transferContext(input), handoffContext(), transferFailedContext(), recallHeadersContext(), fallbackContext(), transferCodesContext(), ...trunks];
}
