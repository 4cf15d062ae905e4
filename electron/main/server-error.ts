import type { ErrorCode } from "@handoff/contract";
import { AppError } from "./app-error";

/** The server's own error codes, plus what can go wrong before it answers. */
export type ServerErrorCode = ErrorCode | "network" | "timeout" | "bad_response" | "signed_out";

/**
 * Every failure of a server call. The message is shown to the agent as is:
 * the server's own `{error:{message}}` when it answered, otherwise a sentence
 * saying what to check.
 */
export class ServerError extends AppError {
  override name = "ServerError";

  constructor(
    message: string,
    readonly code: ServerErrorCode,
    /** HTTP status when the server answered, else null. */
    readonly status: number | null,
  ) {
    super(message);
  }

  /** The request may have reached the server and acted: retry with the same Idempotency-Key. */
  get outcomeUnknown(): boolean {
    return this.code === "network" || this.code === "timeout" || this.status === 502 || this.status === 504;
  }

  /** The token is no longer accepted: the agent has to sign in again. */
  get sessionEnded(): boolean {
    return this.code === "unauthenticated" || this.code === "signed_out";
  }
}
