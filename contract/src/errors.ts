import { z } from "zod";

export const ErrorCode = z.enum([
  "invalid_request",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "unprocessable",
  "rate_limited",
  "pbx_unavailable",
  /** Every line of a kind is in use (website visitor calls): try again shortly. */
  "busy",
  /** The server cannot reach its database: nothing was changed; try again shortly. */
  "database_unavailable",
  /** With several server replicas: the one following this transfer did not answer; try again shortly. */
  "replica_unavailable",
  "internal",
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The one error shape of every HTTP error. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
