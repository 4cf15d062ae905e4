import { HANDOFF_CONTEXTS } from "@handoff/dialplan";
import type { ChannelTracker, TrackedChannel } from "../pbx/channel-tracker";
import type { PresenceDirectory } from "../pbx/presence";
import type { CallerPlace, Followed, Party } from "./model";

/** Local pairs chained in a row; more would be a dialplan loop, not a call. */
const MAX_HOPS = 4;

const isLocal = (channel: TrackedChannel) => channel.name.startsWith("Local/");
const PRODUCT_CONTEXTS: ReadonlySet<string> = new Set(Object.values(HANDOFF_CONTEXTS));

/**
 * Where a transfer's caller is now: bridged (through any Local channel pairs)
 * with someone who answered, running dialplan, alone in a bridge, or gone.
 */
export function locateCaller(tracker: ChannelTracker, directory: PresenceDirectory, followed: Followed): CallerPlace {
  const caller = tracker.get(followed.watch.callerUniqueId);
  if (caller === undefined) return { at: "gone" };
  let channel: TrackedChannel = caller;
  const seen = new Set<string>([channel.uniqueId]);
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (channel.bridgeId === null) return { at: "dialplan", context: channel.context, application: channel.application };
    const peers: TrackedChannel[] = tracker.bridgePeers(channel.uniqueId).filter((peer) => !seen.has(peer.uniqueId));
    const answered = peers.find((peer) => !isLocal(peer) && peer.state === "Up");
    if (answered !== undefined) return { at: "party", party: partyOf(answered, directory, followed) };
    // Through a Local pair: what its other half is doing is what the caller is doing.
    const local: TrackedChannel | undefined = peers.find(isLocal);
    const far: TrackedChannel | undefined = local === undefined ? undefined : tracker.localPartner(local.uniqueId);
    if (local === undefined || far === undefined || seen.has(far.uniqueId)) return { at: "alone" };
    seen.add(local.uniqueId).add(far.uniqueId);
    if (far.bridgeId === null) {
      // Dialplan outside ours that answered (an outside line, an IVR) is a party; ours is a caller on the way.
      if (far.state === "Up" && local.state === "Up" && !PRODUCT_CONTEXTS.has(far.context)) return { at: "party", party: partyOf(far, directory, followed) };
      return { at: "dialplan", context: far.context, application: far.application };
    }
    channel = far;
  }
  return { at: "alone" };
}

function partyOf(channel: TrackedChannel, directory: PresenceDirectory, { origin, target }: Followed): Party {
  const agent = channel.endpoint === null ? undefined : directory.byExtension(channel.endpoint);
  if (agent !== undefined && origin.kind === "transfer" && agent.id === origin.agent.agentId) return { role: "transferer" };
  switch (target.kind) {
    case "queue":
      if (agent !== undefined) return { role: "target", agentId: agent.id };
      break;
    case "external":
      if (agent === undefined) return { role: "target", agentId: null };
      break;
    case "remote":
      // The trunk's channel (PJSIP/<trunk>-…) answered: the remote PBX's extension has the caller.
      if (channel.endpoint === target.trunk) return { role: "target", agentId: null };
      break;
    default:
      if (channel.endpoint === target.exten) return { role: "target", agentId: agent?.id ?? null };
      // An extension that is a queue: whoever answers from it is the target.
      if (target.queue !== null && agent !== undefined) return { role: "target", agentId: agent.id };
  }
  return agent !== undefined ? { role: "agent", agentId: agent.id, name: agent.name } : { role: "other", channel: channel.name };
}
