import { HANDOFF_CONTEXTS } from "@handoff/dialplan";
import { AmiActionError, type AmiClient } from "../ami";
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
        return this.outcome("PlayDTMF", this.completeConsultation(agent.channel));
      case "cancel-consultation":
        return this.outcome("CancelAtxfer", this.ami.send("CancelAtxfer", { Channel: agent.channel }));
    }
  }

  /**
   * Completes an attended transfer the way the agent's own keypad would: the channel's atxfercomplete code
   * (random per channel, see dialplan/ handoff-transfer-codes) arrives as received DTMF. Asterisk acts on it
   * only inside the consultation; had the target just hung up and the agent been handed the caller back,
   * the digits do nothing, where hanging the agent's leg up would have dropped the caller.
   */
  private async completeConsultation(channel: string): Promise<void> {
    const code = (await this.ami.send("Getvar", { Channel: channel, Variable: "FEATURE(atxfercomplete)" })).response.get("Value") ?? "";
    if (!/^[0-9*#]+$/.test(code)) throw new AmiActionError("Getvar", `no atxfercomplete code on ${channel}`);
    // Sent together: the AMI link keeps their order, and Asterisk's digit timeout runs between them.
    await Promise.all([...code].map((digit) => this.ami.send("PlayDTMF", { Channel: channel, Digit: digit, Receive: "yes" })));
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
