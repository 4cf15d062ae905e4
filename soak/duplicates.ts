/**
 * Duplicate AMI actions: the same call-moving action written twice for one
 * call. Channel names are unique per call within one Asterisk run (they count
 * up from 1 again after a restart, hence the epoch), and each soak transfer
 * moves one call once, so a second BlindTransfer, Atxfer, Redirect or
 * CancelAtxfer on a channel, a second Hangup of an agent's leg, or a second
 * completion (the channel's atxfercomplete code as received DTMF) is one too many.
 */
import { TRANSFER_CODE_DIGITS } from "@handoff/dialplan";

/** An action the server wrote, as the AMI tap decoded it. */
export interface RecordedAction {
  /** ms since the soak started. */
  readonly at: number;
  /** How many Asterisk restarts the soak had made when it was written. */
  readonly epoch: number;
  readonly fields: Readonly<Record<string, string>>;
}

export const MOVING_ACTIONS: ReadonlySet<string> = new Set(["BlindTransfer", "Atxfer", "Redirect", "CancelAtxfer", "Hangup", "PlayDTMF"]);

export interface DuplicateGroup {
  readonly action: string;
  readonly channel: string;
  readonly epoch: number;
  /** How many times it was written (2 or more). */
  readonly count: number;
  readonly at: readonly number[];
}

/** Agents' legs are PJSIP channels; a Hangup of anything else is not a transfer's "complete". */
const isAgentLeg = (channel: string) => channel.startsWith("PJSIP/");

export function findDuplicates(actions: readonly RecordedAction[]): { total: number; groups: DuplicateGroup[] } {
  const groups = new Map<string, { action: string; channel: string; epoch: number; at: number[] }>();
  for (const { at, epoch, fields } of actions) {
    const action = fields.Action ?? "";
    const channel = fields.Channel ?? "";
    if (!MOVING_ACTIONS.has(action) || channel === "") continue;
    if (action === "Hangup" && !isAgentLeg(channel)) continue;
    if (action === "PlayDTMF" && fields.Receive !== "yes") continue;
    const key = `${epoch}\u0000${action}\u0000${channel}`;
    const group = groups.get(key) ?? { action, channel, epoch, at: [] };
    group.at.push(at);
    groups.set(key, group);
  }
  // One completion is one received digit per digit of the code.
  const times = (g: { action: string; at: number[] }) => (g.action === "PlayDTMF" ? Math.ceil(g.at.length / TRANSFER_CODE_DIGITS) : g.at.length);
  const repeated = [...groups.values()].filter((g) => times(g) > 1).map((g) => ({ ...g, count: times(g) }));
  return { total: repeated.reduce((sum, g) => sum + g.count - 1, 0), groups: repeated };
}
