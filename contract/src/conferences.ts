import { z } from "zod";
import { safeText } from "./text";

/**
 * merging → active → ended
 * merging → failed        (nobody was moved, or the caller is back with the agent; the reason says which)
 * active  → ended         (ended for everyone, or one person left in the room)
 *
 * The agent who merged is the host: only they drop a participant or end it for everyone.
 * Any agent in it may leave; the others stay connected.
 */
export const ConferenceStatus = z.enum(["merging", "active", "ended", "failed"]);
export type ConferenceStatus = z.infer<typeof ConferenceStatus>;

/** At most this many people in one conference (the dialplan's ConfBridge enforces it too). */
export const MAX_CONFERENCE_PARTICIPANTS = 6;

export const ConferenceParticipant = z.object({
  /** Asterisk's uniqueid of the participant's channel: what a drop names. */
  id: z.string(),
  /** An agent of this server, or anyone else (the caller, an outside number). */
  agentId: z.string().nullable(),
  name: z.string(),
  number: z.string(),
  /** Still joining (moved, not yet in the room), in the room, or gone. */
  state: z.enum(["joining", "in", "left"]),
  talking: z.boolean(),
});
export type ConferenceParticipant = z.infer<typeof ConferenceParticipant>;

export const ConferenceStep = z.object({
  status: ConferenceStatus,
  at: z.string(),
  /** The agent who asked for the step, or null when Asterisk's events caused it. */
  by: z.string().nullable(),
  /** What happened: "merged", "Bob Nguyen left", "dropped 5550100"… */
  reason: z.string().nullable(),
});

export const Conference = z.object({
  id: z.string(),
  status: ConferenceStatus,
  reason: z.string().nullable(),
  hostAgentId: z.string(),
  participants: z.array(ConferenceParticipant),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(ConferenceStep),
});
export type Conference = z.infer<typeof Conference>;

/**
 * Merge: `callId` is the SIP Call-ID of the agent's call with the caller. Its attended consultation, or the
 * agent's other line, is merged in with them; a call that is already in the agent's conference brings the
 * other line into it.
 */
export const MergeConferenceRequest = z.object({ callId: safeText(256).min(1) }).strict();
export type MergeConferenceRequest = z.infer<typeof MergeConferenceRequest>;

export const ConferenceResponse = z.object({ conference: Conference });
export const ConferenceIdParams = z.object({ id: z.string().uuid() });
export const ConferenceParticipantParams = z.object({ id: z.string().uuid(), participantId: safeText(64).min(1) });
