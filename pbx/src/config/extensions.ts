import { generatedHeader } from "./conf-file";
import { CONTEXTS, EXTERNAL_PATTERNS } from "./contexts";
import type { PbxSettings } from "./input";
import type { DemoData, DemoQueue } from "../demo-data";
import { phoneUsers } from "../demo-data";

/** A dialplan step; `label` names it for Goto/GotoIf. */
type Step = string | { readonly label: string; readonly app: string };

interface Extension {
  readonly pattern: string;
  readonly steps: readonly Step[];
  readonly hint?: string;
}

interface Context {
  readonly name: string;
  readonly comment: string;
  readonly extensions: readonly Extension[];
}

/** Globals are read at dial time, so `dialplan reload` applies new values to the next call. */
export const GLOBALS = {
  transferRing: "HANDOFF_TRANSFER_RING_SECONDS",
  recallRing: "HANDOFF_RECALL_RING_SECONDS",
  customerTone: "HANDOFF_CUSTOMER_TONE",
  outsideTone: "HANDOFF_OUTSIDE_TONE",
  botTone: "HANDOFF_BOT_TONE",
} as const;

/** Channel variable the server sets before a Redirect (a bot handoff): where the caller goes if the target fails. */
export const FALLBACK_VARIABLE = "HANDOFF_FALLBACK";

/** AMI UserEvents the dialplan emits for the server (read class "user"). */
export const USER_EVENTS = {
  transferFailed: "HandoffTransferFailed",
  recallFailed: "HandoffRecallFailed",
} as const;

class UnsafeDialplanError extends Error {
  override readonly name = "UnsafeDialplanError";
  constructor(line: string) {
    super(`Generated dialplan line would be cut by a ";" comment or a newline: ${line}. Fix the generator or the data it read.`);
  }
}

function renderContext(context: Context): string {
  const out = context.comment.split("\n").map((line) => `; ${line}`);
  out.push(`[${context.name}]`);
  for (const extension of context.extensions) {
    if (extension.hint) out.push(`exten => ${extension.pattern},hint,${extension.hint}`);
    extension.steps.forEach((step, i) => {
      const app = typeof step === "string" ? step : step.app;
      const label = typeof step === "string" ? "" : `(${step.label})`;
      const line = i === 0 ? `exten => ${extension.pattern},1${label},${app}` : ` same => n${label},${app}`;
      if (/[;\r\n]/.test(line)) throw new UnsafeDialplanError(line);
      out.push(line);
    });
  }
  return out.join("\n");
}

const dialAndHangUp = (target: string, options: string): Step[] => [`Dial(${target},,${options})`, "Hangup()"];
const outsideLine = "Local/${EXTEN}@" + CONTEXTS.outside;
const playForever = (toneVariable: string): Step[] => [
  "Answer()",
  // A continuous tone of a known frequency: tests can tell whose audio reached whom.
  `Playtones(\${${toneVariable}})`,
  { label: "wait", app: "Wait(3600)" },
  "Goto(wait)",
];

function queueExtension(queue: DemoQueue, options: string): Extension {
  return { pattern: queue.extension, steps: [`Queue(${queue.name},${options})`, "Hangup()"] };
}

function agentsContext(demo: DemoData): Context {
  return {
    name: CONTEXTS.agents,
    comment: "What agents dial. t/T let either side use the transfer feature codes (AMI Atxfer needs them).",
    extensions: [
      ...phoneUsers(demo).map((user) => ({ pattern: user.extension, hint: `PJSIP/${user.extension}`, steps: dialAndHangUp(`PJSIP/${user.extension}`, "tT") })),
      ...demo.queues.map((queue) => queueExtension(queue, "tT")),
      ...EXTERNAL_PATTERNS.map((pattern) => ({ pattern, steps: dialAndHangUp(outsideLine, "tT") })),
    ],
  };
}

function inboundContext(demo: DemoData): Context {
  return {
    name: CONTEXTS.inbound,
    comment:
      "Inbound calls as a carrier would deliver them. Tests originate Local/<ext>@handoff-inbound with\n" +
      "Context=handoff-customer, Exten=s: this ;2 half rings the agent or queue, the ;1 half is the customer.\n" +
      "Only the agent (t) may transfer: a customer pressing #1 must not move the call.",
    extensions: [
      ...phoneUsers(demo).map((user) => ({ pattern: user.extension, steps: dialAndHangUp(`PJSIP/${user.extension}`, "t") })),
      ...demo.queues.map((queue) => queueExtension(queue, "t")),
    ],
  };
}

function transferContext(demo: DemoData): Context {
  const ring = `\${${GLOBALS.transferRing}}`;
  const failed = (status: string): Step => `Gosub(${CONTEXTS.transferFailed},s,1(\${EXTEN},${status}))`;
  return {
    name: CONTEXTS.transfer,
    comment:
      `Where transfers land. A target that does not answer within ${GLOBALS.transferRing}, is busy,\n` +
      "unregistered or unknown sends the call back to the agent who transferred it.",
    extensions: [
      ...phoneUsers(demo).map((user) => ({
        pattern: user.extension,
        steps: [`Dial(PJSIP/${user.extension},${ring},t)`, failed("${DIALSTATUS}"), "Hangup()"],
      })),
      ...demo.queues.map((queue) => ({
        pattern: queue.extension,
        // The 5th argument bounds the whole wait; QUEUESTATUS says why it ended (TIMEOUT; JOINEMPTY when no member is registered).
        steps: [`Queue(${queue.name},t,,,${ring})`, failed("${QUEUESTATUS}"), "Hangup()"],
      })),
      ...EXTERNAL_PATTERNS.map((pattern) => ({ pattern, steps: [`Dial(${outsideLine},${ring},t)`, failed("${DIALSTATUS}"), "Hangup()"] })),
      // Unknown numbers must exist as an extension, or BlindTransfer refuses them and no recall happens.
      { pattern: "_[0-9*#+]!", steps: [failed("INVALID"), "Hangup()"] },
    ],
  };
}

