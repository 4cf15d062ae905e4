import { describe, expect, it } from "vitest";
import { AmiMessage } from "../ami";
import { ChannelTracker } from "../pbx/channel-tracker";
import { PresenceDirectory } from "../pbx/presence";
import { TransferService, type TransferServiceOptions } from "./service";

const event = (fields: Record<string, string>) => new AmiMessage(Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join("\r\n"));

/** A service with only what a handoff reads before it moves anything: the tracker, the directory, the queues. */
function service(tracker: ChannelTracker, botContexts?: string[]) {
  const directory = new PresenceDirectory([
    { id: "bot-1", name: "Voice Bot", username: "voicebot", extension: null, role: "bot", chosenStatus: "available" },
    { id: "agent-1", name: "Alice", username: "alice", extension: "1001", role: "agent", chosenStatus: "available" },
  ]);
  const options = { ami: { state: "connected" }, tracker, directory, destinations: { queues: new Map([["support", "2000"]]), trunks: [] }, raceWaitMs: 10, ...(botContexts ? { botContexts } : {}) };
  return new TransferService(options as unknown as TransferServiceOptions);
}

const BOT = { agentId: "bot-1", role: "bot" as const, sessionId: "s", tokenId: "t" };
const handoff = (channel: string) => ({ channel, target: { kind: "queue" as const, value: "support" }, context: { reason: "billing", summary: "wants a refund" } });

function tracked(): ChannelTracker {
  const tracker = new ChannelTracker();
  // The e2e bot caller: a Local pair whose ;2 half runs the bot's dialplan.
  tracker.apply(event({ Event: "Newchannel", Channel: "Local/s@handoff-bot-00000001;2", Uniqueid: "1700000000.10", Context: "handoff-bot", Exten: "s", ChannelStateDesc: "Up" }));
  // A customer call in the agents' inbound context, not a bot's.
  tracker.apply(event({ Event: "Newchannel", Channel: "PJSIP/trunk-00000002", Uniqueid: "1700000000.20", Context: "from-pstn", Exten: "100", ChannelStateDesc: "Ring" }));
  // A channel that started in the bot's context and moved on (Newexten) to another.
  tracker.apply(event({ Event: "Newchannel", Channel: "Local/s@handoff-bot-00000003;2", Uniqueid: "1700000000.30", Context: "handoff-bot", Exten: "s", ChannelStateDesc: "Up" }));
  tracker.apply(event({ Event: "Newexten", Channel: "Local/s@handoff-bot-00000003;2", Uniqueid: "1700000000.30", Context: "internal", Extension: "1002", Application: "Dial" }));
  return tracker;
}

describe("a bot hands off only callers in the bot contexts", () => {
  it("refuses a channel in another context with 403 and says why", async () => {
    const transfers = service(tracked());
    await expect(transfers.handoff(BOT, handoff("PJSIP/trunk-00000002"))).rejects.toMatchObject({ kind: "forbidden", message: expect.stringContaining("not a caller of a bot") });
    await expect(transfers.handoff(BOT, handoff("Local/s@handoff-bot-00000003;2"))).rejects.toMatchObject({ kind: "forbidden", message: expect.stringContaining('context "internal"') });
  });

  it("lets a caller in handoff-bot (the default) past the check", async () => {
    const error = await service(tracked())
      .handoff(BOT, handoff("Local/s@handoff-bot-00000001;2"))
      .then(() => null, (e: unknown) => e);
    // The stub service has no follower, so it fails further on; not at the context check.
    expect(String((error as Error | null)?.message)).not.toContain("not a caller of a bot");
  });

  it("follows HANDOFF_BOT_CONTEXTS", async () => {
    await expect(service(tracked(), ["ivr"]).handoff(BOT, handoff("Local/s@handoff-bot-00000001;2"))).rejects.toMatchObject({ kind: "forbidden" });
  });
});
