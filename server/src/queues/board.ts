import type { BoardActivity, BoardAgent, BoardSnapshot, DirectoryEntry, Transfer } from "@handoff/contract";
import type { ChannelTracker } from "../pbx/channel-tracker";
import type { PresenceDirectory } from "../pbx/presence";
import type { QueueWork } from "./service";
import type { WrapUpRun } from "./wrap-up";

const LIVE = new Set<Transfer["status"]>(["initiated", "ringing", "answered", "recalling", "unknown"]);

/** Pure: what a board row shows, from presence, the queue pause and wrap-up. A call outranks a pause. */
export function activityOf(presence: DirectoryEntry["presence"], pause: { reason: string; since: string } | null, wrapUp: WrapUpRun | undefined, since: string): BoardActivity {
  if (presence === "offline") return { state: "offline", since };
  if (presence === "ringing") return { state: "ringing", since };
  if (presence === "busy") return { state: "on_call", since };
  if (wrapUp !== undefined) return { state: "wrap_up", since: new Date(wrapUp.sinceMs).toISOString(), deadline: wrapUp.deadlineMs === null ? null : new Date(wrapUp.deadlineMs).toISOString() };
  if (pause !== null) return { state: "paused", since: pause.since, reason: pause.reason };
  return { state: "available", since };
}

/**
 * The supervisor's board: one row per agent with a phone, drawn from the views the server already
 * keeps (presence, channels, queue members, transfers). A row is sent only when it changed.
 */
export class SupervisorBoard {
  private readonly last = new Map<string, string>();
  private readonly stateSince = new Map<string, { key: string; since: string }>();
  private readonly bridgedSince = new Map<string, string>();

  constructor(
    private readonly o: {
      directory: PresenceDirectory;
      tracker: ChannelTracker;
      work: QueueWork;
      transfersFor: (agentId: string) => Transfer[];
      publish: (row: BoardAgent) => void;
      now?: () => number;
    },
  ) {
    o.tracker.onChange((change) => {
      if (change.kind === "reset") {
        for (const entry of o.directory.entries()) this.refresh(entry.id);
        return;
      }
      const { channel } = change;
      if (change.kind === "removed") this.bridgedSince.delete(channel.uniqueId);
      else if (channel.bridgeId !== null && !this.bridgedSince.has(channel.uniqueId)) this.bridgedSince.set(channel.uniqueId, this.nowIso());
      const agent = channel.endpoint === null ? undefined : o.directory.byExtension(channel.endpoint);
      if (agent !== undefined) this.refresh(agent.id);
    });
  }

  snapshot(): BoardSnapshot {
    const agents = this.o.directory.entries().flatMap((entry) => {
      const row = this.rowOf(entry.id);
      return row === null ? [] : [row];
    });
    return { agents, queues: this.o.work.queues.map((queue) => this.o.work.figuresOf(queue)), at: this.nowIso() };
  }

  /** Recomputes one agent's row and publishes it if it changed. */
  refresh(agentId: string): void {
    const row = this.rowOf(agentId);
    if (row === null) return;
    const json = JSON.stringify(row);
    if (this.last.get(agentId) === json) return;
    this.last.set(agentId, json);
    this.o.publish(row);
  }

  rowOf(agentId: string): BoardAgent | null {
    const entry = this.o.directory.entry(agentId);
    const agent = this.o.directory.agent(agentId);
    if (entry === undefined || agent === undefined || agent.extension === null) return null;
    const pause = this.o.work.pauseOf(agentId);
    const wrapUp = this.o.work.wrapUpOf(agentId);
    const key = `${entry.presence}|${pause?.reason ?? ""}|${wrapUp === undefined ? "" : "w"}`;
    let since = this.stateSince.get(agentId);
    if (since === undefined || since.key !== key) this.stateSince.set(agentId, (since = { key, since: this.nowIso() }));
    const channel = this.o.tracker.ofEndpoint(agent.extension).find((c) => c.bridgeId !== null);
    const peer = channel === undefined ? undefined : this.o.tracker.bridgePeers(channel.uniqueId)[0];
    const remote = channel === undefined ? null : channel.connectedLine.number !== "" ? channel.connectedLine : (peer?.callerId ?? null);
    return {
      agentId,
      name: agent.name,
      extension: agent.extension,
      role: agent.role,
      activity: activityOf(entry.presence, pause, wrapUp, since.since),
      call:
        channel === undefined || remote === null
          ? null
          : { since: this.bridgedSince.get(channel.uniqueId) ?? since.since, remote: { name: remote.name || remote.number, number: remote.number }, queue: this.o.work.queueCallOf(agentId) },
      transfers: this.o.transfersFor(agentId).filter((t) => LIVE.has(t.status) && t.fromAgentId === agentId).map((t) => ({ id: t.id, status: t.status, target: t.target.label })),
      queues: [...this.o.work.members.of(`PJSIP/${agent.extension}`).keys()],
    };
  }

  private nowIso(): string {
    return new Date((this.o.now ?? Date.now)()).toISOString();
  }
}
