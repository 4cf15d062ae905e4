/**
 * An error whose message is written for the agent and may cross to the
 * renderer as is. Anything else that escapes a handler is a bug: the renderer
 * gets a generic sentence and the details go to the log.
 */
export class AppError extends Error {
  override name = "AppError";
}

/** A bridge call the renderer should never have made (wrong frame, bad payload). */
export class RejectedCallError extends AppError {
  override name = "RejectedCallError";
}
