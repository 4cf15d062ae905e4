import { ARM_CALLEE, ARM_SELF, handoffGlobals, MONITOR_CONTEXTS, MONITOR_EXTENSION, monitorGlobals, outsideNumberSteps, renderContext, renderHandoffDialplan, visitorGlobals } from "@handoff/dialplan";
import type { Context, Extension, HandoffDialplanInput, HandoffSettings, Step } from "@handoff/dialplan";
import { generatedHeader } from "./conf-file";
import { DEMO_CONTEXTS, EXTERNAL_PATTERNS } from "./contexts";
import type { PbxSettings } from "./input";
import type { DemoData, DemoQueue } from "../demo-data";
import { phoneUsers } from "../demo-data";
import { mayDial, REACHABILITY, type Destination, type Reachability } from "./reachability";
import { labTrunk } from "./lab-trunk";

/** Globals of the demo contexts only; the product's are GLOBALS from @handoff/dialplan. */
export const DEMO_GLOBALS = {
  customerTone: "HANDOFF_CUSTOMER_TONE",
  outsideTone: "HANDOFF_OUTSIDE_TONE",
  botTone: "HANDOFF_BOT_TONE",
} as const;

export class NoFallbackQueueError extends Error {
  override readonly name = "NoFallbackQueueError";
  constructor() {
    super("demo-data.json has no queue: the dialplan's fallback (where a caller waits when a transfer, recall or handoff fails) needs one. Add a queue and run again.");
  }
}

/** The targets of one kind a context gets: all of them if its reachability row allows the kind, else none. */
const only = <T>(row: Reachability, destination: Destination, targets: readonly T[]): readonly T[] => (mayDial(row, destination) ? targets : []);

const dialAndHangUp = (target: string, options: string): Step[] => [`Dial(${target},,${options})`, "Hangup()"];
/** The stand-in carrier: what both the agents' and the product's transfer context dial for an outside number. */
const outsideLine = "Local/${EXTEN}@" + DEMO_CONTEXTS.outside;
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

function agentsContext(demo: DemoData, settings: PbxSettings): Context {
  const armed = (steps: Step[]): Step[] => [ARM_SELF, ...steps];
  return {
    name: DEMO_CONTEXTS.agents,
    comment:
      "What agents dial. t/T enable the transfer features on the agents' channels (AMI Atxfer needs them), armed with\n" +
      "per-channel random codes (handoff-transfer-codes); an outside party gets none.",
    extensions: [
      ...only(REACHABILITY.phones, "agents", phoneUsers(demo)).map((user) => ({ pattern: user.extension, hint: `PJSIP/${user.extension}`, steps: armed(dialAndHangUp(`PJSIP/${user.extension}`, `tT${ARM_CALLEE}`)) })),
      ...only(REACHABILITY.phones, "queues", demo.queues).map((queue) => ({ pattern: queue.extension, steps: armed([`Queue(${queue.name},tT${ARM_CALLEE})`, "Hangup()"]) })),
      // Not a number, or refused by the dial policy: rejected (21) before any Dial.
      // Supervisor monitoring: the product's wait context decides nothing; the server lets only a granted supervisor on.
      ...only(REACHABILITY.phones, "monitoring", [MONITOR_EXTENSION]).map((pattern) => ({ pattern, steps: [`Goto(${MONITOR_CONTEXTS.wait},s,1)`] })),
      ...only(REACHABILITY.phones, "outside", EXTERNAL_PATTERNS).map((pattern) => ({ pattern, steps: armed(outsideNumberSteps(settings.dialPolicy, dialAndHangUp(outsideLine, "T"), ["Hangup(21)"], ["Hangup(21)"])) })),
    ],
  };
}

