import type { FastifyBaseLogger } from "fastify";
import type { CallsStore } from "../store/calls";
import type { ChannelTracker, TrackedChannel } from "./channel-tracker";
import type { PresenceDirectory } from "./presence";

/** Writes each agent's calls to the history: begun when their phone is bridged to someone, ended at hangup. */
export function recordCalls(tracker: ChannelTracker, directory: PresenceDirectory, calls: CallsStore, log: FastifyBaseLogger): () => void {
  const open = new Map<string, { linkedId: string; agentId: string }>();
  const fail = (error: unknown) => log.error({ err: error }, "recording call history failed");
  // Written after the events of the read are handled (in their order: setImmediate is FIFO), not in the middle of them:
  // an agent's leg ends in the same read as the reply to the transfer that moved its caller.
  const later = (write: () => Promise<void>) => setImmediate(() => write().catch(fail));
  const agentOf = (channel: TrackedChannel) => (channel.endpoint === null ? undefined : directory.byExtension(channel.endpoint));

  function startIfBridged(channel: TrackedChannel): void {
    const agent = agentOf(channel);
    if (agent === undefined || open.has(channel.uniqueId)) return;
    const peer = tracker.bridgePeers(channel.uniqueId)[0];
    if (peer === undefined) return;
    open.set(channel.uniqueId, { linkedId: channel.linkedId, agentId: agent.id });
    const remote = channel.connectedLine.number !== "" ? channel.connectedLine : peer.callerId;
    const start = { linkedId: channel.linkedId, agentId: agent.id, remote: { name: remote.name || remote.number, number: remote.number }, at: new Date().toISOString() };
    later(() => calls.started(start));
  }

  function end(uniqueId: string): void {
    const call = open.get(uniqueId);
    open.delete(uniqueId);
    if (call === undefined) return;
    const at = new Date().toISOString();
    later(() => calls.ended(call.linkedId, call.agentId, at));
  }

  return tracker.onChange((change) => {
    if (change.kind === "reset") {
      // Calls that ended while the link was down get no Hangup event: end them now.
      for (const uniqueId of [...open.keys()]) if (tracker.get(uniqueId) === undefined) end(uniqueId);
      for (const channel of tracker.all()) startIfBridged(channel);
      return;
    }
    const { channel } = change;
    if (change.kind === "removed") {
      end(channel.uniqueId);
      return;
    }
    // Either side may enter the bridge last: look at everyone in it.
    startIfBridged(channel);
    for (const peer of tracker.bridgePeers(channel.uniqueId)) startIfBridged(peer);
  });
}