function transferFailedContext(): Context {
  const recallTo = "HANDOFF_RECALL_TO";
  return {
    name: CONTEXTS.transferFailed,
    comment:
      "Gosub(handoff-transfer-failed,s,1(<target>,<status>)) on the transferee's channel.\n" +
      "Asterisk sets BLINDTRANSFER on the transferee to the transferer's channel name (PJSIP/1001-00000003):\n" +
      "cutting the 9-character -<hex> suffix gives the endpoint to ring back. A Redirect (a bot handoff) sets\n" +
      `no BLINDTRANSFER: the server sets ${FALLBACK_VARIABLE} instead, and the caller goes there (once).\n` +
      "With neither (an attended transfer's own leg) there is nobody to recall: the event still tells the server.",
    extensions: [
      {
        pattern: "s",
        steps: [
          // AMI adds the channel's Channel/Uniqueid/Linkedid to every UserEvent; repeating them would duplicate the keys.
          `Set(${recallTo}=\${IF($["\${BLINDTRANSFER:0:6}" = "PJSIP/"]?\${BLINDTRANSFER:0:-9}:)})`,
          `UserEvent(${USER_EVENTS.transferFailed},Target: \${ARG1},DialStatus: \${ARG2},Transferer: \${BLINDTRANSFER},RecallTo: \${${recallTo}},Fallback: \${${FALLBACK_VARIABLE}})`,
          `GotoIf($["\${${recallTo}}" != ""]?recall)`,
          `GotoIf($["\${${FALLBACK_VARIABLE}}" = ""]?done)`,
          `Set(HANDOFF_FALLBACK_TO=\${${FALLBACK_VARIABLE}})`,
          // Cleared first, so a fallback that fails too ends here instead of looping.
          `Set(${FALLBACK_VARIABLE}=)`,
          "StackPop()",
          `Goto(${CONTEXTS.transfer},\${HANDOFF_FALLBACK_TO},1)`,
          { label: "recall", app: `Dial(\${${recallTo}},\${${GLOBALS.recallRing}},tb(${CONTEXTS.recallHeaders}^s^1(\${ARG1},\${ARG2})))` },
          `UserEvent(${USER_EVENTS.recallFailed},Target: \${ARG1},RecallTo: \${${recallTo}},DialStatus: \${DIALSTATUS})`,
          "Hangup()",
          { label: "done", app: "Return()" },
        ],
      },
    ],
  };
}

function botContext(): Context {
  return {
    name: CONTEXTS.bot,
    comment: `A stand-in voice bot: answers and "talks" (${GLOBALS.botTone} Hz) until the server hands its caller on.\nTests originate Local/s@handoff-bot with Context=handoff-customer: the ;2 half is the caller inside the bot.`,
    extensions: [{ pattern: "s", steps: playForever(GLOBALS.botTone) }],
  };
}

function recallHeadersContext(): Context {
  return {
    name: CONTEXTS.recallHeaders,
    comment: "Pre-dial handler on the recall INVITE: the softphone can show which transfer came back and why.",
    extensions: [
      {
        pattern: "s",
        steps: ["Set(PJSIP_HEADER(add,X-Handoff-Recall-Target)=${ARG1})", "Set(PJSIP_HEADER(add,X-Handoff-Recall-Status)=${ARG2})", "Return()"],
      },
    ],
  };
}

function customerContext(): Context {
  return {
    name: CONTEXTS.customer,
    comment: `A test customer: answers, then plays ${GLOBALS.customerTone} Hz until hung up. Set it per call with\nOriginate's Variable: ${GLOBALS.customerTone}=<Hz> to tell customers apart.`,
    extensions: [{ pattern: "s", steps: playForever(GLOBALS.customerTone) }],
  };
}

function outsideContext(): Context {
  return {
    name: CONTEXTS.outside,
    comment: `The outside line, without a carrier: any external number answers at once and plays ${GLOBALS.outsideTone} Hz.`,
    extensions: EXTERNAL_PATTERNS.map((pattern) => ({ pattern, steps: playForever(GLOBALS.outsideTone) })),
  };
}

export function renderExtensionsConf(demo: DemoData, settings: PbxSettings): string {
  const general = [
    "[general]",
    "static = yes",
    // `dialplan save` must not overwrite this generated file.
    "writeprotect = yes",
    // A reload drops globals that were removed here instead of keeping stale values.
    "clearglobalvars = yes",
  ].join("\n");
  const globals = [
    "[globals]",
    `${GLOBALS.transferRing} = ${settings.transferRingSeconds}`,
    `${GLOBALS.recallRing} = ${settings.recallRingSeconds}`,
    `${GLOBALS.customerTone} = ${settings.customerToneHz}`,
    `${GLOBALS.outsideTone} = ${settings.outsideToneHz}`,
    `${GLOBALS.botTone} = 350`,
  ].join("\n");
  const contexts = [
    agentsContext(demo),
    transferContext(demo),
    transferFailedContext(),
    recallHeadersContext(),
    inboundContext(demo),
    customerContext(),
    outsideContext(),
    botContext(),
  ].map(renderContext);
  return `${generatedHeader("extensions.ts")}\n${[general, globals, ...contexts].join("\n\n")}\n`;
}
