import { randomUUID } from "node:crypto";
import type { MonitoringEndReason, MonitoringMode, MonitoringNotice, MonitoringSession, MonitoringStartResponse, SupervisorAction, SupervisorAuditEntry } from "@handoff/contract";
import { MONITOR_CONTEXTS, MONITOR_END, MONITOR_EVENTS, MONITOR_EXTENSION, MONITOR_REFUSED, MONITOR_VARS } from "@handoff/dialplan";
import type { AmiClient, AmiMessage } from "../ami";
import type { TokenClaims } from "../auth/tokens";
import type { ChannelTracker, TrackedChannel } from "../pbx/channel-tracker";
import type { DirectoryAgent, PresenceDirectory } from "../pbx/presence";
import type { MonitoringAccess } from "./access";
import { refuseMonitoring } from "./errors";
import { isLive, transition } from "./session-state";

export interface MonitoringNotifier {
  session(session: MonitoringSession): void;
  notice(agentId: string, notice: MonitoringNotice): void;
  audit(entry: SupervisorAuditEntry): void;
}

export interface MonitoringAuditStore {
  audit(entry: { supervisorId: string; action: SupervisorAction; agentId: string; detail: string; at: string }): Promise<string>;
}

type Log = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

export interface MonitoringOptions {
  ami: Pick<AmiClient, "send">;
  tracker: ChannelTracker;
  directory: PresenceDirectory;
  access: MonitoringAccess;
  /** The modes the monitored agent is shown. */
  shownModes: readonly MonitoringMode[];
  store: MonitoringAuditStore;
  notifier: MonitoringNotifier;
  log: Log;
  /** How long a grant waits for the supervisor's phone. */
  dialGraceMs: number;
}

/** A live session and what the server needs to follow it; the contract's MonitoringSession is its public face. */
interface Live {
  view: MonitoringSession;
  /** The agent's channel being spied on: fixed at the grant, never looked up again by name. */
  target: { uniqueId: string; name: string };
  /** The supervisor's channel, once their phone reached the wait context. */
  spyer: { uniqueId: string; name: string } | null;
  /** What the agent was last told (null: nothing shown). */
  noticed: MonitoringMode | null;
  grantTimer: NodeJS.Timeout | null;
}

const PJSIP_ENDPOINT = /^PJSIP\/([^-]+)-[0-9a-f]+$/;

/**
 * Supervisor monitoring sessions: authorizes a request, grants the supervisor's phone one entry, moves that
 * phone's channel (and only it) onto exactly the agent's channel, and follows it from Asterisk's events. The
 * server's AMI user has no originate: the supervisor's own phone places the call (dialplan/monitoring-contexts.ts).
 * One session per agent and per supervisor at a time: a second supervisor on the same call is refused (409), so
 * an agent never has two coaches whispering, and what the agent is shown has one author.
 */
export class MonitoringService {
  private readonly byId = new Map<string, Live>();
  /** Live sessions by the supervisor's extension (their phone's endpoint) and by the agent's id. */
  private readonly bySupervisorEndpoint = new Map<string, Live>();
  private readonly byAgent = new Map<string, Live>();
  private readonly bySpyer = new Map<string, Live>();

  constructor(private readonly o: MonitoringOptions) {}

  live(): MonitoringSession[] {
    return [...this.byId.values()].map((live) => live.view);
  }

  async start(caller: TokenClaims, agentId: string, mode: MonitoringMode): Promise<MonitoringStartResponse> {
    const supervisor = this.o.directory.agent(caller.agentId);
    const agent = this.o.directory.agent(agentId);
    if (supervisor === undefined || caller.role !== "supervisor") throw refuseMonitoring("forbidden", "Only a supervisor may monitor calls.");
    if (agent === undefined) throw refuseMonitoring("not_found", "There is no such agent.");
    if (agent.id === supervisor.id) throw refuseMonitoring("unprocessable", "You cannot monitor your own call.");
    if (!this.o.access.mayMonitor(supervisor, agent)) throw refuseMonitoring("forbidden", `You do not supervise ${agent.name}: ask an administrator to add them to your agents (HANDOFF_MONITORING_SUPERVISES).`);
    if (supervisor.extension === null) throw refuseMonitoring("unprocessable", "Your account has no phone extension, and your phone carries the monitoring audio.");
    const busy = this.byAgent.get(agent.id);
    if (busy !== undefined) throw refuseMonitoring("conflict", `${busy.view.supervisor.name} is already monitoring ${agent.name}'s call.`);
    if (this.bySupervisorEndpoint.has(supervisor.extension)) throw refuseMonitoring("conflict", "You are already monitoring a call: stop that session first.");
    const call = this.liveCallOf(agent);
    if (call === undefined) throw refuseMonitoring("conflict", `${agent.name} is not on a call right now.`);

    const now = new Date();
    const live: Live = {
      view: {
        id: randomUUID(),
        supervisor: party(supervisor),
        agent: party(agent),
        mode,
        modes: [mode],
        status: "dialing",
        shownToAgent: this.o.shownModes.includes(mode),
        startedAt: now.toISOString(),
        endedAt: null,
        endReason: null,
      },
      target: { uniqueId: call.uniqueId, name: call.name },
      spyer: null,
      noticed: null,
      grantTimer: null,
    };
    this.byId.set(live.view.id, live);
    this.bySupervisorEndpoint.set(supervisor.extension, live);
    this.byAgent.set(agent.id, live);
    live.grantTimer = setTimeout(() => void this.end(live, "not_dialled"), this.o.dialGraceMs);
    this.o.log.info({ session: live.view.id, supervisor: supervisor.username, agent: agent.username, mode, channel: call.name }, "monitoring granted");
    await this.audit(live, "monitor.start", `${mode} on ${call.name}`);
    this.o.notifier.session(live.view);
    return { session: live.view, dial: MONITOR_EXTENSION, dialBy: new Date(now.getTime() + this.o.dialGraceMs).toISOString() };
  }

