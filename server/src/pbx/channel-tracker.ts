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
  /** Where the channel runs in the dialplan, and which application, while it is not bridged. */
  context: string;
  exten: string;
  application: string;
  /** Someone asked for this channel to hang up (HangupRequest/SoftHangupRequest): it is on its way out. */
  hangingUp: boolean;
}

export type ChannelChange =
  | { kind: "added" | "updated" | "removed"; channel: TrackedChannel }
  | { kind: "reset" };

const PJSIP_NAME = /^PJSIP\/([^-]+)-[0-9a-f]+$/;
/** Local/<exten>@<context>-<n>;1 and ;2 are the two halves of one Local channel. */
const LOCAL_NAME = /^(Local\/.+);([12])$/;

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
    context: event.get("Context") ?? "",
    exten: event.get("Exten") ?? "",
    // CoreShowChannel says Application; a Newchannel runs nothing yet.
    application: event.get("Application") ?? "",
    hangingUp: false,
  };
}

/** Adds to and removes from a Map of Sets, dropping empty sets. */
function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (set === undefined) index.set(key, (set = new Set()));
  set.add(value);
}
function removeFrom(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

/**
 * The server's view of Asterisk's channels and bridges, kept from AMI events
 * and rebuilt from CoreShowChannels after every (re)connect, because events
 * missed while the link was down are gone for good. Every question it answers
 * is an index lookup: its cost does not grow with the number of channels.
 */
export class ChannelTracker {
  private readonly byId = new Map<string, TrackedChannel>();
  private readonly byBridge = new Map<string, Set<string>>();
  private readonly byEndpoint = new Map<string, Set<string>>();
  /** Channel name → uniqueid (names are unique among live channels; a Rename moves the entry). */
  private readonly byName = new Map<string, string>();
  /** "Local/x@ctx-0001" → the uniqueids of its ;1 and ;2 halves. */
  private readonly byLocalBase = new Map<string, Set<string>>();
  private readonly listeners = new Set<(change: ChannelChange) => void>();

  onChange(listener: (change: ChannelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.byId.size;
  }

  get(uniqueId: string): TrackedChannel | undefined {
    return this.byId.get(uniqueId);
  }

  all(): TrackedChannel[] {
    return [...this.byId.values()];
  }

  /** The live channel of that name, e.g. the one a bot names in its handoff. */
  named(name: string): TrackedChannel | undefined {
    const uniqueId = this.byName.get(name);
    return uniqueId === undefined ? undefined : this.byId.get(uniqueId);
  }

  ofEndpoint(endpoint: string): TrackedChannel[] {
    return this.lookup(this.byEndpoint.get(endpoint));
  }

  /** Everyone else in the channel's bridge: for an agent's call, the caller. */
  bridgePeers(uniqueId: string): TrackedChannel[] {
    const bridgeId = this.byId.get(uniqueId)?.bridgeId;
    if (!bridgeId) return [];
    return this.lookup(this.byBridge.get(bridgeId)).filter((channel) => channel.uniqueId !== uniqueId);
  }

  inBridge(bridgeId: string): TrackedChannel[] {
    return this.lookup(this.byBridge.get(bridgeId));
  }

  /** The other half of a Local channel (;1 ↔ ;2), or undefined for any other channel. */
  localPartner(uniqueId: string): TrackedChannel | undefined {
    const channel = this.byId.get(uniqueId);
    const base = channel === undefined ? undefined : LOCAL_NAME.exec(channel.name)?.[1];
    if (base === undefined) return undefined;
    return this.lookup(this.byLocalBase.get(base)).find((half) => half.uniqueId !== uniqueId);
  }

  /** Replaces the whole view with CoreShowChannels' answer. */
  reset(snapshot: readonly AmiMessage[]): void {
    this.byId.clear();
    this.byBridge.clear();
    this.byEndpoint.clear();
    this.byName.clear();
    this.byLocalBase.clear();
    for (const event of snapshot) {
      const channel = fromEvent(event);
      if (channel !== null) this.insert(channel);
    }
    this.emit({ kind: "reset" });
  }

  /** Folds one AMI event into the view. Events about unknown channels are ignored. */
  apply(event: AmiMessage): void {
    switch (event.event) {
      case "Newchannel": {
        const channel = fromEvent(event);
        if (channel === null) return;
        this.insert(channel);
        this.emit({ kind: "added", channel });
        return;
      }
      case "Hangup": {
        const channel = this.channelOf(event);
        if (channel === undefined) return;
        this.remove(channel);
        this.emit({ kind: "removed", channel });
        return;
      }
      case "Newexten": {
        // The most frequent event after VarSet: update in place, tell nobody (no one decides on it alone).
        const channel = this.channelOf(event);
        if (channel === undefined) return;
        channel.context = event.get("Context") ?? channel.context;
        channel.exten = event.get("Extension") ?? channel.exten;
        channel.application = event.get("Application") ?? channel.application;
        return;
      }
      case "HangupRequest":
      case "SoftHangupRequest": {
        const channel = this.channelOf(event);
        if (channel !== undefined && !channel.hangingUp) {
          channel.hangingUp = true;
          this.emit({ kind: "updated", channel });
        }
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
      this.unindex(channel);
      channel.name = newName;
      channel.endpoint = PJSIP_NAME.exec(newName)?.[1] ?? null;
      this.index(channel);
    } else if (event.event === "BridgeEnter") {
      this.setBridge(channel, event.get("BridgeUniqueid") ?? null);
    } else if (event.event === "BridgeLeave") {
      if (channel.bridgeId === event.get("BridgeUniqueid")) this.setBridge(channel, null);
    }
    const state = event.get("ChannelStateDesc");
    if (state !== undefined) channel.state = state;
    const callerIdNum = event.get("CallerIDNum");
    if (callerIdNum !== undefined) channel.callerId = { number: known(callerIdNum), name: known(event.get("CallerIDName")) };
    const connectedLineNum = event.get("ConnectedLineNum");
    if (connectedLineNum !== undefined) channel.connectedLine = { number: known(connectedLineNum), name: known(event.get("ConnectedLineName")) };
    this.emit({ kind: "updated", channel });
  }

  private setBridge(channel: TrackedChannel, bridgeId: string | null): void {
    if (channel.bridgeId) removeFrom(this.byBridge, channel.bridgeId, channel.uniqueId);
    channel.bridgeId = bridgeId;
    if (bridgeId) addTo(this.byBridge, bridgeId, channel.uniqueId);
  }

  private insert(channel: TrackedChannel): void {
    const old = this.byId.get(channel.uniqueId);
    if (old !== undefined) this.remove(old);
    this.byId.set(channel.uniqueId, channel);
    this.index(channel);
    if (channel.bridgeId) addTo(this.byBridge, channel.bridgeId, channel.uniqueId);
  }

  private remove(channel: TrackedChannel): void {
    this.byId.delete(channel.uniqueId);
    this.unindex(channel);
    if (channel.bridgeId) removeFrom(this.byBridge, channel.bridgeId, channel.uniqueId);
  }

  private index(channel: TrackedChannel): void {
    this.byName.set(channel.name, channel.uniqueId);
    if (channel.endpoint !== null) addTo(this.byEndpoint, channel.endpoint, channel.uniqueId);
    const base = LOCAL_NAME.exec(channel.name)?.[1];
    if (base !== undefined) addTo(this.byLocalBase, base, channel.uniqueId);
  }

  private unindex(channel: TrackedChannel): void {
    if (this.byName.get(channel.name) === channel.uniqueId) this.byName.delete(channel.name);
    if (channel.endpoint !== null) removeFrom(this.byEndpoint, channel.endpoint, channel.uniqueId);
    const base = LOCAL_NAME.exec(channel.name)?.[1];
    if (base !== undefined) removeFrom(this.byLocalBase, base, channel.uniqueId);
  }

  private lookup(ids: ReadonlySet<string> | undefined): TrackedChannel[] {
    if (ids === undefined) return [];
    const out: TrackedChannel[] = [];
    for (const id of ids) {
      const channel = this.byId.get(id);
      if (channel !== undefined) out.push(channel);
    }
    return out;
  }

  private channelOf(event: AmiMessage): TrackedChannel | undefined {
    const uniqueId = event.get("Uniqueid");
    return uniqueId === undefined ? undefined : this.byId.get(uniqueId);
  }

  private emit(change: ChannelChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
