import { z } from "zod";
import { Extension } from "./agents";
import { NOTE_LIMIT, safeNote, safeText } from "./text";

export const QueueName = z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, "a queue name is lower-case letters, digits, - and _");
/** What leaves the building: 0 and 6+ more digits (a trunk prefix), or + and 2+ digits (E.164). Nothing else reaches the dialplan. */
export const ExternalNumber = z.string().regex(/^(0\d{6,19}|\+\d{2,19})$/, "an external number is 0 and 6 to 19 more digits, or + and 2 to 19 digits");

/** A trunk to another PBX, as HANDOFF_TRUNKS names it (dialplan/src/trunks.ts checks the same pattern). */
export const TrunkName = z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, "a trunk name is a lower-case letter, then letters, digits or -");
/** An extension on another PBX: digits only, as they go into a SIP request URI. */
export const RemoteExtension = z.string().regex(/^\d{1,20}$/, "a remote extension is 1 to 20 digits");
/** An extension on another PBX, reached over one of the server's trunks (HANDOFF_TRUNKS). */
export const RemoteTarget = z.object({ kind: z.literal("remote"), trunk: TrunkName, value: RemoteExtension }).strict();

export const TransferTarget = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agent"), value: safeText(64).min(1) }).strict(),
  z.object({ kind: z.literal("extension"), value: Extension }).strict(),
  z.object({ kind: z.literal("queue"), value: QueueName }).strict(),
  z.object({ kind: z.literal("external"), value: ExternalNumber }).strict(),
  RemoteTarget,
]);
export type TransferTarget = z.infer<typeof TransferTarget>;

export const TransferMode = z.enum(["blind", "attended"]);
export type TransferMode = z.infer<typeof TransferMode>;

/**
 * initiated → ringing → completed                        (blind, bot handoff)
 * initiated → ringing → answered → completed | cancelled (attended)
 * any live status → recalling: the target did not take the caller, who is on the way back to a
 *   human (ringing back at the agent, waiting in the fallback queue, or on hold until a member is free)
 * recalling → failed (final: the reason says who has the caller now, or that the caller hung up)
 * any live status → failed (the caller is with the agent again, or gone; the reason says which)
 * any live status → unknown (AMI lost mid-way) → whatever Asterisk shows once it is back
 *
 * `completed` means the caller is bridged with the target party, never less.
 */
export const TransferStatus = z.enum(["initiated", "ringing", "answered", "recalling", "completed", "cancelled", "failed", "unknown"]);
export type TransferStatus = z.infer<typeof TransferStatus>;

export const ExecuteTransferRequest = z
  .object({
    callId: safeText(256).min(1),
    target: TransferTarget,
    mode: TransferMode,
    note: safeNote(NOTE_LIMIT).optional(),
  })
  .strict();
export type ExecuteTransferRequest = z.infer<typeof ExecuteTransferRequest>;

export const IdempotencyKey = safeText(128).min(8, "an Idempotency-Key is 8 to 128 characters");

export const TransferStep = z.object({
  status: TransferStatus,
  at: z.string(),
  /** Who asked for the step (an agent id), or null when Asterisk's events caused it. */
  by: z.string().nullable(),
  reason: z.string().nullable(),
});

/** An agent moving their own call, or a voice bot handing its caller to a human. */
export const TransferKind = z.enum(["transfer", "handoff"]);
export type TransferKind = z.infer<typeof TransferKind>;

export const Transfer = z.object({
  id: z.string(),
  kind: TransferKind,
  /** The SIP Call-ID of the transferring agent's call (what `ExecuteTransferRequest.callId` named); null for a bot handoff. */
  callId: z.string().nullable(),
  mode: TransferMode,
  /** A remote target's value is the extension there; its label names the trunk ("2001 on Head office"). */
  target: z.object({ kind: z.enum(["agent", "extension", "queue", "external", "remote"]), value: z.string(), label: z.string() }),
  status: TransferStatus,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  fromAgentId: z.string(),
  toAgentId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(TransferStep),
});
export type Transfer = z.infer<typeof Transfer>;

export const TransferResponse = z.object({ transfer: Transfer });
export const TransferIdParams = z.object({ id: z.string().uuid() });

/** A trunk the server may transfer to, as the apps show it (GET /api/transfers/trunks). */
export const TrunkSummary = z.object({ name: TrunkName, label: z.string() });
export type TrunkSummary = z.infer<typeof TrunkSummary>;
export const TrunksResponse = z.object({ trunks: z.array(TrunkSummary) });
export type TrunksResponse = z.infer<typeof TrunksResponse>;
