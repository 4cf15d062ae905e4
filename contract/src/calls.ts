import { z } from "zod";
import { CallDisposition } from "./queues";
import { QueueName, Transfer } from "./transfers";

export const CallRecord = z.object({
  id: z.string(),
  agentId: z.string(),
  remote: z.object({ name: z.string(), number: z.string() }),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  transfers: z.array(Transfer),
  /** The queue the call came from, if the agent took it from one. */
  queue: QueueName.nullable().optional(),
  /** The agent's after-call disposition and note, once given. */
  disposition: CallDisposition.nullable().optional(),
});
export type CallRecord = z.infer<typeof CallRecord>;

export const CallHistoryResponse = z.object({ calls: z.array(CallRecord) });
export type CallHistoryResponse = z.infer<typeof CallHistoryResponse>;
