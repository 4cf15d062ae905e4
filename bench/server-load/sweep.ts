/** The end of every run, however it ended: nothing of this benchmark may stay in Asterisk. */
import type { AmiLink } from "./ami-link";
import { CHURN_CHANNEL } from "./churn";
import { NAME, type ServerLoadOptions } from "./options";
import type { TransferAgent } from "./transfer-agent";

const CLEANUP_TIMEOUT_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hangs up whatever of this run is left and waits until Asterisk lists none of it. */
export async function sweep(ami: AmiLink, agents: readonly TransferAgent[], options: ServerLoadOptions, log: (line: string) => void): Promise<string> {
  const patterns = [CHURN_CHANNEL, ...agents.flatMap((agent) => agent.channelPatterns)];
  const mine = async () => {
    const { events } = await ami.send("CoreShowChannels");
    return events.map((e) => e.get("Channel") ?? "").filter((name) => patterns.some((pattern) => pattern.test(name)));
  };
  try {
    // Churn calls end by themselves within their hold; give them that first.
    await sleep((Math.max(options.held / options.callsPerSecond, options.peakHoldSeconds) + 1) * 1000);
    for (const agent of agents) await agent.hangUpCustomer().catch(() => undefined);
    await ami.send("Hangup", { Channel: `/${CHURN_CHANNEL.source.replaceAll("/", "\\/")}/` }).catch(() => undefined);
    const deadline = Date.now() + CLEANUP_TIMEOUT_MS;
    let left = await mine();
    while (left.length > 0 && Date.now() < deadline) {
      await sleep(250);
      left = await mine();
    }
    const report = left.length === 0 ? "no channel of this run left in Asterisk" : `${left.length} channels of this run still in Asterisk: ${left.slice(0, 5).join(", ")}`;
    log(`${NAME}: ${report}`);
    return report;
  } catch (error) {
    return `could not check Asterisk's channels: ${error instanceof Error ? error.message : String(error)}`;
  }
}