  async changeMode(caller: TokenClaims, sessionId: string, mode: MonitoringMode): Promise<MonitoringSession> {
    const live = this.own(caller, sessionId);
    if (live.view.mode === mode) return live.view;
    const from = live.view.mode;
    if (live.spyer !== null) {
      // A Redirect restarts ChanSpy on the same channel in the new mode; ChanSpyStart confirms it.
      const moved = await this.redirect(live.spyer.name, MONITOR_CONTEXTS.spy, mode);
      if (!moved) throw refuseMonitoring("conflict", "The PBX did not switch the mode: the session may be ending. Nothing changed.");
    }
    live.view = { ...live.view, mode, modes: [...live.view.modes, mode], shownToAgent: this.o.shownModes.includes(mode) };
    await this.audit(live, "monitor.mode", `${from} → ${mode}`);
    this.publish(live);
    return live.view;
  }

  async stop(caller: TokenClaims, sessionId: string): Promise<MonitoringSession> {
    const live = this.own(caller, sessionId);
    // The end extension hangs the supervisor's leg up; the agent's and the caller's channels are never touched.
    if (live.spyer !== null) await this.redirect(live.spyer.name, MONITOR_CONTEXTS.spy, MONITOR_END);
    await this.end(live, "stopped");
    return live.view;
  }

  /** Asterisk's events, in order: the supervisor's phone arriving, the spy starting, either leg going away. */
  onEvent(event: AmiMessage): void {
    switch (event.event) {
      case "UserEvent": {
        const name = event.get("UserEvent");
        if (name === MONITOR_EVENTS.waiting) void this.arrived(event.get("Channel") ?? "", event.get("Uniqueid") ?? "");
        else if (name === MONITOR_EVENTS.ended) {
          const live = this.bySpyer.get(event.get("Uniqueid") ?? "");
          if (live !== undefined) void this.end(live, "call_ended");
        }
        return;
      }
      case "ChanSpyStart": {
        const live = this.bySpyer.get(event.get("SpyerUniqueid") ?? "");
        if (live === undefined) return;
        if (event.get("SpyeeUniqueid") !== live.target.uniqueId) {
          // Cannot happen with ChanSpy's u option; if it ever did, end at once rather than spy on the wrong call.
          this.o.log.error({ session: live.view.id, spyee: event.get("SpyeeChannel"), expected: live.target.name }, "monitoring spied on an unexpected channel: ending it");
          if (live.spyer !== null) void this.redirect(live.spyer.name, MONITOR_CONTEXTS.spy, MONITOR_END);
          void this.end(live, "pbx_failed");
          return;
        }
        if (live.view.status === "connecting") {
          live.view = { ...live.view, status: transition("connecting", "active") };
          this.publish(live);
        }
        return;
      }
      case "Hangup": {
        const live = this.bySpyer.get(event.get("Uniqueid") ?? "");
        if (live !== undefined) void this.end(live, "supervisor_hung_up");
        return;
      }
      default:
        return;
    }
  }

  /** After a reconnect: a session whose supervisor leg is gone from Asterisk's channels is over. */
  resynced(): void {
    for (const live of this.byId.values()) {
      if (live.spyer !== null && this.o.tracker.get(live.spyer.uniqueId) === undefined) void this.end(live, "pbx_failed");
    }
  }

  close(): void {
    for (const live of this.byId.values()) if (live.grantTimer !== null) clearTimeout(live.grantTimer);
  }

  /** The agent's call: their phone's channel, answered and bridged with someone. */
  private liveCallOf(agent: DirectoryAgent): TrackedChannel | undefined {
    if (agent.extension === null) return undefined;
    return this.o.tracker
      .ofEndpoint(agent.extension)
      .filter((channel) => channel.state === "Up" && !channel.hangingUp && this.o.tracker.bridgePeers(channel.uniqueId).length > 0)
      .at(-1);
  }

