import type { AmiMessage } from "../ami";

export interface TrackedChannel {
  name: string;
  uniqueId: string;
  linkedId: string;
  /** Asterisk's ChannelStateDesc: Down, Ring, Ringing, Up, Busy… */
  state: string;
  callerId: { number: string; name: string };
  connectedLine: { number: string; name: string };
  bridgeId: string | null;
  /** The PJSIP endpoint for PJSIP/<endpoint>-<n> channels, else null. */
  endpoint: string | null;
}

export type ChannelChange =
  | { kind: "added" | "updated" | "removed"; channel: TrackedChannel }
  | { kind: "reset" };

const PJSIP_NAME = /^PJSIP\/([^-]+)-[0-9a-f]+$/;

/** "<unknown>" and empty both mean Asterisk does not know. */
function known(value: string | undefined): string {
  return value === undefined || value === "<unknown>" ? "" : value;
}

function fromEvent(event: AmiMessage): TrackedChannel | null {
  const name = event.get("Channel");
  const uniqueId = event.get("Uniqueid");
  if (name === undefined || uniqueId === undefined) return null;
  return {
    name,
    uniqueId,
    linkedId: event.get("Linkedid") ?? uniqueId,
    state: event.get("ChannelStateDesc") ?? "Down",
    callerId: { number: known(event.get("CallerIDNum")), name: known(event.get("CallerIDName")) },
    connectedLine: { number: known(event.get("ConnectedLineNum")), name: known(event.get("ConnectedLineName")) },
    bridgeId: event.get("BridgeId") || null,
    endpoint: PJSIP_NAME.exec(name)?.[1] ?? null,
  };
}

/**
 * The server's view of Asterisk's channels and bridges, kept from AMI events
 * and rebuilt from CoreShowChannels after every (re)connect, because events
 * missed while the link was down are gone for good.
 */
export class ChannelTracker {
  private readonly byId = new Map<string, TrackedChannel>();
  private readonly listeners = new Set<(change: ChannelChange) => void>();

  onChange(listener: (change: ChannelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(uniqueId: string): TrackedChannel | undefined {
    return this.byId.get(uniqueId);
  }

  all(): TrackedChannel[] {
    return [...this.byId.values()];
  }

  ofEndpoint(endpoint: string): TrackedChannel[] {
    return this.all().filter((channel) => channel.endpoint === endpoint);
  }

  /** Everyone else in the channel's bridge: for an agent's call, the caller. */
  bridgePeers(uniqueId: string): TrackedChannel[] {
    const bridgeId = this.byId.get(uniqueId)?.bridgeId;
    if (!bridgeId) return [];
    return this.all().filter((channel) => channel.bridgeId === bridgeId && channel.uniqueId !== uniqueId);
  }

  /** Replaces the whole view with CoreShowChannels' answer. */
  reset(snapshot: readonly AmiMessage[]): void {
    this.byId.clear();
    for (const event of snapshot) {
      const channel = fromEvent(event);
      if (channel !== null) this.byId.set(channel.uniqueId, channel);
    }
    this.emit({ kind: "reset" });
  }

  /** Folds one AMI event into the view. Events about unknown channels are ignored. */
  apply(event: AmiMessage): void {
    switch (event.event) {
      case "Newchannel": {
        const channel = fromEvent(event);
        if (channel === null) return;
        this.byId.set(channel.uniqueId, channel);
        this.emit({ kind: "added", channel });
        return;
      }
      case "Hangup": {
        const channel = this.channelOf(event);
        if (channel === undefined) return;
        this.byId.delete(channel.uniqueId);
        this.emit({ kind: "removed", channel });
        return;
      }
      case "Newstate":
      case "NewCallerid":
      case "NewConnectedLine":
      case "Rename":
      case "BridgeEnter":
      case "BridgeLeave":
        this.update(event);
        return;
      default:
        return;
    }
  }

  private update(event: AmiMessage): void {
    const channel = this.channelOf(event);
    if (channel === undefined) return;
    const newName = event.get("Newname");
    if (event.event === "Rename" && newName !== undefined) {
      channel.name = newName;
      channel.endpoint = PJSIP_NAME.exec(newName)?.[1] ?? null;
    } else if (event.event === "BridgeEnter") {
      channel.bridgeId = event.get("BridgeUniqueid") ?? null;
    } else if (event.event === "BridgeLeave") {
      if (channel.bridgeId === event.get("BridgeUniqueid")) channel.bridgeId = null;
    }
    const state = event.get("ChannelStateDesc");
    if (state !== undefined) channel.state = state;
    const callerIdNum = event.get("CallerIDNum");
    if (callerIdNum !== undefined) channel.callerId = { number: known(callerIdNum), name: known(event.get("CallerIDName")) };
    const connectedLineNum = event.get("ConnectedLineNum");
    if (connectedLineNum !== undefined) channel.connectedLine = { number: known(connectedLineNum), name: known(event.get("ConnectedLineName")) };
    this.emit({ kind: "updated", channel });
  }

  private channelOf(event: AmiMessage): TrackedChannel | undefined {
    const uniqueId = event.get("Uniqueid");
    return uniqueId === undefined ? undefined : this.byId.get(uniqueId);
  }

  private emit(change: ChannelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
