import type { ErrorCode } from "@handoff/contract";

export type BridgeErrorCode = ErrorCode | "network" | "invalid_response";

/** A failed server call, with the server's own message (it already says what to do). */
export class BridgeError extends Error {
  override readonly name = "BridgeError";
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/**
 * The sentence to show an agent. Errors from Electron's IPC arrive as
 * "Error invoking remote method 'x': Error: <message>"; only <message> matters.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "Something went wrong.";
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, "") || "Something went wrong.";
}

/** True when the token is gone or refused: the agent has to sign in again. */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof BridgeError ? error.code === "unauthenticated" : /\bsign in again\b/i.test(describeError(error));
}
