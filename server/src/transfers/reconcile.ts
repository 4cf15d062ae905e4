import type { ChannelTracker, TrackedChannel } from "../pbx/channel-tracker";
import type { PresenceDirectory } from "../pbx/presence";
import type { Followed, Origin } from "./model";
import type { ResyncReason, Signal } from "./signals";
import { locateCaller } from "./whereabouts";

type Resynced = Extract<Signal, { type: "resynced" }>;

/**
 * What the channel view says of a transfer when events cannot: after the AMI link came back,
 * after a server restart, or when Asterisk has been quiet too long. The state machine then
 * settles the transfer from it (resynced rules in state-machine.ts).
 */
export function reconcile(tracker: ChannelTracker, directory: PresenceDirectory, followed: Followed, why: ResyncReason): Resynced {
  const { origin, watch } = followed;
  let agentLeg: Resynced["agentLeg"] = "none";
  const consult: string[] = [];
  if (origin.kind === "transfer") {
    const leg = tracker.get(origin.agent.uniqueId);
    const consultPeers = leg === undefined ? [] : consultation(tracker, leg, origin, followed);
    for (const peer of consultPeers) {
      const partner = tracker.localPartner(peer.uniqueId);
      consult.push(peer.uniqueId, ...(partner === undefined ? [] : [partner.uniqueId]));
    }
    if (leg === undefined) agentLeg = "gone";
    else if (leg.bridgeId === origin.agent.bridgeId) agentLeg = "with-caller";
    else if (consultPeers.length > 0) agentLeg = "consulting";
    else agentLeg = "elsewhere";
  }
  const consultAnswered = [...new Set([...watch.consult, ...consult])].some((id) => answered(tracker, id));
  return { type: "resynced", place: locateCaller(tracker, directory, followed), agentLeg, consult, consultAnswered, why };
}

/**
 * Who the agent's leg consults with, found without the events of it (the server was down).
 * Atxfer dials a Local channel on the agent's behalf; once the target answers, Asterisk may
 * optimize that pair away and bridge the agent straight with the target's own channel, so an
 * attended agent leg away from its first bridge, and not with the caller, consults whoever is there.
 */
function consultation(tracker: ChannelTracker, leg: TrackedChannel, origin: Extract<Origin, { kind: "transfer" }>, followed: Followed): TrackedChannel[] {
  if (leg.bridgeId == null) return [];
  const peers = tracker.bridgePeers(leg.uniqueId);
  const viaLocal = peers.filter((peer) => followed.watch.consult.includes(peer.uniqueId) || peer.name.startsWith(`Local/${followed.target.exten}@`));
  if (viaLocal.length > 0) return viaLocal;
  const away = origin.mode === "attended" && leg.bridgeId !== origin.agent.bridgeId;
  return away && !peers.some((peer) => peer.uniqueId === followed.watch.callerUniqueId) ? peers : [];
}

/** A consultation channel the target answered: a Local half whose partner is bridged, or the target's own channel, Up. */
function answered(tracker: ChannelTracker, uniqueId: string): boolean {
  const channel = tracker.get(uniqueId);
  if (channel?.state !== "Up") return false;
  if (!channel.name.startsWith("Local/")) return true;
  return tracker.localPartner(uniqueId)?.bridgeId != null;
}
