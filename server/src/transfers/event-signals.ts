import { HANDOFF_CONTEXTS, USER_EVENT_FIELDS, USER_EVENTS, type NextStep } from "@handoff/dialplan";
import type { AmiMessage } from "../ami";
import type { CallerPlace, Followed } from "./model";
import type { HangupCause, Signal } from "./signals";

/**
 * What one AMI event means for one live transfer, or null if nothing.
 * Pure: the event, what the transfer follows, and where its caller is now
 * (asked lazily: most events never need it). Fields are read only inside the
 * case that needs them, so an event no case follows is never parsed.
 */
export function signalOf(e: AmiMessage, t: Followed, whereIsCaller: () => CallerPlace, pbxShuttingDown = false): Signal | null {
  const agent = t.origin.kind === "transfer" ? t.origin.agent : null;
  const attended = t.origin.kind === "transfer" && t.origin.mode === "attended";
  const uniqueId = () => e.get("Uniqueid");
  const isCaller = () => uniqueId() === t.watch.callerUniqueId;
  const isConsult = () => {
    const id = uniqueId();
    return id !== undefined && t.watch.consult.includes(id);
  };
  // Blind and handoff: the caller itself runs the landing dialplan; attended: the consultation's Local half does.
  const isDialling = () => (attended ? isConsult() : isCaller());

  switch (e.event) {
    case "BlindTransfer":
      return agent !== null && e.get("TransfererUniqueid") === agent.uniqueId && e.get("Result") !== "Success" ? { type: "refused" } : null;
    case "Newchannel": {
      // Atxfer dials Local/<exten>@<transfer context> on the agent's behalf: that pair is the consultation.
      const id = uniqueId();
      if (!attended || id === undefined || e.get("Linkedid") !== t.watch.linkedId) return null;
      return e.get("Channel")?.startsWith(`Local/${t.target.exten}@${HANDOFF_CONTEXTS.transfer}-`) ? { type: "consult-channel", uniqueId: id } : null;
    }
    case "DialBegin": {
      const ringing = { type: "ringing", targetUniqueId: e.get("DestUniqueid") ?? null, targetChannel: e.get("DestChannel") ?? null } as const;
      if (isDialling()) return ringing;
      // A Local queue member's ;2 half rings the agent's own phone: that phone is who the note is for.
      return t.watch.targetVia != null && e.get("Channel") === t.watch.targetVia ? { ...ringing, viaLocal: true } : null;
    }
    case "QueueCallerJoin":
      return isDialling() && t.target.queue !== null && e.get("Queue") === t.target.queue ? { type: "ringing", targetUniqueId: null } : null;
    case "DialEnd":
      return attended && isConsult() && e.get("DialStatus") === "ANSWER" ? { type: "consult-answered" } : null;
    case "UserEvent":
      return isCaller() || isConsult() ? userEventSignal(e) : null;
    case "AttendedTransfer": {
      if (agent === null) return null;
      const ours = e.get("OrigTransfererUniqueid") === agent.uniqueId || e.get("SecondTransfererUniqueid") === agent.uniqueId;
      return ours ? { type: "attended-done", success: e.get("Result") === "Success", place: whereIsCaller() } : null;
    }
    case "BridgeLeave":
      return attended && agent !== null && uniqueId() === agent.uniqueId && e.get("BridgeUniqueid") === agent.bridgeId ? { type: "consult-started" } : null;
    case "BridgeEnter":
      return { type: "caller-moved", place: whereIsCaller() };
    case "Hangup": {
      const id = uniqueId();
      if (id === t.watch.callerUniqueId) return { type: "hangup", leg: "caller", cause: hangupCause(e.get("Cause"), pbxShuttingDown) };
      if (agent !== null && id === agent.uniqueId) return { type: "hangup", leg: "agent", cause: hangupCause(e.get("Cause"), pbxShuttingDown) };
      return null;
    }
    default:
      return null;
  }
}

function userEventSignal(e: AmiMessage): Signal | null {
  const field = (name: string) => e.get(name) ?? "";
  switch (e.get("UserEvent")) {
    case USER_EVENTS.transferFailed:
      return { type: "target-failed", dialStatus: field(USER_EVENT_FIELDS.transferFailed.dialStatus), next: field(USER_EVENT_FIELDS.transferFailed.next) as NextStep };
    case USER_EVENTS.recallFailed:
      return { type: "recall-failed", dialStatus: field(USER_EVENT_FIELDS.recallFailed.dialStatus) };
    case USER_EVENTS.callerQueued:
      return { type: "queued", queue: field(USER_EVENT_FIELDS.callerQueued.queue) };
    case USER_EVENTS.callerHeld:
      return { type: "held", queue: field(USER_EVENT_FIELDS.callerHeld.queue) };
    default:
      return null;
  }
}

/** Q.850 causes as Asterisk reports them in Hangup's Cause field. */
export function hangupCause(cause: string | undefined, pbxShuttingDown: boolean): HangupCause {
  if (pbxShuttingDown) return "pbx-shutdown";
  switch (cause) {
    case "17":
      return "busy";
    case "18":
    case "19":
      return "no-answer";
    case "16":
    case "31":
    case undefined:
      return "normal";
    default:
      return "failure";
  }
}
