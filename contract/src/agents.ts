import { z } from "zod";
import { safeText } from "./text";

export const Role = z.enum(["agent", "supervisor", "bot"]);
export type Role = z.infer<typeof Role>;

export const Extension = z.string().regex(/^\d{2,8}$/, "an extension is 2 to 8 digits");

export const Presence = z.enum(["available", "busy", "ringing", "away", "offline"]);
export type Presence = z.infer<typeof Presence>;

/** What an agent chooses; the rest of presence comes from the PBX. */
export const ChosenStatus = z.enum(["available", "away", "dnd"]);
export type ChosenStatus = z.infer<typeof ChosenStatus>;

export const Agent = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string(),
  extension: Extension.nullable(),
  role: Role,
});
export type Agent = z.infer<typeof Agent>;

/** A queue pause: its reason (a configured one, or `Wrap-up`) and since when. */
export const PauseInfo = z.object({ reason: z.string(), since: z.string() });
export type PauseInfo = z.infer<typeof PauseInfo>;

export const DirectoryEntry = z.object({
  id: z.string(),
  name: z.string(),
  extension: Extension.nullable(),
  role: Role,
  presence: Presence,
  /** ISO time the presence last changed. */
  since: z.string(),
  /** Paused in the queues (by choice or in wrap-up); null or absent when not. */
  queuePause: PauseInfo.nullable().optional(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntry>;

export const AvailableAgent = DirectoryEntry.pick({ id: true, name: true, extension: true, presence: true, since: true });
export type AvailableAgent = z.infer<typeof AvailableAgent>;

export const AvailableAgentsQuery = z.object({ search: safeText(64).optional() });
export const AvailableAgentsResponse = z.object({ agents: z.array(AvailableAgent) });
export const DirectoryResponse = z.object({ agents: z.array(DirectoryEntry) });

export const SetStatusRequest = z.object({ status: ChosenStatus }).strict();
export const SetStatusResponse = z.object({ status: ChosenStatus, presence: Presence });
