import type { FastifyBaseLogger } from "fastify";
import type { CallsStore } from "../store/calls";
import type { ChannelTracker } from "./channel-tracker";
import type { PresenceDirectory } from "./presence";

/** Writes each agent's calls to the history: begun when their phone is bridged to someone, ended at hangup. */
export function recordCalls(tracker: ChannelTracker, directory: PresenceDirectory, calls: CallsStore, log: FastifyBaseLogger): () => void {
  const open = new Map<string, { linkedId: string; agentId: string }>();
  const fail = (error: unknown) => log.error({ err: error }, "recording call history failed");
  return tracker.onChange((change) => {
    if (change.kind === "reset") return;
    const { channel } = change;
    const agent = channel.endpoint === null ? undefined : directory.byExtension(channel.endpoint);
    if (agent === undefined) return;
    if (change.kind === "removed") {
      const call = open.get(channel.uniqueId);
      open.delete(channel.uniqueId);
      if (call !== undefined) calls.ended(call.linkedId, call.agentId, new Date().toISOString()).catch(fail);
      return;
    }
    if (open.has(channel.uniqueId) || channel.bridgeId === null) return;
    const peer = tracker.bridgePeers(channel.uniqueId)[0];
    if (peer === undefined) return;
    open.set(channel.uniqueId, { linkedId: channel.linkedId, agentId: agent.id });
    const remote = channel.connectedLine.number !== "" ? channel.connectedLine : peer.callerId;
    calls.started({ linkedId: channel.linkedId, agentId: agent.id, remote: { name: remote.name || remote.number, number: remote.number }, at: new Date().toISOString() }).catch(fail);
  });
}