  /** A phone's channel waits in the monitoring context: only the granted supervisor's goes on, onto the granted channel. */
  private async arrived(channel: string, uniqueId: string): Promise<void> {
    const endpoint = PJSIP_ENDPOINT.exec(channel)?.[1];
    const live = endpoint === undefined ? undefined : this.bySupervisorEndpoint.get(endpoint);
    if (live === undefined || live.view.status !== "dialing") return this.refuse(channel, endpoint);
    const target = this.o.tracker.get(live.target.uniqueId);
    if (target === undefined || target.hangingUp) {
      await this.redirect(channel, MONITOR_CONTEXTS.wait, MONITOR_REFUSED);
      return this.end(live, "call_ended");
    }
    if (live.grantTimer !== null) clearTimeout(live.grantTimer);
    live.grantTimer = null;
    live.spyer = { uniqueId, name: channel };
    this.bySpyer.set(uniqueId, live);
    live.view = { ...live.view, status: transition("dialing", "connecting") };
    this.publish(live);
    try {
      await this.o.ami.send("Setvar", { Channel: channel, Variable: MONITOR_VARS.target, Value: live.target.uniqueId });
      await this.o.ami.send("Setvar", { Channel: channel, Variable: MONITOR_VARS.session, Value: live.view.id });
      await this.o.ami.send("Redirect", { Channel: channel, Context: MONITOR_CONTEXTS.spy, Exten: live.view.mode, Priority: 1 });
    } catch (error) {
      this.o.log.warn({ err: error, session: live.view.id }, "could not move the supervisor's phone onto the agent's call");
      await this.redirect(channel, MONITOR_CONTEXTS.wait, MONITOR_REFUSED);
      await this.end(live, "pbx_failed");
    }
  }

  /** Nobody was granted this channel: it hears nothing and spies on nothing, and the attempt is logged and audited. */
  private async refuse(channel: string, endpoint: string | undefined): Promise<void> {
    const who = endpoint === undefined ? undefined : this.o.directory.byExtension(endpoint);
    this.o.log.warn({ channel, agent: who?.username ?? null }, "refused a phone on the monitoring path: no monitoring session was granted to it");
    await this.redirect(channel, MONITOR_CONTEXTS.wait, MONITOR_REFUSED);
    if (who === undefined) return;
    const at = new Date().toISOString();
    const detail = `${channel} dialled ${MONITOR_EXTENSION} without a granted session: refused, nothing spied`;
    const id = await this.o.store.audit({ supervisorId: who.id, action: "monitor.refused", agentId: who.id, detail, at });
    this.o.notifier.audit({ id, at, supervisorId: who.id, supervisorName: who.name, action: "monitor.refused", agentId: who.id, agentName: who.name, detail });
  }

  private async end(live: Live, reason: MonitoringEndReason): Promise<void> {
    if (!isLive(live.view.status)) return;
    if (live.grantTimer !== null) clearTimeout(live.grantTimer);
    live.grantTimer = null;
    live.view = { ...live.view, status: transition(live.view.status, "ended"), endedAt: new Date().toISOString(), endReason: reason };
    this.byId.delete(live.view.id);
    if (live.view.supervisor.extension !== null) this.bySupervisorEndpoint.delete(live.view.supervisor.extension);
    this.byAgent.delete(live.view.agent.agentId);
    if (live.spyer !== null) this.bySpyer.delete(live.spyer.uniqueId);
    const seconds = Math.round((Date.parse(live.view.endedAt ?? "") - Date.parse(live.view.startedAt)) / 1000);
    this.o.log.info({ session: live.view.id, reason, modes: live.view.modes }, "monitoring ended");
    this.publish(live);
    await this.audit(live, "monitor.end", `${reason} after ${seconds} s; modes ${live.view.modes.join(", ")}`);
  }

  private own(caller: TokenClaims, sessionId: string): Live {
    const live = this.byId.get(sessionId);
    if (live === undefined) throw refuseMonitoring("not_found", "That monitoring session is over or never existed.");
    if (live.view.supervisor.agentId !== caller.agentId) throw refuseMonitoring("forbidden", "That monitoring session is another supervisor's.");
    return live;
  }

  /** Tells supervisors, and the agent what they are shown (only when it changes). */
  private publish(live: Live): void {
    this.o.notifier.session(live.view);
    const shown = live.view.status === "active" && live.view.shownToAgent ? live.view.mode : null;
    if (shown === live.noticed) return;
    live.noticed = shown;
    this.o.notifier.notice(live.view.agent.agentId, { sessionId: live.view.id, supervisorName: live.view.supervisor.name, mode: shown });
  }

  private async redirect(channel: string, context: string, exten: string): Promise<boolean> {
    try {
      await this.o.ami.send("Redirect", { Channel: channel, Context: context, Exten: exten, Priority: 1 });
      return true;
    } catch (error) {
      this.o.log.warn({ err: error, channel, context, exten }, "the PBX refused a monitoring Redirect");
      return false;
    }
  }

  private async audit(live: Live, action: SupervisorAction, detail: string): Promise<void> {
    const at = new Date().toISOString();
    const { supervisor, agent } = live.view;
    const id = await this.o.store.audit({ supervisorId: supervisor.agentId, action, agentId: agent.agentId, detail, at });
    this.o.notifier.audit({ id, at, supervisorId: supervisor.agentId, supervisorName: supervisor.name, action, agentId: agent.agentId, agentName: agent.name, detail });
  }
}

const party = (agent: DirectoryAgent) => ({ agentId: agent.id, name: agent.name, extension: agent.extension });
