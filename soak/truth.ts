/**
 * Where a caller is, as Asterisk lists it (CoreShowChannels records), and
 * whether the server's word on the transfer agrees. Pure: the lane takes the
 * snapshots, this decides. The server's own view is never an input here.
 *
 *   bridged   with somebody: an agent's phone (PJSIP/<ext>-…), the outside line, …
 *   ringing   Dial runs on the caller (a target, a recall): on its way to a human
 *   queued    Queue runs on the caller
 *   held      MusicOnHold runs on the caller (waiting for a free queue member)
 *   with-bot  still in the stand-in voice bot (a handoff that did not move it)
 *   nobody    up, but alone in a bridge or in dialplan that leads nowhere
 *   gone      no such channel any more
 */
import { CONTEXTS } from "../pbx/src/config/contexts";

/** One CoreShowChannel event's fields. */
export type ChannelRecord = Readonly<Record<string, string>>;

export type Party =
  | { readonly kind: "phone"; readonly extension: string; readonly channel: string }
  | { readonly kind: "outside"; readonly channel: string }
  /**
   * A Local channel whose other half has not reached anybody yet: a consultation still ringing, or a
   * caller the dialplan moved on through it (a blond transfer's recall, its fallback queue, the hold).
   */
  | { readonly kind: "pending"; readonly channel: string; readonly waits: "ringing" | "queued" | "held"; readonly queue?: string }
  | { readonly kind: "other"; readonly channel: string };

export type CallerState =
  | { readonly kind: "gone" }
  | { readonly kind: "bridged"; readonly parties: readonly Party[] }
  | { readonly kind: "ringing"; readonly context: string; readonly data: string }
  | { readonly kind: "queued"; readonly queue: string }
  | { readonly kind: "held"; readonly context: string }
  | { readonly kind: "with-bot" }
  | { readonly kind: "nobody"; readonly detail: string };

const PHONE = /^PJSIP\/(\d+)-[0-9a-f]+$/;
const LOCAL = /^(Local\/[^;]+);([12])$/;

/** Where the caller is now; `caller` is its channel name (the ;2 half of the test customer or bot caller). */
export function callerState(records: readonly ChannelRecord[], caller: string): CallerState {
  const byName = new Map(records.map((r) => [r.Channel ?? "", r]));
  const me = byName.get(caller);
  if (me === undefined) return { kind: "gone" };
  const bridge = me.BridgeId ?? "";
  if (bridge !== "") {
    const parties = partnersOf(records, byName, me, new Set([caller]));
    if (parties.length === 0) return { kind: "nobody", detail: "alone in its bridge" };
    const pending = parties.flatMap((p) => (p.kind === "pending" ? [p] : []));
    if (pending.length === parties.length) {
      const queued = pending.find((p) => p.waits === "queued");
      if (queued !== undefined) return { kind: "queued", queue: queued.queue ?? "" };
      if (pending.some((p) => p.waits === "held")) return { kind: "held", context: "consultation" };
      return { kind: "ringing", context: "consultation", data: pending.map((p) => p.channel).join(",") };
    }
    return { kind: "bridged", parties };
  }
  const app = me.Application ?? "";
  const context = me.Context ?? "";
  switch (app) {
    case "Dial":
      return { kind: "ringing", context, data: me.ApplicationData ?? "" };
    case "Queue":
      return { kind: "queued", queue: (me.ApplicationData ?? "").split(",")[0] ?? "" };
    case "MusicOnHold":
      return { kind: "held", context };
    default:
      if (context === CONTEXTS.bot) return { kind: "with-bot" };
      return { kind: "nobody", detail: app === "" || app === "(None)" ? `no application (${me.ChannelStateDesc ?? "?"})` : `in ${app} (${context})` };
  }
}

function partnersOf(records: readonly ChannelRecord[], byName: ReadonlyMap<string, ChannelRecord>, me: ChannelRecord, seen: Set<string>): Party[] {
  const bridge = me.BridgeId ?? "";
  const parties: Party[] = [];
  for (const other of records) {
    const name = other.Channel ?? "";
    if (other.BridgeId !== bridge || seen.has(name)) continue;
    seen.add(name);
    parties.push(...partyOf(records, byName, other, seen));
  }
  return parties;
}

/** A channel in the caller's bridge, seen through Local channel pairs to whoever is at the far end. */
function partyOf(records: readonly ChannelRecord[], byName: ReadonlyMap<string, ChannelRecord>, channel: ChannelRecord, seen: Set<string>): Party[] {
  const name = channel.Channel ?? "";
  const phone = PHONE.exec(name);
  if (phone?.[1] !== undefined) return [{ kind: "phone", extension: phone[1], channel: name }];
  if (name.startsWith("Local/") && name.includes(`@${CONTEXTS.outside}-`)) return [{ kind: "outside", channel: name }];
  const local = LOCAL.exec(name);
  if (local?.[1] !== undefined) {
    const sibling = byName.get(`${local[1]};${local[2] === "1" ? "2" : "1"}`);
    if (sibling === undefined || seen.has(sibling.Channel ?? "")) return [{ kind: "other", channel: name }];
    seen.add(sibling.Channel ?? "");
    if ((sibling.BridgeId ?? "") !== "") {
      const far = partnersOf(records, byName, sibling, seen);
      return far.length > 0 ? far : [{ kind: "pending", channel: name, waits: "ringing" }];
    }
    if (sibling.Application === "Dial") return [{ kind: "pending", channel: name, waits: "ringing" }];
    if (sibling.Application === "Queue") return [{ kind: "pending", channel: name, waits: "queued", queue: (sibling.ApplicationData ?? "").split(",")[0] ?? "" }];
    if (sibling.Application === "MusicOnHold") return [{ kind: "pending", channel: name, waits: "held" }];
    if (sibling.Context === CONTEXTS.outside) return [{ kind: "outside", channel: name }];
    return [{ kind: "other", channel: name }];
  }
  return [{ kind: "other", channel: name }];
}

