import { z } from "zod";
import { Extension } from "./agents";
import { QueueName, RemoteTarget, Transfer } from "./transfers";
import { SUMMARY_LIMIT, safeNote, safeText } from "./text";

/** A voice bot hands its caller to a human. It names the caller's channel or its uniqueid. */
export const HandoffRequest = z
  .object({
    channel: safeText(128).min(1).optional(),
    uniqueId: safeText(64).min(1).optional(),
    target: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("agent"), value: safeText(64).min(1) }).strict(),
      z.object({ kind: z.literal("extension"), value: Extension }).strict(),
      z.object({ kind: z.literal("queue"), value: QueueName }).strict(),
      RemoteTarget,
    ]),
    context: z.object({ reason: safeText(200).min(1), summary: safeNote(SUMMARY_LIMIT) }).strict(),
  })
  .strict()
  .refine((body) => (body.channel === undefined) !== (body.uniqueId === undefined), {
    message: "give exactly one of channel or uniqueId",
  });
export type HandoffRequest = z.infer<typeof HandoffRequest>;

export const HandoffResponse = z.object({ transfer: Transfer });
