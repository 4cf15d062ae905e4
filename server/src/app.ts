import { createHmac, randomUUID } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import type { PbxStatus } from "@handoff/contract";
import Fastify, { type FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { AmiClient, backoffWithJitter } from "./ami";
import { PasswordChecks } from "./auth/password-checks";
import { RememberedSignIns } from "./auth/remembered-sign-ins";
import { SessionService } from "./auth/sessions";
import { TokenService } from "./auth/tokens";
import type { ServerConfig } from "./config";
import { installErrorHandler } from "./http/error-handler";
import { requireHttpsFromNowOn } from "./http/hsts";
import { IdempotentRunner } from "./http/idempotency";
import { installRequestTimings } from "./http/request-timings";
import { agentsRoutes } from "./http/routes/agents";
import { authRoutes } from "./http/routes/auth";
import { callsRoutes } from "./http/routes/calls";
import { handoffsRoutes } from "./http/routes/handoffs";
import { visitorCallsRoutes } from "./http/routes/visitor-calls";
import { serveWidget } from "./http/widget-files";
import { healthRoutes } from "./http/routes/health";
import { monitoringRoutes } from "./http/routes/monitoring";
import { queuesRoutes } from "./http/routes/queues";
import { conferencesRoutes } from "./http/routes/conferences";
import { transfersRoutes } from "./http/routes/transfers";
import { serveWebApp } from "./http/web-app";
import { Replica } from "./cluster/replica";
import { SERVER_AMI_ACTIONS } from "./pbx/ami-actions";
import { recordCalls } from "./pbx/call-recorder";
import { ChannelTracker } from "./pbx/channel-tracker";
import { PresenceDirectory } from "./pbx/presence";
import { rebuildViews } from "./pbx/rebuild-views";
import { SipCallIds } from "./pbx/sip-call-ids";
import { SipAuthTable } from "./sip/auth-table";
import { SipCredentials } from "./sip/credentials";
import { WsRegistrar } from "./sip/registrar-client";
import { MonitoringAccess } from "./monitoring/access";
import { MonitoringService } from "./monitoring/service";
import { SupervisorBoard } from "./queues/board";
import { dayIn } from "./queues/center-day";
import { QueueWork } from "./queues/service";
import { QueueAccess } from "./queues/settings";
import { agentRoomOf, queueRoomOf, RealtimeHub, SUPERVISORS_ROOM } from "./realtime/hub";
import { AgentsStore } from "./store/agents";
import { CallsStore } from "./store/calls";
import { openDatabase } from "./store/database";
import { QueueDayTotalsStore } from "./store/queue-day-totals";
import { QueueWorkStore } from "./store/queue-work";
import { IdempotencyStore } from "./store/idempotency";
import { RememberedSignInsStore } from "./store/remembered-sign-ins";
import { SessionsStore } from "./store/sessions";
import { seedAgents } from "./store/seed";
import { TransfersStore } from "./store/transfers";
import { VisitorLines } from "./visitors/visitor-lines";
import { TransferFollower } from "./transfers/follower";
import { PbxActions } from "./transfers/pbx-actions";
import { killProbe, probes } from "./transfers/probe";
import { ConferenceActions } from "./conferences/conference-actions";
import { ConferenceService } from "./conferences/service";
import { TransferService } from "./transfers/service";
import type { TransferNotifier } from "./transfers/notifier";

export const VERSION = "0.1.0";

/**
 * Builds the whole server: stores, the AMI link and what follows it, then the
 * routes. Nothing listens yet; `close()` (Fastify's) tears it all down in order.
 */
export async function buildServer(config: ServerConfig): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Secrets never reach a log line, whichever object carries them.
      redact: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.secret", "*.authorizationPassword", "*.token", "body.password"],
    },
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
    // Only the named proxies may say the client's address and that it came over https (cookie Secure, HSTS, login budgets).
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    // With a certificate the server itself speaks TLS: HTTPS for the API and the page, WSS for socket.io on the same server.
    serverFactory: (handler) => (config.tls === null ? createHttpServer(handler) : createHttpsServer({ cert: config.tls.cert, key: config.tls.key }, handler)),
  }).withTypeProvider<ZodTypeProvider>();
  requireHttpsFromNowOn(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // Several replicas: what they share live is in Redis (cluster/); alone, nothing is shared.
  const replica = config.cluster === null ? null : await Replica.join(config.cluster, app.log);
  // preHandler: limits count only well-formed requests, and the login key can include the username.
  await app.register(rateLimit, { global: false, hook: "preHandler", ...(replica === null ? {} : replica.rateLimitStore) });
  // Signs the remembered sign-in's cookie (HMAC-SHA256) with a key of its own, derived from the token secret.
  await app.register(cookie, { secret: createHmac("sha256", config.auth.jwtSecret).update("handoff remembered sign-in cookie").digest("base64") });

  const db = await openDatabase(config.database);
  const agentsStore = new AgentsStore(db);
  if (config.seedFile !== undefined) app.log.info({ agents: await seedAgents(agentsStore, config.seedFile) }, "seeded agents");
  const transfersStore = new TransfersStore(db, replica?.id ?? null);
  const callsStore = new CallsStore(db, transfersStore);
  const tokens = new TokenService(config.auth.jwtSecret, config.auth.tokenTtlSeconds);
  const sessions = new SessionService(tokens, new SessionsStore(db), config.auth.sessionMaxAgeSeconds);
  const sipAuths = new SipAuthTable(config.sip.authDb);
  const sipCredentials = new SipCredentials({
    table: sipAuths,
    registrar: new WsRegistrar({ wsUrl: config.sip.wsServer, domain: config.sip.domain, ...(config.sip.wsCa === undefined ? {} : { ca: config.sip.wsCa }) }),
    wsServer: config.sip.wsServer,
    domain: config.sip.domain,
    log: app.log,
  });
  const remembered = new RememberedSignIns(sessions, new RememberedSignInsStore(db), agentsStore, config.auth.sessionMaxAgeSeconds);
  const passwords = new PasswordChecks(config.auth.passwordChecks);
  await passwords.calibrate();

  const ami = new AmiClient({ ...config.ami, allowedActions: SERVER_AMI_ACTIONS, reconnect: backoffWithJitter, keepaliveMs: 5_000 });
  const tracker = new ChannelTracker();
  const callIds = new SipCallIds(ami, tracker);
  const directory = new PresenceDirectory(
    (await agentsStore.all()).map((row) => ({ id: row.id, name: row.name, username: row.username, extension: row.extension, role: row.role, chosenStatus: row.chosen_status })),
  );
  const hub = new RealtimeHub(app.server, sessions, config.allowedOrigins, app.log, config.auth.socketsPerSession);
  replica?.attach({ hub, directory, sessions, agents: agentsStore });
  sessions.onEnded((sessionId, agentId, reason) => {
    app.log.info({ agentId, reason }, "session ended");
    hub.endSession(sessionId, reason);
    // Whatever the reason, the session's SIP password dies with it and its phone is unregistered.
    void sipCredentials.revoke(sessionId).catch((err: unknown) => app.log.error({ err, agentId }, "could not revoke the SIP credential of an ended session"));
  });
  const swept = await sipCredentials.sweep((sessionId) => sessions.watch(sessionId));
  if (swept > 0) app.log.info({ swept }, "revoked the SIP credentials of sessions that ended while the server was down");
  const visitorLines = new VisitorLines({
    lines: config.visitors.lines,
    table: sipAuths,
    wsServer: config.sip.wsServer,
    domain: config.sip.domain,
    target: config.visitors.target,
    credentialTtlMs: config.visitors.credentialTtlSeconds * 1000,
    log: app.log,
  });
  directory.onChange((entry) => hub.toAll("presence.updated", entry));
  recordCalls(tracker, directory, callsStore, app.log);
  // Drawn from the transfers too: made once queue work exists, below.
  const drawn: { board?: SupervisorBoard } = {};
  const notifier: TransferNotifier = {
    transfer: (transfer, agentIds) => {
      hub.toAgents(agentIds, "transfer.updated", transfer);
      drawn.board?.refresh(transfer.fromAgentId);
    },
    context: (agentId, context) => hub.toAgents([agentId], "call.context", context),
  };
  const actions = new PbxActions(ami, (action, reply) => app.log.warn({ action, reply }, "the PBX refused an action"));
  const follower = new TransferFollower({
    tracker,
    directory,
    callIds,
    actions,
    store: transfersStore,
    notifier,
    log: app.log,
    ringSeconds: config.transfer.ringSeconds,
    fallbackQueue: config.transfer.fallbackQueue,
    // Past every ring and recall the dialplan may run, Asterisk's channels are looked at again.
    watchdogMs: (config.transfer.ringSeconds * 3 + 60) * 1000,
  });
  // Hooks before the routes, so that they see them; both absent unless a benchmark or a crash test asks.
  const probe = probes(
    config.probes.timingsFile === undefined ? undefined : installRequestTimings(app, config.probes.timingsFile),
    config.probes.killAt === undefined ? undefined : killProbe(config.probes.killAt),
  );
  const transfers = new TransferService({ ami, tracker, callIds, directory, store: transfersStore, follower, actions, notifier, log: app.log, destinations: { queues: config.transfer.queues, trunks: config.transfer.trunks }, botContexts: config.botContexts, probe });
  const conferences = new ConferenceService({
    ami,
    tracker,
    callIds,
    directory,
    transfers: follower,
    actions: new ConferenceActions(ami),
    publish: (conference, agentIds) => hub.toAgents(agentIds, "conference.updated", conference),
    log: app.log,
  });
  const resumed = await transfers.resume();
  if (resumed > 0) app.log.info({ resumed }, "following on the transfers the last run left live");
  // Replicas: a dead one's transfers are taken by a survivor once its own channel view is current.
  replica?.watchFollowers({ store: transfersStore, ready: () => ami.state === "connected" && everConnected, adopt: (rows) => transfers.adopt(rows) });

  const queueNames = [...config.transfer.queues.keys()];
  // Checked at start: a rule naming an unknown queue or nobody stops the server with the fix.
  const access = QueueAccess.check(config.queueWork.access, queueNames, await agentsStore.all());
  const queueWorkStore = new QueueWorkStore(db);
  const work = new QueueWork({
    ami,
    directory,
    store: queueWorkStore,
    dayTotals: new QueueDayTotalsStore(db),
    dayOf: dayIn(config.queueWork.timeZone),
    access,
    config: config.queueWork,
    queues: queueNames,
    log: app.log,
    notifier: {
      state: (state) => hub.toRooms([agentRoomOf(state.agentId), SUPERVISORS_ROOM], "agent.queue_state", state),
      figures: (figures) => hub.toRooms([queueRoomOf(figures.queue), SUPERVISORS_ROOM], "queue.figures", figures),
      audit: (entry) => hub.toRooms([SUPERVISORS_ROOM], "supervisor.audit", entry),
      agentChanged: (agentId) => {
        directory.pauseChanged(agentId);
        drawn.board?.refresh(agentId);
      },
    },
  });
  await work.loadToday();
  directory.usePauses((agentId) => work.pauseOf(agentId));
  const supervisorBoard = new SupervisorBoard({ directory, tracker, work, transfersFor: (agentId) => follower.transfersFor(agentId), publish: (row) => hub.toRooms([SUPERVISORS_ROOM], "board.agent", row) });
  drawn.board = supervisorBoard;
  directory.onChange((entry) => supervisorBoard.refresh(entry.id));
  hub.joinRoomsBy((claims) => {
    const agent = directory.agent(claims.agentId);
    return agent === undefined ? [] : access.allowed(agent).map(queueRoomOf);
  });

  const monitoring = new MonitoringService({
    ami,
    tracker,
    directory,
    // Checked at start: a rule naming nobody stops the server with the fix.
    access: MonitoringAccess.check(config.monitoring.supervises, await agentsStore.all()),
    shownModes: config.monitoring.shownModes,
    store: queueWorkStore,
    log: app.log,
    dialGraceMs: 15_000,
    notifier: {
      session: (session) => hub.toRooms([SUPERVISORS_ROOM], "monitoring.updated", session),
      notice: (agentId, notice) => hub.toAgents([agentId], "monitoring.notice", notice),
      audit: (entry) => hub.toRooms([SUPERVISORS_ROOM], "supervisor.audit", entry),
    },
  });

  hub.onAgentConnected((agentId) => {
    for (const transfer of follower.transfersFor(agentId)) hub.toAgents([agentId], "transfer.updated", transfer);
    for (const context of follower.pendingContexts(agentId)) hub.toAgents([agentId], "call.context", context);
    for (const conference of conferences.conferencesFor(agentId)) hub.toAgents([agentId], "conference.updated", conference);
  });

  // One pipeline, in this order: the view first, then whoever decides on it.
  ami.onEvent((event) => {
    tracker.apply(event);
    directory.apply(event);
    visitorLines.apply(event);
    follower.onEvent(event);
    conferences.onEvent(event);
    work.onEvent(event);
    monitoring.onEvent(event);
  });
  let everConnected = false;
  let lostAt: number | null = null;
  /** Asterisk's uptime as it said when the link came back (FullyBooted): younger than the outage means it restarted. */
  let bootedUptimeMs: number | null = null;
  ami.onEvent((event) => {
    if (event.event === "FullyBooted") bootedUptimeMs = Number(event.get("Uptime") ?? NaN) * 1000;
  });
  const announce = (status: PbxStatus) => hub.toAll("pbx.status", { status, at: new Date().toISOString() });
  ami.onState(({ state, error }) => {
    if (state === "connected") {
      void resync().then(
        () => {
          announce(everConnected ? "recovered" : "connected");
          everConnected = true;
        },
        (err: unknown) => app.log.error({ err }, "resync after connect failed"),
      );
    } else if (state === "reconnecting") {
      app.log.warn({ err: error }, "AMI link lost; reconnecting");
      lostAt ??= Date.now();
      announce("degraded");
      follower.linkLost();
    }
  });
  // Events missed while the link was down are gone: rebuild from Asterisk's own lists.
  async function resync(): Promise<void> {
    const channels = await rebuildViews(ami, tracker, directory);
    visitorLines.resynced(tracker.all().map((channel) => channel.name));
    await work.resync();
    monitoring.resynced();
    const restarted = lostAt !== null && bootedUptimeMs !== null && bootedUptimeMs < Date.now() - lostAt;
    follower.resynced(!everConnected ? "server-restart" : restarted ? "pbx-restart" : "link");
    lostAt = null;
    bootedUptimeMs = null;
    app.log.info({ channels }, "resynced with Asterisk");
  }

  const idempotency = new IdempotentRunner(new IdempotencyStore(db), (err: unknown) => app.log.error({ err }, "saving an Idempotency-Key's answer failed: a retry with that key will not get this answer"));
  await app.register(healthRoutes, { db, ami, version: VERSION, ...(replica === null ? {} : { cluster: () => replica.health() }) });
  await app.register(authRoutes, { agents: agentsStore, sessions, remembered, allowedOrigins: config.allowedOrigins, passwords, sip: sipCredentials, loginsPerAddressPerMinute: config.auth.loginsPerAddressPerMinute, ...(replica === null ? {} : { budgetOf: (name, max, windowMs) => replica.budget(name, max, windowMs) }) });
  await app.register(agentsRoutes, { sessions, agents: agentsStore, directory });
  const forwarding = replica === null ? null : replica.forwarding(transfersStore, (id) => transfers.followsHere(id));
  await app.register(transfersRoutes, { sessions, transfers, idempotency, trunks: config.transfer.trunks, ...(forwarding === null ? {} : { forward: (id, request) => forwarding.forward(id, request) }) });
  await app.register(conferencesRoutes, { sessions, conferences });
  await app.register(callsRoutes, { sessions, calls: callsStore });
  await app.register(handoffsRoutes, { sessions, transfers });
  await app.register(visitorCallsRoutes, {
    lines: visitorLines,
    widgetOrigins: config.visitors.widgetOrigins,
    callsPerAddressPerMinute: config.visitors.callsPerAddressPerMinute,
    pbxConnected: () => ami.state === "connected",
  });
  await app.register(monitoringRoutes, { sessions, monitoring });
  await app.register(queuesRoutes, { sessions, work, board: supervisorBoard, store: queueWorkStore, queues: config.transfer.queues });
  await serveWebApp(app, config.webRoot, config.sip.wsServer);
  await serveWidget(app, config.widgetRoot, config.sip.wsServer);

  // Sockets first, before Fastify waits for connections to drain: a live socket.io
  // link would otherwise hold the close open.
  app.addHook("preClose", async () => hub.close());
  app.addHook("onClose", async () => {
    sessions.close();
    sipAuths.close();
    follower.close();
    visitorLines.close();
    work.close();
    monitoring.close();
    await ami.close();
    await db.destroy();
    replica?.close();
  });
  ami.start();
  return app;
}
