import { z } from "zod";

export const PbxStatus = z.enum(["connected", "degraded", "recovered"]);
export type PbxStatus = z.infer<typeof PbxStatus>;

export const HealthResponse = z.object({
  status: z.enum(["ok", "degraded"]),
  process: z.object({ uptimeSeconds: z.number(), version: z.string() }),
  database: z.object({ status: z.enum(["ok", "error"]) }),
  ami: z.object({ state: z.string() }),
  /** Present when this server is one of several replicas: its name and its link to the Redis they share. */
  cluster: z.object({ replica: z.string(), redis: z.string() }).optional(),
});
export type HealthResponse = z.infer<typeof HealthResponse>;
