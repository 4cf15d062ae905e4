import { HANDOFF_CONTEXTS } from "@handoff/dialplan";
import { AmiActionError, type AmiClient } from "../ami";
import { playFeatureCode } from "../pbx/feature-code";
import type { AgentLeg, Origin, ResolvedTarget } from "./model";
import type { PbxAction } from "./state-machine";

/** How an action ended: done, refused by Asterisk (nothing moved), or unknown (the link went first). */
export type ActionOutcome = "done" | "refused" | "lost";

/**
 * The AMI actions that move calls, composed in one place. Each is written
 * once; its outcome is reported, never retried here.
 */
export class PbxActions {
  constructor(
    private readonly ami: AmiClient,
    private readonly onRefused: (action: string, reply: string) => void,
  ) {}

  /** The transfer's first action. `send()` writes synchronously: once this returns, the action is on the wire. */
  start(origin: Origin, target: ResolvedTarget): Promise<ActionOutcome> {
    if (origin.kind === "handoff") {
      // The bot's caller is moved as it is; the handoff landing marks it so a failure goes to the fallback queue.
      return this.outcome("Redirect", this.ami.send("Redirect", { Channel: origin.callerChannel, Context: HANDOFF_CONTEXTS.handoff, Exten: target.exten, Priority: 1 }));
    }
    if (origin.mode === "blind") {
      return this.outcome("BlindTransfer", this.ami.send("BlindTransfer", { Channel: origin.agent.channel, Context: HANDOFF_CONTEXTS.transfer, Exten: target.exten }));
    }
    // Atxfer collects the number like dialled digits: "#" ends it at once, where an open-ended pattern would wait for more.
    const exten = target.kind === "external" ? `${target.exten}#` : target.exten;
    return this.outcome("Atxfer", this.ami.send("Atxfer", { Channel: origin.agent.channel, Context: HANDOFF_CONTEXTS.transfer, Exten: exten }));
  }

  followUp(action: PbxAction, agent: AgentLeg): Promise<ActionOutcome> {
    switch (action) {
      case "complete-consultation":
        // Had the target just hung up and the agent been handed the caller back, the code does nothing, where
        // hanging the agent's leg up would have dropped the caller.
        return this.outcome("PlayDTMF", playFeatureCode(this.ami, agent.channel, "atxfercomplete"));
      case "cancel-consultation":
        return this.outcome("CancelAtxfer", this.ami.send("CancelAtxfer", { Channel: agent.channel }));
    }
  }

  private async outcome(action: string, sent: Promise<unknown>): Promise<ActionOutcome> {
    try {
      await sent;
      return "done";
    } catch (error) {
      if (error instanceof AmiActionError) {
        // Asterisk's own words go to the log, never to an agent.
        this.onRefused(action, error.reply);
        return "refused";
      }
      return "lost";
    }
  }
}
