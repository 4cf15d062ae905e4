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
  const name = event.Channel;
  const uniqueId = event.Uniqueid;
  if (name === undefined || uniqueId === undefined) return null;
  return {
    name,
    uniqueId,
    linkedId: event.Linkedid ?? uniqueId,
    state: event.ChannelStateDesc ?? "Down",
    callerId: { number: known(event.CallerIDNum), name: known(event.CallerIDName) },
    connectedLine: { number: known(event.ConnectedLineNum), name: known(event.ConnectedLineName) },
    bridgeId: event.BridgeId || null,
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
    switch (event.Event) {
      case "Newchannel": {
        const channel = fromEvent(event);
        if (channel === null) return;
        this.byId.set(channel.uniqueId, channel);
        this.emit({ kind: "added", channel });
        return;
      }
      case "Hangup": {
        const channel = event.Uniqueid === undefined ? undefined : this.byId.get(event.Uniqueid);
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
    const channel = event.Uniqueid === undefined ? undefined : this.byId.get(event.Uniqueid);
    if (channel === undefined) return;
    if (event.Event === "Rename" && event.Newname !== undefined) {
      channel.name = event.Newname;
      channel.endpoint = PJSIP_NAME.exec(event.Newname)?.[1] ?? null;
    } else if (event.Event === "BridgeEnter") {
      channel.bridgeId = event.BridgeUniqueid ?? null;
    } else if (event.Event === "BridgeLeave") {
      if (channel.bridgeId === event.BridgeUniqueid) channel.bridgeId = null;
    }
    if (event.ChannelStateDesc !== undefined) channel.state = event.ChannelStateDesc;
    if (event.CallerIDNum !== undefined) channel.callerId = { number: known(event.CallerIDNum), name: known(event.CallerIDName) };
    if (event.ConnectedLineNum !== undefined) channel.connectedLine = { number: known(event.ConnectedLineNum), name: known(event.ConnectedLineName) };
    this.emit({ kind: "updated", channel });
  }

  private emit(change: ChannelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
