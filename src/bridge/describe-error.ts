/**
 * The sentence to show an agent for a failed bridge call. Only the message crosses
 * Electron's context bridge (an Error loses its other properties there), so the
 * renderer shows errors and never branches on them: what it must act on, such as the
 * session ending, arrives as a typed event (`onSessionEnded`).
 * Errors from Electron's IPC used to arrive as "Error invoking remote method 'x': Error: <message>";
 * only <message> matters.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : "Something went wrong.";
  return message.replace(/^Error invoking remote method '[^']*': (?:\w*Error: )?/, "") || "Something went wrong.";
}