function inboundContext(demo: DemoData, settings: PbxSettings): Context {
  return {
    name: DEMO_CONTEXTS.inbound,
    comment:
      "Inbound calls as a carrier would deliver them. Tests originate Local/<ext>@handoff-inbound with\n" +
      "Context=handoff-customer, Exten=s: this ;2 half rings the agent or queue, the ;1 half is the customer.\n" +
      "Only the agent (t) may transfer: a customer pressing #1 must not move the call.",
    extensions: [
      ...only(REACHABILITY.inbound, "agents", phoneUsers(demo)).map((user) => ({ pattern: user.extension, steps: dialAndHangUp(`PJSIP/${user.extension}`, `t${ARM_CALLEE}`) })),
      ...only(REACHABILITY.inbound, "queues", demo.queues).map((queue) => queueExtension(queue, `t${ARM_CALLEE}`)),
      ...only(REACHABILITY.inbound, "outside", EXTERNAL_PATTERNS).map((pattern) => ({ pattern, steps: outsideNumberSteps(settings.dialPolicy, dialAndHangUp(outsideLine, ""), ["Hangup(21)"], ["Hangup(21)"]) })),
    ],
  };
}

function botContext(): Context {
  return {
    name: DEMO_CONTEXTS.bot,
    comment: `A stand-in voice bot: answers and "talks" (${DEMO_GLOBALS.botTone} Hz) until the server hands its caller on.\nTests originate Local/s@handoff-bot with Context=handoff-customer: the ;2 half is the caller inside the bot.`,
    extensions: [{ pattern: "s", steps: playForever(DEMO_GLOBALS.botTone) }],
  };
}

function customerContext(): Context {
  return {
    name: DEMO_CONTEXTS.customer,
    comment: `A test customer: answers, then plays ${DEMO_GLOBALS.customerTone} Hz until hung up. Set it per call with\nOriginate's Variable: ${DEMO_GLOBALS.customerTone}=<Hz> to tell customers apart.`,
    extensions: [{ pattern: "s", steps: playForever(DEMO_GLOBALS.customerTone) }],
  };
}

function outsideContext(): Context {
  return {
    name: DEMO_CONTEXTS.outside,
    comment: `The outside line, without a carrier: any external number answers at once and plays ${DEMO_GLOBALS.outsideTone} Hz.`,
    extensions: EXTERNAL_PATTERNS.map((pattern) => ({ pattern, steps: playForever(DEMO_GLOBALS.outsideTone) })),
  };
}

/** What the product contexts get from the demo data: every phone user is an agent, the first queue is the fallback. */
export function handoffInput(demo: DemoData, settings: PbxSettings): { input: HandoffDialplanInput; settings: HandoffSettings } {
  const [fallback] = demo.queues;
  if (!fallback) throw new NoFallbackQueueError();
  return {
    input: {
      agentExtensions: only(REACHABILITY.server, "agents", phoneUsers(demo)).map((user) => user.extension),
      queues: only(REACHABILITY.server, "queues", demo.queues).map(({ name, extension }) => ({ name, extension })),
      externalPatterns: only(REACHABILITY.server, "outside", EXTERNAL_PATTERNS),
      outsideLine,
      dialPolicy: settings.dialPolicy,
      // The dialplan needs only the trunk's name and prefix; its password stays in pjsip.conf.
      trunks: [labTrunk("")],
    },
    settings: {
      transferRingSeconds: settings.transferRingSeconds,
      recallRingSeconds: settings.recallRingSeconds,
      holdRetrySeconds: settings.holdRetrySeconds,
      fallbackQueue: fallback.name,
    },
  };
}

export function renderExtensionsConf(demo: DemoData, settings: PbxSettings): string {
  const product = handoffInput(demo, settings);
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
    // Globals are read at dial time, so `dialplan reload` applies new values to the next call.
    "; Read by the product contexts (dialplan/).",
    ...handoffGlobals(product.settings),
    ...visitorGlobals(),
    ...monitorGlobals(),
    "; Read by the demo contexts.",
    `${DEMO_GLOBALS.customerTone} = ${settings.customerToneHz}`,
    `${DEMO_GLOBALS.outsideTone} = ${settings.outsideToneHz}`,
    `${DEMO_GLOBALS.botTone} = 350`,
  ].join("\n");
  // The product block is the very text `npm run pbx:export` writes to extensions_handoff.conf.
  const contexts = [
    renderContext(agentsContext(demo, settings)),
    renderHandoffDialplan(product.input, product.settings),
    ...[inboundContext(demo, settings), customerContext(), outsideContext(), botContext()].map(renderContext),
  ];
  return `${generatedHeader("extensions.ts")}\n${[general, globals, ...contexts].join("\n\n")}\n`;
}