/** With a human (or the outside line), gone, or still with the bot: nothing more will happen on its own. */
export function isSettled(state: CallerState): boolean {
  if (state.kind === "gone" || state.kind === "with-bot") return true;
  return state.kind === "bridged" && state.parties.some((p) => p.kind === "phone" || p.kind === "outside");
}

/** Ringing, queued or held: on the way to a human. */
export function isOnTheWay(state: CallerState): boolean {
  return state.kind === "ringing" || state.kind === "queued" || state.kind === "held";
}

/** Who counts as "the target" of a transfer, for `completed`. */
export type TargetParty =
  | { readonly kind: "phone"; readonly extension: string }
  /** A queue: any member's phone but the transferring agent's. */
  | { readonly kind: "any-phone"; readonly except: string | null }
  | { readonly kind: "outside" };

export interface Judged {
  /** The caller vanished without the soak hanging it up (and not in an Asterisk restart), or sits with nobody. */
  readonly lost: boolean;
  /** The server's final status contradicts where Asterisk has the caller; false when the status is not final. */
  readonly disagrees: boolean;
  readonly why: string | null;
}

export interface Verdict {
  /** The server's final word: a final status from GET /api/transfers/:id, or "refused" when execute was answered 4xx/5xx. */
  readonly status: string | null;
  readonly end: CallerState;
  /** The last state seen before the caller went, for a caller that is gone. */
  readonly beforeGone: CallerState | null;
  /** Who ended the caller's channel, when it is gone and we know. */
  readonly goneBy: "soak" | "pbx-restart" | null;
  readonly target: TargetParty;
  /** The transferring agent's extension; null for a bot's handoff. */
  readonly agent: string | null;
}

export const FINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "cancelled", "failed"]);

export function judge(v: Verdict): Judged {
  const lostWhy = lostReason(v);
  const status = v.status;
  if (status === null || !(FINAL_STATUSES.has(status) || status === "refused")) return { lost: lostWhy !== null, disagrees: false, why: lostWhy };
  // A caller that is gone is judged by where it was last: had it reached the target?
  const gone = v.end.kind === "gone";
  const seen = gone ? (v.beforeGone ?? v.end) : v.end;
  const withTarget = seen.kind === "bridged" && seen.parties.some((p) => isTarget(p, v.target));
  const withHuman = seen.kind === "bridged" && seen.parties.some((p) => p.kind === "phone" || p.kind === "outside");
  const stayed = v.agent === null ? seen.kind === "with-bot" : seen.kind === "bridged" && seen.parties.some((p) => p.kind === "phone" && p.extension === v.agent);
  const last = gone ? `is gone (before, it ${describeState(seen)})` : describeState(seen);
  let disagree: string | null = null;
  if (status === "completed") {
    if (!withTarget) disagree = `completed, but the caller ${last}`;
  } else if (status === "refused") {
    if (!(stayed || (gone && v.beforeGone === null))) disagree = `refused, but the caller ${last}`;
  } else if (withTarget) {
    disagree = `${status}, but the caller ${last}: that is the target`;
  } else if (!gone && !(withHuman || seen.kind === "with-bot")) {
    disagree = `${status}, but the caller ${last}`;
  }
  const why = [lostWhy, disagree].filter((w) => w !== null).join("; ");
  return { lost: lostWhy !== null, disagrees: disagree !== null, why: why === "" ? null : why };
}

function lostReason(v: Verdict): string | null {
  if (v.end.kind === "gone" && v.goneBy === null) return `caller dropped (last seen: ${v.beforeGone === null ? "never" : describeState(v.beforeGone)})`;
  if (v.end.kind === "nobody") return `caller left with nobody (${v.end.detail})`;
  return null;
}

function isTarget(party: Party, target: TargetParty): boolean {
  switch (target.kind) {
    case "phone":
      return party.kind === "phone" && party.extension === target.extension;
    case "any-phone":
      return party.kind === "phone" && party.extension !== target.except;
    case "outside":
      return party.kind === "outside";
  }
}

export function describeState(state: CallerState): string {
  switch (state.kind) {
    case "gone":
      return "is gone";
    case "bridged":
      return `is bridged with ${state.parties.map((p) => (p.kind === "phone" ? p.extension : p.kind === "outside" ? "the outside line" : `${p.kind} ${p.channel}`)).join(" and ")}`;
    case "ringing":
      return `is ringing (${state.context}: ${state.data})`;
    case "queued":
      return `waits in queue ${state.queue}`;
    case "held":
      return `is on hold (${state.context})`;
    case "with-bot":
      return "is still with the bot";
    case "nobody":
      return `has nobody (${state.detail})`;
  }
}
