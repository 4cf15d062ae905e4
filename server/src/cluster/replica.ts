import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { FastifyBaseLogger } from "fastify";
import type { SessionService } from "../auth/sessions";
import type { PresenceDirectory } from "../pbx/presence";
import type { RealtimeHub } from "../realtime/hub";
import type { AgentsStore } from "../store/agents";
import type { TransfersStore } from "../store/transfers";
import { RedisLink } from "./redis-link";
import { REPLICA_LOCAL_EVENTS } from "./replica-local-events";
import { SharedBudget, type AttemptBudget } from "./shared-budget";
import { FollowerLeases, type FollowerLeasesOptions } from "./follower-leases";
import { TransferForwarding } from "./transfer-forwarding";

/** What a replica joins to the others: the parts of one server that hold state others must see. */
export interface ReplicaParts {
  hub: RealtimeHub;
  directory: PresenceDirectory;
  sessions: SessionService;
  agents: AgentsStore;
}

/**
 * This server as one of several replicas behind a load balancer, on one PostgreSQL and one Redis. Redis carries
 * what replicas share live: socket.io's stream adapter (the apps' events and the replicas' own messages) and the
 * login budgets. Durable things (transfers, idempotency keys, sessions) are PostgreSQL's, never Redis'.
 */
export class Replica {
  private degraded = false;
  private leases: FollowerLeases | null = null;

  private constructor(
    readonly id: string,
    private readonly url: string,
    private readonly link: RedisLink,
    private readonly log: FastifyBaseLogger,
  ) {}

  static async join(config: { redisUrl: string; replicaId: string; replicaUrl: string }, log: FastifyBaseLogger): Promise<Replica> {
    const link = await RedisLink.open(config.redisUrl);
    log.info({ replica: config.replicaId, url: config.replicaUrl }, "joined the other replicas through Redis");
    return new Replica(config.replicaId, config.replicaUrl, link, log);
  }

  /** Passes complete and cancel of a transfer another replica follows to that replica. */
  forwarding(store: Pick<TransfersStore, "followerOf">, followsHere: (transferId: string) => boolean): TransferForwarding {
    return new TransferForwarding(this.link.counters, this.id, store, followsHere);
  }

  /** @fastify/rate-limit's store: the per-address budgets count in Redis; while it is away they are not enforced (skipOnError). */
  get rateLimitStore(): { redis: RedisLink["counters"]; skipOnError: true; nameSpace: string } {
    return { redis: this.link.counters, skipOnError: true, nameSpace: "handoff:rate:" };
  }

  /** A budget every replica counts together (the login's per-username one). */
  budget(name: string, max: number, windowMs: number): AttemptBudget {
    return new SharedBudget(this.link.counters, name, max, windowMs, (err) => this.log.warn({ err }, `Redis did not answer for the ${name} budget: counting on this replica alone`));
  }

  attach({ hub, directory, sessions, agents }: ReplicaParts): void {
    hub.useAdapter(createAdapter(this.link.stream), REPLICA_LOCAL_EVENTS);
    // What only this replica learns goes to the others; what every replica reads from Asterisk does not.
    directory.onChosen((agentId, status) => hub.toPeers("presence.chosen", { agentId, status }));
    hub.onPeers("presence.chosen", ({ agentId, status }) => directory.setChosenStatus(agentId, status, "peer"));
    sessions.onEnded((sessionId, _agentId, reason) => hub.toPeers("session.ended", { sessionId, reason }));
    hub.onPeers("session.ended", ({ sessionId, reason }) => sessions.endedElsewhere(sessionId, reason));
    // The health endpoint says it too (cluster.redis), for the apps and the load balancer's checks.
    this.link.onState((state) => {
      if (state === "reconnecting" && !this.degraded) {
        this.degraded = true;
        this.log.warn({ replica: this.id }, "Redis link lost: events from other replicas wait until it is back");
      } else if (state === "connected" && this.degraded) {
        this.degraded = false;
        this.log.info({ replica: this.id }, "Redis link back");
        // The replicas' own messages are not kept in the stream (socket.io sends them by pub/sub): choices made
        // during the outage are read back from the database, which every replica wrote them to.
        void this.reloadChoices(directory, agents);
      }
    });
  }

  /** Says this replica is alive, and follows on the transfers of replicas that stopped saying it. */
  watchFollowers(options: Pick<FollowerLeasesOptions, "store" | "ready" | "adopt">): void {
    const leases = new FollowerLeases({ ...options, redis: this.link.counters, me: this.id, url: this.url, log: this.log });
    this.link.onState((state) => state !== "connected" && leases.linkLost());
    this.leases = leases;
  }

  health(): { replica: string; redis: string } {
    return { replica: this.id, redis: this.link.state };
  }

  close(): void {
    this.leases?.close();
    this.link.close();
  }

  private async reloadChoices(directory: PresenceDirectory, agents: AgentsStore): Promise<void> {
    try {
      for (const row of await agents.all()) {
        if (directory.agent(row.id)?.chosenStatus !== row.chosen_status) directory.setChosenStatus(row.id, row.chosen_status, "peer");
      }
    } catch (err) {
      this.log.warn({ err }, "could not read the agents' chosen statuses back after Redis returned");
    }
  }
}
