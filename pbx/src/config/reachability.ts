import { HANDOFF_CONTEXTS, MONITOR_CONTEXTS, MONITOR_EXTENSION, VISITOR_BOT_EXTENSION, VISITOR_CONTEXTS, type DialPolicy } from "@handoff/dialplan";
import { DEMO_CONTEXTS, EXTERNAL_PATTERNS } from "./contexts";
import type { DemoData } from "../demo-data";
import { phoneUsers } from "../demo-data";

/** What a context may lead to: nothing else is dialled from it. */
export type Destination = "agents" | "queues" | "outside" | "bot" | "monitoring";

export interface Reachability {
  /** Who reaches this context, and how. */
  readonly who: string;
  readonly contexts: readonly string[];
  readonly mayDial: readonly Destination[];
  /** What happens to anything else, in the README's words. */
  readonly refused: string;
}

/**
 * Who may dial what: the one table the dialplan is generated from (extensions.ts builds each
 * context's extensions from its row, dialplan/ gets the server's) and the PBX README shows
 * (a unit test keeps the two the same). A destination missing here has no extension at all.
 */
export const REACHABILITY = {
  phones: {
    who: "agent / supervisor softphone (`pjsip.conf`, WebRTC over `ws`)",
    contexts: [DEMO_CONTEXTS.agents],
    mayDial: ["agents", "queues", "outside", "monitoring"],
    refused:
      "anything else: pjsip answers `404` and no channel is made; a pattern match that is not plain digits or breaks the policy is hung up (cause 21) before any `Dial`, with `HandoffNumberRefused` for a policy refusal. No transfer: `allow_transfer=no` answers a REFER with `603`; no DTMF transfer code; no call pickup code (`pickupexten` is empty).",
  },
  server: {
    who: "the server (AMI `handoff`: `BlindTransfer`, `Atxfer`, and a bot's caller `Redirect`ed through `handoff-handoff`, which checks the number and goes on here)",
    contexts: [HANDOFF_CONTEXTS.transfer],
    mayDial: ["agents", "queues", "outside"],
    refused: "any other number fails in the dialplan as `INVALID` (the caller is looked after, never dialled out)",
  },
  visitors: {
    who: "website visitor (the call widget: `visitor-N`, WebRTC over `ws`, a password per call from the server)",
    contexts: [VISITOR_CONTEXTS.entry],
    mayDial: ["bot"],
    refused:
      "any agent, queue, outside number or `*` code: no such extension (`404`, no channel); a second call on the line while one lives is hung up (cause 17) before the bot answers; no REFER (`603`), no registration (the AOR takes no contact)",
  },
  inbound: {
    who: "inbound (carrier stand-in, tests)",
    contexts: [DEMO_CONTEXTS.inbound],
    mayDial: ["agents", "queues"],
    refused: "outside numbers, and anything else: no such extension",
  },
} as const satisfies Record<string, Reachability>;

export const mayDial = (row: Reachability, destination: Destination): boolean => row.mayDial.includes(destination);

/** The README's table, from the rows, the demo data and the dial policy. */
export function renderReachabilityTable(demo: DemoData, policy: DialPolicy): string {
  const agents = phoneUsers(demo).map((user) => `\`${user.extension}\``).join(", ");
  const queues = demo.queues.map((queue) => `\`${queue.extension}\` (${queue.name})`).join(", ");
  const outside =
    `outside numbers ${EXTERNAL_PATTERNS.map((p) => `\`${p}\``).join(" and ")} that are plain digits (a leading \`+\`) **and** pass the dial policy ` +
    `(prefixes ${policy.allowedPrefixes.map((p) => `\`${p}\``).join(", ")}; at most ${policy.maxDigits} digits; blocked ${policy.blocked.map((b) => `\`${b.prefix}\``).join(", ")})`;
  const words: Record<Destination, string> = {
    agents: `agents' exact extensions (${agents})`,
    queues: `queues' exact extensions (${queues})`,
    outside,
    monitoring: `\`${MONITOR_EXTENSION}\`: the supervisor monitoring wait (\`${MONITOR_CONTEXTS.wait}\`): silence, and the server moves only a supervisor it granted a session into \`${MONITOR_CONTEXTS.spy}\`; anyone else is hung up unspied`,
    bot: `\`${VISITOR_BOT_EXTENSION}\`: the reference voice bot (\`${VISITOR_CONTEXTS.bot}\`), which a server handoff moves on to a person`,
  };
  const rows: Reachability[] = Object.values(REACHABILITY);
  return [
    "| endpoint kind | context | may dial | may not |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.who} | ${row.contexts.map((c) => `\`${c}\``).join(", ")} | ${row.mayDial.map((d) => words[d]).join("; ")} | ${row.refused} |`),
  ].join("\n");
}
