import type { ServerEventName } from "@handoff/contract";

/**
 * Events every replica computes itself from its own AMI stream (all replicas read the same Asterisk). Each replica sends these to its own sockets only: sent through the adapter,
 * an app would get each one once per replica. Everything else (a transfer's updates from the replica that
 * follows it, a session's end, a supervisor's action) is known to one replica and goes through the adapter.
 */
export const REPLICA_LOCAL_EVENTS: ReadonlySet<ServerEventName> = new Set<ServerEventName>([
  "presence.updated",
  "pbx.status",
  "agent.queue_state",
  "queue.figures",
  "board.agent",
]);
