import type { AmiClient } from "../ami";
import type { ChannelTracker, TrackedChannel } from "./channel-tracker";

/**
 * Maps PJSIP channels to the SIP Call-ID their phone sees. Looked up once per
 * channel as it appears, so answering "which channel is this agent's call?"
 * needs no AMI round trip on the request path.
 */
export class SipCallIds {
  private readonly byUniqueId = new Map<string, Promise<string | null>>();

  constructor(private readonly ami: AmiClient, tracker: ChannelTracker) {
    tracker.onChange((change) => {
      if (change.kind === "reset") {
        this.byUniqueId.clear();
        for (const channel of tracker.all()) this.of(channel);
      } else if (change.kind === "added") {
        this.of(change.channel);
      } else if (change.kind === "removed") {
        this.byUniqueId.delete(change.channel.uniqueId);
      }
    });
  }

  /** The channel's Call-ID, or null for a non-PJSIP channel or one that vanished. */
  of(channel: TrackedChannel): Promise<string | null> {
    if (channel.endpoint === null) return Promise.resolve(null);
    let pending = this.byUniqueId.get(channel.uniqueId);
    if (pending === undefined) {
      pending = this.ami.send("Getvar", { Channel: channel.name, Variable: "CHANNEL(pjsip,call-id)" }).then(
        (reply) => reply.response.get("Value") || null,
        () => null,
      );
      this.byUniqueId.set(channel.uniqueId, pending);
      // A failed lookup (channel gone, link down) is not cached: the next ask tries again.
      void pending.then((value) => {
        if (value === null) this.byUniqueId.delete(channel.uniqueId);
      });
    }
    return pending;
  }

  /** The channel among `channels` whose Call-ID is `sipCallId`. */
  async find(channels: readonly TrackedChannel[], sipCallId: string): Promise<TrackedChannel | undefined> {
    const ids = await Promise.all(channels.map((channel) => this.of(channel)));
    return channels.find((_, i) => ids[i] === sipCallId);
  }
}
