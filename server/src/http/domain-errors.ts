import type { ErrorCode } from "@handoff/contract";
import { QueueRefusal } from "../queues/errors";
import { TransferRefusal, type RefusalKind } from "../transfers/errors";
import { HttpError } from "./http-error";

/** The one place domain refusals become HTTP: their kind picks the error code (and so the status). */
const CODES: Record<RefusalKind, ErrorCode> = {
  not_found: "not_found",
  forbidden: "forbidden",
  conflict: "conflict",
  unprocessable: "unprocessable",
  pbx_unavailable: "pbx_unavailable",
};

/** An HttpError for anything meant for the client, or undefined for an internal failure. */
export function clientError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (error instanceof TransferRefusal || error instanceof QueueRefusal) return new HttpError(CODES[error.kind], error.message);
  return undefined;
}
