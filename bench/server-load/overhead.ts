/**
 * What of a transfer request's time is the server's own: the HTTP round trip
 * minus the time Asterisk held the server's AMI actions for that agent's call
 * (BlindTransfer, and a Getvar if a Call-ID was not known yet), as the proxy saw
 * them pass. Overlapping actions count once.
 */
import type { ProxyAction } from "./proxy-protocol";
import type { TransferSample } from "./transfer-agent";

export interface OverheadSample {
  readonly httpMs: number;
  /** Time inside [POST written, reply read] with at least one of the agent's actions awaiting Asterisk. */
  readonly amiMs: number;
  readonly overheadMs: number;
  /** The BlindTransfer's own round trip at the proxy. */
  readonly blindTransferMs: number | undefined;
}

export function overheadOf(sample: TransferSample, actions: readonly ProxyAction[]): OverheadSample | string {
  const { postedAt, httpMs } = sample;
  if (postedAt === undefined || httpMs === undefined) return "no HTTP round trip";
  const from = postedAt;
  const to = postedAt + httpMs;
  const channelPrefix = `PJSIP/${sample.extension}-`;
  const mine = actions.filter((a) => a.action !== "Ping" && a.channel?.startsWith(channelPrefix) && a.sentAt < to && (a.repliedAt ?? to) > from);
  const blind = mine.find((a) => a.action === "BlindTransfer" && a.sentAt >= from);
  if (blind === undefined) return "no BlindTransfer from the server during the request";
  const intervals = mine.map((a) => [Math.max(a.sentAt, from), Math.min(a.repliedAt ?? to, to)] as const).sort((a, b) => a[0] - b[0]);
  let amiMs = 0;
  let coveredUntil = from;
  for (const [start, end] of intervals) {
    const clippedStart = Math.max(start, coveredUntil);
    if (end > clippedStart) {
      amiMs += end - clippedStart;
      coveredUntil = end;
    }
  }
  return {
    httpMs,
    amiMs,
    overheadMs: httpMs - amiMs,
    blindTransferMs: blind.repliedAt === null ? undefined : blind.repliedAt - blind.sentAt,
  };
}
