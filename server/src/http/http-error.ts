import type { ErrorCode } from "@handoff/contract";

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  pbx_unavailable: 503,
  busy: 503,
  database_unavailable: 503,
  replica_unavailable: 503,
  internal: 500,
};

/** An error meant for the client: its message is shown to the user, so it says what to do. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly statusCode: number;
  constructor(readonly code: ErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.statusCode = STATUS[code];
  }
}
