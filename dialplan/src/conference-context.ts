import type { Context } from "./render";

/**
 * Three-way (and larger) calls. The server Redirects each participant's channel here with the conference's
 * room number as the extension; no phone context includes this one, so only an AMI Redirect (write class
 * `call`) reaches it. ConfBridge's own settings are set per channel with CONFBRIDGE(), so a customer's
 * Asterisk needs no confbridge.conf entry of ours.
 */
export const CONFERENCE_CONTEXT = "handoff-conference";

/** ConfBridge's room name for a conference room number (the extension the server Redirects to). */
export const conferenceBridgeName = (room: string): string => `handoff-${room}`;

/** At most this many people in one conference: ConfBridge refuses the next one itself, too. */
export const CONFERENCE_MAX_PARTICIPANTS = 6;

/** A room number: digits only, as the extension matches them and the server makes them. */
export const CONFERENCE_ROOM = /^[0-9]{6,12}$/;

export function conferenceContext(): Context {
  return {
    name: CONFERENCE_CONTEXT,
    comment:
      `Conferences: the server Redirects each participant here with the room number as the extension (${CONFERENCE_CONTEXT} is\n` +
      `reached by AMI only). Talk detection gives ConfbridgeTalking events for the participant list; no sounds, no\n` +
      `announcements. A participant kicked or left runs on and hangs up; the others stay in the room.`,
    extensions: [
      {
        pattern: "_X.",
        steps: [
          `GotoIf(\${REGEX("^[0-9]{6,12}$" \${EXTEN})}?:refuse)`,
          `Set(CONFBRIDGE(bridge,max_members)=${CONFERENCE_MAX_PARTICIPANTS})`,
          "Set(CONFBRIDGE(user,quiet)=yes)",
          "Set(CONFBRIDGE(user,announce_join_leave)=no)",
          "Set(CONFBRIDGE(user,talk_detection_events)=yes)",
          // No menu argument: no DTMF does anything in the room.
          `ConfBridge(${conferenceBridgeName("${EXTEN}")})`,
          { label: "refuse", app: "Hangup()" },
        ],
      },
    ],
  };
}
