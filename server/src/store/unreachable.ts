/** Node's socket errors of a database link that is down or cut. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
/** PostgreSQL's SQLSTATEs for a server shutting down or not taking connections yet (class 08 is every connection exception). */
const SHUTDOWN_STATES = new Set(["57P01", "57P02", "57P03"]);

/**
 * Whether an error says the database cannot be reached now (stopped, restarting, the link cut), as opposed to a
 * query it refused. Such a request changed nothing (each write is one transaction) and may simply be retried.
 */
export function databaseUnreachable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SHUTDOWN_STATES.has(code) || code.startsWith("08"))) return true;
    // node-postgres says these in words, without a code.
    if (/^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(cause.message)) return true;
  }
  return false;
}
