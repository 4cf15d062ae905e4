import { WRAP_UP_REASON, type Disposition, type PauseReason, type QueueSettings } from "@handoff/contract";
import { parseWhoLists } from "../who-lists";

/** Who may join which queues: by role, overridden per username. `*` is every queue. */
export interface QueueAccessRule {
  readonly who: string;
  readonly queues: "all" | readonly string[];
}

export interface QueueWorkConfig {
  readonly access: readonly QueueAccessRule[];
  readonly pauseReasons: readonly string[];
  readonly dispositions: readonly string[];
  readonly wrapUpSeconds: number;
  readonly serviceLevelSeconds: number;
  /** IANA zone of the center's calendar day (the figures' "today"). */
  readonly timeZone: string;
}

export const DEFAULT_PAUSE_REASONS = ["Break", "Lunch", "Training", "Back office", "Meeting"];
export const DEFAULT_DISPOSITIONS = ["Resolved", "Callback needed", "Escalated", "Wrong number"];

export class QueueConfigError extends Error {
  override readonly name = "QueueConfigError";
}

/** `agent=*;supervisor=support;alice=support,sales`: entries by `;`, queues by `,`. */
export function parseQueueAccess(text: string): QueueAccessRule[] {
  return parseWhoLists(text, "a-z0-9_", (entry) => new QueueConfigError(`HANDOFF_QUEUE_ACCESS: "${entry}" is not role-or-username=queue,queue (or =* for every queue)`)).map(({ who, items }) => ({ who, queues: items }));
}

/** A comma-separated list of labels, each checked as the contract checks what an app sends. */
export function parseLabels(variable: string, text: string, schema: typeof PauseReason | typeof Disposition): string[] {
  const labels = text.split(",").map((label) => label.trim()).filter(Boolean);
  if (labels.length === 0) throw new QueueConfigError(`${variable}: name at least one`);
  for (const label of labels) {
    if (!schema.safeParse(label).success) throw new QueueConfigError(`${variable}: "${label}" is too long or has control characters`);
    if (label.toLowerCase() === WRAP_UP_REASON.toLowerCase()) throw new QueueConfigError(`${variable}: "${WRAP_UP_REASON}" is the server's own reason for after-call work; choose another name`);
  }
  if (new Set(labels.map((l) => l.toLowerCase())).size !== labels.length) throw new QueueConfigError(`${variable}: a label is listed twice`);
  return labels;
}

export interface AccessSubject {
  readonly username: string;
  readonly role: string;
  readonly extension: string | null;
}

/**
 * Who may join what, checked once at start against the queues and agents that exist: a rule naming
 * an unknown queue or nobody at all stops the server with the fix in the message.
 */
export class QueueAccess {
  private constructor(
    private readonly rules: ReadonlyMap<string, "all" | readonly string[]>,
    private readonly queues: readonly string[],
  ) {}

  static check(rules: readonly QueueAccessRule[], queues: readonly string[], agents: readonly AccessSubject[]): QueueAccess {
    const known = new Set(agents.flatMap((agent) => [agent.username, agent.role]));
    for (const rule of rules) {
      if (!known.has(rule.who)) throw new QueueConfigError(`HANDOFF_QUEUE_ACCESS: "${rule.who}" is neither a role nor a username of an agent`);
      if (rule.queues !== "all") {
        for (const queue of rule.queues) {
          if (!queues.includes(queue)) throw new QueueConfigError(`HANDOFF_QUEUE_ACCESS: queue "${queue}" (for ${rule.who}) is not in HANDOFF_QUEUES (${queues.join(", ")})`);
        }
      }
    }
    return new QueueAccess(new Map(rules.map((rule) => [rule.who, rule.queues])), queues);
  }

  /** The queues this agent may join: their username's rule, else their role's, else none. No phone, no queue. */
  allowed(agent: AccessSubject): readonly string[] {
    if (agent.extension === null) return [];
    const rule = this.rules.get(agent.username) ?? this.rules.get(agent.role);
    if (rule === undefined) return [];
    return rule === "all" ? this.queues : rule;
  }
}

export function settingsOf(config: QueueWorkConfig, queues: ReadonlyMap<string, string>): QueueSettings {
  return {
    queues: [...queues].map(([name, extension]) => ({ name, extension })),
    pauseReasons: [...config.pauseReasons],
    dispositions: [...config.dispositions],
    wrapUpSeconds: config.wrapUpSeconds,
    serviceLevelSeconds: config.serviceLevelSeconds,
  };
}
