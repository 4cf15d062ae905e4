import { VISITOR_EVENTS } from "@handoff/dialplan";
import type { HandoffRequest, Transfer } from "@handoff/contract";
import type { AmiMessage } from "../../server/src/ami";

export interface ReferenceBotOptions {
  /** The dialplan's UserEvents (the bot's read-only AMI user). */
  events: { onEvent(listener: (event: AmiMessage) => void): () => void };
  /** The Handoff API, signed in as a user with the bot role. */
  api: { handoff(request: HandoffRequest): Promise<Transfer> };
  /** Who takes the visitor: a queue (the default), an agent or an extension. */
  target: HandoffRequest["target"];
  log: { info(details: object, message: string): void; error(details: object, message: string): void };
  /** Waits between attempts when the server cannot be reached; the visitor hears the bot's waiting tone meanwhile. */
  retryDelaysMs?: readonly number[];
}

/**
 * The reference voice bot: the template a real AI bot replaces. Its "conversation" is the dialplan's
 * (handoff-visitor-bot: a prompt, DTMF 0 for a person); what it does itself is what every bot must do at the
 * end of one: ask the Handoff server to hand the caller to a person, with a summary the agent sees while it
 * rings. It never moves the call itself and holds no AMI write class.
 */
export class ReferenceBot {
  /** Callers being handed on: a visitor pressing 0 again meanwhile starts nothing new. */
  private readonly handing = new Set<string>();

  constructor(private readonly o: ReferenceBotOptions) {}

  start(): () => void {
    return this.o.events.onEvent((event) => {
      if (event.event !== "UserEvent" || event.get("UserEvent") !== VISITOR_EVENTS.asksForHuman) return;
      const uniqueId = event.get("Uniqueid");
      if (uniqueId === undefined || this.handing.has(uniqueId)) return;
      this.handing.add(uniqueId);
      void this.handOff(uniqueId, event.get("CallerIDNum") ?? "a website visitor").finally(() => this.handing.delete(uniqueId));
    });
  }

  private async handOff(uniqueId: string, caller: string): Promise<void> {
    const request: HandoffRequest = {
      uniqueId,
      target: this.o.target,
      context: {
        reason: "The visitor asked for a person",
        summary: `Website visitor (${caller}) called from the website widget and pressed 0 to talk to a person.`,
      },
    };
    const delays = this.o.retryDelaysMs ?? [500, 2_000, 5_000];
    for (let attempt = 0; ; attempt++) {
      try {
        const transfer = await this.o.api.handoff(request);
        this.o.log.info({ uniqueId, transferId: transfer.id, status: transfer.status }, "handed the visitor to a person");
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // Only an unknown outcome is worth asking again; a refusal would be refused again.
        const unknown = code === "network" || code === "timeout" || code === "pbx_unavailable" || code === "internal";
        const delay = delays[attempt];
        if (!unknown || delay === undefined) {
          this.o.log.error({ uniqueId, err: error }, "could not hand the visitor on; they stay with the bot's waiting tone");
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
