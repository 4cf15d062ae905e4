import { z } from "zod";
import { Transfer } from "./transfers";

export const CallRecord = z.object({
  id: z.string(),
  agentId: z.string(),
  remote: z.object({ name: z.string(), number: z.string() }),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  transfers: z.array(Transfer),
});
export type CallRecord = z.infer<typeof CallRecord>;

export const CallHistoryResponse = z.object({ calls: z.array(CallRecord) });
