/**
 * Real device-state changes from Asterisk: an inbound customer call rings one
 * extension (its phone does not answer) and is hung up, on the test AMI user,
 * as e2e/support/pbx.ts does. Each ring and each hangup is one change.
 */
import type { AmiCredentials, PbxConnection } from "../../pbx/src/connection";
import { AmiClient } from "../../server/src/ami";

const TEST_ACTIONS = new Set(["Events", "Originate", "Hangup", "CoreShowChannels"]);
/** Asterisk drops a ring nobody hung up after this: a crashed run leaves no call behind for long. */
const RING_LIMIT_MS = 15_000;

export class Ringer {
  private next = 1;
  private current: string | undefined;

  private constructor(
    private ami: AmiClient,
    private readonly credentials: AmiCredentials,
    private readonly extension: string,
    private readonly runId: string,
  ) {}

  static async connect(pbx: PbxConnection, extension: string): Promise<Ringer> {
    if (pbx.amiTest === null) throw new Error("This PBX has no test AMI user, which the fan-out benchmark needs to ring a phone: use the local PBX (npm run pbx:up).");
    return new Ringer(await open(pbx.amiTest), pbx.amiTest, extension, Date.now().toString(36));
  }

  /** Rings the extension (async: it returns once Asterisk queued the call). */
  async ring(): Promise<void> {
    const channelId = `fanout-${this.runId}-${this.next++}`;
    this.current = channelId;
    await this.ami.send("Originate", {
      Channel: `Local/${this.extension}@handoff-inbound`,
      Context: "handoff-customer",
      Exten: "s",
      Priority: 1,
      CallerID: "Fan-out bench <5550199>",
      Async: "true",
      Timeout: RING_LIMIT_MS,
      // Our name for the customer's half, so the hangup names exactly this call.
      ChannelId: channelId,
    });
  }

  /** Hangs up the ringing call: its Local half goes, and Dial cancels the phone's leg. */
  async hangUp(): Promise<void> {
    const channel = this.current;
    this.current = undefined;
    if (channel !== undefined) await this.ami.send("Hangup", { Channel: channel });
  }

  /** Channels of this extension that Asterisk still has (the phone's leg or an inbound call to it). */
  async leftovers(): Promise<string[]> {
    const { events } = await this.ami.send("CoreShowChannels");
    const ours = new RegExp(`^(PJSIP/${this.extension}-|Local/${this.extension}@handoff-inbound-)`);
    return events.flatMap((event) => {
      const channel = event.get("Channel") ?? "";
      return ours.test(channel) ? [channel] : [];
    });
  }

  /**
   * Hangs up whatever of this extension is left and closes the link. Returns
   * what had to be hung up and what Asterisk still lists after that (should be nothing).
   */
  async close(): Promise<{ hungUp: string[]; remaining: string[] }> {
    // Under a flood of other people's calls Asterisk may have dropped the link: the check needs one.
    if (this.ami.state !== "connected") this.ami = await open(this.credentials);
    try {
      const hungUp = await this.leftovers();
      for (const channel of hungUp) await this.ami.send("Hangup", { Channel: channel }).catch(() => undefined);
      if (hungUp.length > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      return { hungUp, remaining: await this.leftovers() };
    } finally {
      await this.ami.close();
    }
  }
}

/** A test AMI link that receives no events: it only sends actions and reads their replies, so it is never a slow reader. */
async function open(credentials: AmiCredentials): Promise<AmiClient> {
  const ami = await AmiClient.connect({ ...credentials, allowedActions: TEST_ACTIONS, keepaliveMs: false });
  await ami.send("Events", { EventMask: "off" });
  return ami;
}
