import { CONFERENCE_CONTEXT } from "@handoff/dialplan";
import type { AmiClient } from "../ami";
import { playFeatureCode } from "../pbx/feature-code";

/**
 * The AMI actions of conferences, all write class `call`: Redirect moves channels into the room (no Originate:
 * the server never creates a channel), PlayDTMF joins an attended consultation into one three-way bridge
 * first, ConfbridgeKick takes someone out (their leg then hangs up in the dialplan).
 */
export class ConferenceActions {
  constructor(private readonly ami: AmiClient) {}

  /** Asterisk ends the attended consultation with caller, agent and target in the caller's bridge. */
  threeWay(agentChannel: string): Promise<void> {
    return playFeatureCode(this.ami, agentChannel, "atxferthreeway");
  }

  /** Moves one channel, or two at once, into the room. */
  async moveIn(room: string, channel: string, extra?: string): Promise<void> {
    await this.ami.send("Redirect", {
      Channel: channel,
      Context: CONFERENCE_CONTEXT,
      Exten: room,
      Priority: 1,
      ...(extra === undefined ? {} : { ExtraChannel: extra, ExtraContext: CONFERENCE_CONTEXT, ExtraExten: room, ExtraPriority: 1 }),
    });
  }

  /** Takes a channel out of the room ("all": everyone). */
  async kick(bridgeName: string, channel: string): Promise<void> {
    await this.ami.send("ConfbridgeKick", { Conference: bridgeName, Channel: channel });
  }
}
