import { ErrorBody, type ErrorCode } from "@handoff/contract";
import { isAxiosError } from "axios";

/**
 * Every way a call can fail, as one union: the server's own codes (its error body),
 * and what can go wrong before it answers.
 *
 *   network       no answer: the request may or may not have reached the server
 *   timeout       no answer in time: the same, after the client stopped waiting
 *   bad_response  an answer outside the contract (another version, a proxy's page, a redirect)
 *   signed_out    there is no live session to call with (never signed in, signed out, ended)
 *   insecure      a plain http:// server or ws:// phone connection off this computer (secure-transport.ts)
 */
export type ApiErrorCode = ErrorCode | "network" | "timeout" | "bad_response" | "signed_out" | "insecure";

/** A failed call. The message is written for the agent; code and status are for the program. */
export class ApiError extends Error {
  override readonly name = "ApiError";

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    /** HTTP status when the server answered, else null. */
    readonly status: number | null = null,
  ) {
    super(message);
  }

  /**
   * The request may have reached the server and acted: no answer, or a 5xx (which the
   * server does not remember under an Idempotency-Key). Only these are ever retried.
   */
  get outcomeUnknown(): boolean {
    return this.code === "network" || this.code === "timeout" || (this.status !== null && this.status >= 500);
  }
}

/** What a failed axios request means, named for the agent with what to check. */
export function toApiError(error: unknown, origin: string, what: string): ApiError {
  if (error instanceof ApiError) return error;
  if (!isAxiosError(error)) return new ApiError("network", `Calling the Handoff server failed unexpectedly (${String(error)}). Try again.`);
  const response = error.response;
  if (response !== undefined) {
    const status = response.status;
    const body = ErrorBody.safeParse(parseJson(response.data));
    if (body.success) return new ApiError(body.data.error.code, body.data.error.message, status);
    // A browser shows a redirect it did not follow as an opaque answer of status 0.
    if (status === 0 || (status >= 300 && status < 400)) return new ApiError("bad_response", `The server at ${origin} redirected ${what} elsewhere; check the server address (https instead of http?).`, status);
    // A 5xx from a proxy (502, 504) is as unknown an outcome as one from the server.
    return new ApiError(status >= 500 ? "internal" : "bad_response", `The server at ${origin} answered ${status} to ${what} without a Handoff error; check the server address.`, status);
  }
  if (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED") {
    return new ApiError("timeout", `The Handoff server at ${origin} did not answer in time. Check your network and try again.`);
  }
  const detail = error.code === undefined || error.code === "ERR_NETWORK" ? "no answer" : error.code;
  return new ApiError("network", `Cannot reach the Handoff server at ${origin} (${detail}). Check the server address and your network, then try again.`);
}

/** Bodies arrive parsed (Node) or as text (fetch, when the type is not JSON). */
function parseJson(data: unknown): unknown {
  if (typeof data !== "string") return data;
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return data;
  }
}
