import { MonitoringMode } from "@handoff/contract";
import { parseWhoLists } from "../who-lists";

/** Whom a supervisor may monitor: by the supervisor's username, else their role. `*` is every agent. */
export interface SupervisesRule {
  readonly who: string;
  readonly agents: "all" | readonly string[];
}

export class MonitoringConfigError extends Error {
  override readonly name = "MonitoringConfigError";
}

/** `supervisor=*;sam=alice,bob`: entries by `;`, agents' usernames by `,`. */
export function parseSupervises(text: string): SupervisesRule[] {
  return parseWhoLists(text, "a-z0-9._", (entry) => new MonitoringConfigError(`HANDOFF_MONITORING_SUPERVISES: "${entry}" is not supervisor-or-role=username,username (or =* for every agent)`)).map(({ who, items }) => ({ who, agents: items }));
}

/** `whisper,barge` (the default), `listen,whisper,barge`, or `none`: the modes the monitored agent is shown. */
export function parseShownModes(text: string): MonitoringMode[] {
  const names = text.split(",").map((name) => name.trim()).filter(Boolean);
  if (names.length === 1 && names[0] === "none") return [];
  return names.map((name) => {
    const mode = MonitoringMode.safeParse(name);
    if (!mode.success) throw new MonitoringConfigError(`HANDOFF_MONITORING_SHOWN: "${name}" is not listen, whisper or barge (or write none)`);
    return mode.data;
  });
}

interface Person {
  readonly username: string;
  readonly role: string;
}

/**
 * Who may monitor whom, checked once at start against the agents that exist: a rule naming nobody stops the
 * server with the fix. Only the supervisor role ever monitors, whatever the rules say.
 */
export class MonitoringAccess {
  private constructor(private readonly rules: ReadonlyMap<string, "all" | ReadonlySet<string>>) {}

  static check(rules: readonly SupervisesRule[], agents: readonly Person[]): MonitoringAccess {
    const usernames = new Set(agents.map((agent) => agent.username));
    const known = new Set([...usernames, ...agents.map((agent) => agent.role)]);
    for (const rule of rules) {
      if (!known.has(rule.who)) throw new MonitoringConfigError(`HANDOFF_MONITORING_SUPERVISES: "${rule.who}" is neither a role nor a username of an agent`);
      if (rule.agents === "all") continue;
      for (const name of rule.agents) if (!usernames.has(name)) throw new MonitoringConfigError(`HANDOFF_MONITORING_SUPERVISES: "${name}" (for ${rule.who}) is no agent's username`);
    }
    return new MonitoringAccess(new Map(rules.map((rule) => [rule.who, rule.agents === "all" ? "all" : new Set(rule.agents)])));
  }

  mayMonitor(supervisor: Person, agent: Person): boolean {
    if (supervisor.role !== "supervisor") return false;
    const rule = this.rules.get(supervisor.username) ?? this.rules.get(supervisor.role);
    return rule === "all" || (rule !== undefined && rule.has(agent.username));
  }
}
