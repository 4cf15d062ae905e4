import type { ChannelTracker, TrackedChannel } from "../pbx/channel-tracker";
import type { PresenceDirectory } from "../pbx/presence";
import type { Followed } from "./model";
import type { ResyncReason, Signal } from "./signals";
import { locateCaller } from "./whereabouts";

type Resynced = Extract<Signal, { type: "resynced" }>;

/**
 * What the channel view says of a transfer when events cannot: after the AMI link came back,
 * after a server restart, or when Asterisk has been quiet too long. The state machine then
 * settles the transfer from it (resynced rules in state-machine.ts).
 */
export function reconcile(tracker: ChannelTracker, directory: PresenceDirectory, followed: Followed, why: ResyncReason): Resynced {
  const { origin, watch, target } = followed;
  let agentLeg: Resynced["agentLeg"] = "none";
  const consult: string[] = [];
  if (origin.kind === "transfer") {
    const leg = tracker.get(origin.agent.uniqueId);
    // A consultation the server never saw start (it was down) is found by the Local channel Atxfer dials.
    const isConsult = (peer: TrackedChannel) => watch.consult.includes(peer.uniqueId) || peer.name.startsWith(`Local/${target.exten}@`);
    const consultPeers = leg?.bridgeId == null ? [] : tracker.bridgePeers(leg.uniqueId).filter(isConsult);
    for (const peer of consultPeers) {
      const partner = tracker.localPartner(peer.uniqueId);
      consult.push(peer.uniqueId, ...(partner === undefined ? [] : [partner.uniqueId]));
    }
    if (leg === undefined) agentLeg = "gone";
    else if (leg.bridgeId === origin.agent.bridgeId) agentLeg = "with-caller";
    else if (consultPeers.length > 0) agentLeg = "consulting";
    else agentLeg = "elsewhere";
  }
  const consultAnswered = [...new Set([...watch.consult, ...consult])].some((id) => tracker.get(id)?.state === "Up" && tracker.localPartner(id)?.bridgeId != null);
  return { type: "resynced", place: locateCaller(tracker, directory, followed), agentLeg, consult, consultAnswered, why };
}
