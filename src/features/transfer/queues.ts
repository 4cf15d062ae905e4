/**
 * Queues an agent can hand a caller to. The server knows them (HANDOFF_QUEUES)
 * but has no endpoint listing them yet, so the dialog offers the demo's queue
 * and accepts any other queue name typed in.
 */
export const KNOWN_QUEUES: readonly string[] = ["support"];
