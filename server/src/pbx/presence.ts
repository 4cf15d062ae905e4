import type { ChosenStatus, DirectoryEntry, PauseInfo, Presence, Role } from "@handoff/contract";
import type { AmiMessage } from "../ami";

export interface DirectoryAgent {
  id: string;
  name: string;
  username: string;
  extension: string | null;
  role: Role;
  chosenStatus: ChosenStatus;
}

const DEVICE = /^PJSIP\/([^/]+)$/;

/**
 * Asterisk's device state (is the phone registered, ringing, in use?) plus the
 * agent's own choice (available, away, do not disturb) make the presence
 * everyone sees. The PBX wins where they disagree: a busy phone is busy.
 */
export function presenceFrom(deviceState: string | undefined, chosen: ChosenStatus): Presence {
  switch (deviceState) {
    case "RINGING":
    case "RINGINUSE":
      return "ringing";
    case "INUSE":
    case "BUSY":
    case "ONHOLD":
      return "busy";
    case "NOT_INUSE":
      return chosen === "available" ? "available" : "away";
    default:
      // UNAVAILABLE (no registered contact), INVALID, UNKNOWN, or never heard of.
      return "offline";
  }
}

/** The live directory: every agent with presence, pushed to listeners as it changes. */
export class PresenceDirectory {
  private readonly agents = new Map<string, DirectoryAgent>();
  private readonly deviceStates = new Map<string, string>();
  private readonly since = new Map<string, string>();
  private readonly listeners = new Set<(entry: DirectoryEntry) => void>();
  private readonly chosenListeners = new Set<(agentId: string, status: ChosenStatus) => void>();
  private pauseOf: (agentId: string) => PauseInfo | null = () => null;
  private readonly lastPause = new Map<string, string>();

  constructor(agents: readonly DirectoryAgent[], private readonly now: () => Date = () => new Date()) {
    const at = this.now().toISOString();
    for (const agent of agents) {
      this.agents.set(agent.id, { ...agent });
      this.since.set(agent.id, at);
    }
  }

  onChange(listener: (entry: DirectoryEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  entries(): DirectoryEntry[] {
    return [...this.agents.values()].map((agent) => this.entryOf(agent));
  }

  entry(agentId: string): DirectoryEntry | undefined {
    const agent = this.agents.get(agentId);
    return agent === undefined ? undefined : this.entryOf(agent);
  }

  agent(agentId: string): DirectoryAgent | undefined {
    return this.agents.get(agentId);
  }

  byUsername(username: string): DirectoryAgent | undefined {
    return [...this.agents.values()].find((agent) => agent.username === username);
  }

  byExtension(extension: string): DirectoryAgent | undefined {
    return [...this.agents.values()].find((agent) => agent.extension === extension);
  }

  /** `by`: "agent" when the agent chose here (listeners of onChosen hear it), "peer" when another replica says so. */
  setChosenStatus(agentId: string, status: ChosenStatus, by: "agent" | "peer" = "agent"): DirectoryEntry | undefined {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return undefined;
    this.track(agent, () => (agent.chosenStatus = status));
    if (by === "agent") for (const listener of this.chosenListeners) listener(agentId, status);
    return this.entryOf(agent);
  }

  /** An agent's own choice, which only the server that took it knows (device states every server reads from Asterisk). */
  onChosen(listener: (agentId: string, status: ChosenStatus) => void): () => void {
    this.chosenListeners.add(listener);
    return () => this.chosenListeners.delete(listener);
  }

  /** Where each agent's queue pause is read from (queue work), shown beside presence. */
  usePauses(pauseOf: (agentId: string) => PauseInfo | null): void {
    this.pauseOf = pauseOf;
  }

  /** The agent's queue membership moved: if their pause changed, tell listeners (presence itself unchanged). */
  pauseChanged(agentId: string): void {
    const agent = this.agents.get(agentId);
    if (agent === undefined) return;
    // Member events come with every call (device state); only a pause that changed goes out to everyone.
    const pause = JSON.stringify(this.pauseOf(agentId));
    if (this.lastPause.get(agentId) === pause) return;
    this.lastPause.set(agentId, pause);
    const entry = this.entryOf(agent);
    for (const listener of this.listeners) listener(entry);
  }

  /** Folds a DeviceStateChange event in; other events are ignored. */
  apply(event: AmiMessage): void {
    if (event.event !== "DeviceStateChange") return;
    const device = event.get("Device");
    const state = event.get("State");
    if (device !== undefined && state !== undefined) this.setDeviceState(device, state);
  }

  /** Replaces every device state with a DeviceStateList answer (after a reconnect). */
  reset(events: readonly AmiMessage[]): void {
    const fresh = new Map<string, string>();
    for (const event of events) {
      const extension = DEVICE.exec(event.get("Device") ?? "")?.[1];
      const state = event.get("State");
      if (extension !== undefined && state !== undefined) fresh.set(extension, state);
    }
    for (const agent of this.agents.values()) {
      if (agent.extension === null) continue;
      const state = fresh.get(agent.extension);
      this.track(agent, () => {
        if (state === undefined) this.deviceStates.delete(agent.extension as string);
        else this.deviceStates.set(agent.extension as string, state);
      });
    }
  }

  private setDeviceState(device: string, state: string): void {
    const extension = DEVICE.exec(device)?.[1];
    if (extension === undefined) return;
    const agent = this.byExtension(extension);
    if (agent === undefined) {
      this.deviceStates.set(extension, state);
      return;
    }
    this.track(agent, () => this.deviceStates.set(extension, state));
  }

  /** Runs a change and, if the agent's presence moved, stamps it and tells listeners. */
  private track(agent: DirectoryAgent, change: () => void): void {
    const before = this.presenceOf(agent);
    change();
    if (this.presenceOf(agent) === before) return;
    this.since.set(agent.id, this.now().toISOString());
    const entry = this.entryOf(agent);
    for (const listener of this.listeners) listener(entry);
  }

  private presenceOf(agent: DirectoryAgent): Presence {
    if (agent.extension === null) return "offline";
    return presenceFrom(this.deviceStates.get(agent.extension), agent.chosenStatus);
  }

  private entryOf(agent: DirectoryAgent): DirectoryEntry {
    const queuePause = this.pauseOf(agent.id);
    return {
      id: agent.id,
      name: agent.name,
      extension: agent.extension,
      role: agent.role,
      presence: this.presenceOf(agent),
      since: this.since.get(agent.id) ?? this.now().toISOString(),
      ...(queuePause === null ? {} : { queuePause }),
    };
  }
}
