/** What the benchmark process and one candidate's child process tell each other (over the fork IPC channel). */

export const candidateIds = ["ours", "naive", "asterisk-manager", "message-ends"] as const;
export type CandidateId = (typeof candidateIds)[number];

/** Passed as the child's only argument, JSON-encoded. */
export interface ChildSpec {
  readonly candidate: CandidateId;
  readonly port: number;
  /** Events the server will send after the Login reply; the clock stops when all have been decoded. */
  readonly expectedEvents: number;
}

/** Sent once by the child after the server closed the connection. */
export interface ChildReport {
  readonly candidate: CandidateId;
  /** Messages with an Event field (for "message-ends": every message end, Login reply included). */
  readonly events: number;
  /** Sum of the lengths of the Event values seen, to catch merged or split events. */
  readonly eventNameChars: number;
  /** Messages with a Response field: the Login reply, so exactly 1. */
  readonly responses: number;
  /** Anything else the decoder handed out (asterisk-manager emits empty items for stray blank lines). */
  readonly others: number;
  /** From connect to the last expected event; undefined if they never all arrived. */
  readonly elapsedMs: number | undefined;
  /**
   * User + system CPU time of the child over the same span (all its threads, the
   * kernel's socket reads included): what decoding cost, whatever else ran meanwhile.
   */
  readonly cpuMs: number | undefined;
  /** The child's RSS just before it connected: node, tsx and the loaded code, before any event. */
  readonly rssAtConnectBytes: number;
  /** process.resourceUsage().maxRSS of the child, in bytes. */
  readonly maxRssBytes: number;
  /** TCP reads the decoder was fed, where the candidate owns the socket (not asterisk-manager). */
  readonly chunks: number;
  readonly bytes: number;
  readonly error: string | undefined;
}

export function isChildReport(value: unknown): value is ChildReport {
  if (typeof value !== "object" || value === null) return false;
  const report = value as Record<string, unknown>;
  return (
    candidateIds.includes(report.candidate as CandidateId) &&
    typeof report.events === "number" &&
    typeof report.eventNameChars === "number" &&
    typeof report.responses === "number" &&
    typeof report.maxRssBytes === "number"
  );
}
