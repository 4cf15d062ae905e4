import { readFileSync } from "node:fs";
import type { FastifyBaseLogger } from "fastify";
import type { Transfer } from "@handoff/contract";
import { loadDemoData } from "../../../pbx/src/demo-data";
import { AmiMessage } from "../../src/ami";
import { ChannelTracker } from "../../src/pbx/channel-tracker";
import { PresenceDirectory } from "../../src/pbx/presence";
import type { SipCallIds } from "../../src/pbx/sip-call-ids";
import type { TransfersStore } from "../../src/store/transfers";
import { TransferFollower, type LiveTransfer } from "../../src/transfers/follower";
import { initialProgress, type Followed, type Origin } from "../../src/transfers/model";
import type { PbxActions } from "../../src/transfers/pbx-actions";
import { resolveTarget } from "../../src/transfers/targets";
import type { RecordedMessage } from "./ami-proxy";

export function readJourney(url: URL): RecordedMessage[] {
  return readFileSync(url, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as RecordedMessage);
}

const quiet = { info() {}, warn() {}, error() {}, debug() {}, child: () => quiet } as unknown as FastifyBaseLogger;

/** What the apps were told of each transfer in a replayed journey, in order. */
export interface Replayed {
  published: Transfer[];
  statuses: string[];
  last: Transfer | undefined;
}

/**
 * Replays a journey recorded from the real Asterisk (both directions of the AMI link)
 * through the real tracker, directory, event mapping, state machine and follower.
 * Where the server wrote a transfer action, a transfer is started from the channel view
 * at that moment; where it completed or cancelled, the same request is made.
 */
export async function replayJourney(messages: readonly RecordedMessage[], ringSeconds = 5): Promise<Replayed> {
  const demo = loadDemoData();
  const tracker = new ChannelTracker();
  const directory = new PresenceDirectory(demo.users.map((u) => ({ id: u.username, name: u.name, username: u.username, extension: u.extension, role: u.role, chosenStatus: "available" })));
  const published: Transfer[] = [];
  const store = { create: async () => undefined, addStep: async () => undefined, saveFollow: async () => undefined } as unknown as TransfersStore;
  const actions = { followUp: async () => "done" } as unknown as PbxActions;
  const callIds = { of: async () => null } as unknown as SipCallIds;
  const follower = new TransferFollower({
    tracker,
    directory,
    callIds,
    actions,
    store,
    notifier: { transfer: (t) => published.push(t), context: () => undefined },
    log: quiet,
    ringSeconds,
    fallbackQueue: demo.queues[0]?.name ?? "support",
    watchdogMs: 3_600_000,
  });
  const queues = new Map(demo.queues.map((q) => [q.name, q.extension]));
  let live: LiveTransfer | undefined;

  for (const message of messages) {
    const fields = message.fields;
    if (message.from === "asterisk") {
      const event = AmiMessage.from(fields);
      if (event.event === undefined) continue;
      tracker.apply(event);
      directory.apply(event);
      follower.onEvent(event);
      continue;
    }
    switch (fields.Action) {
      case "BlindTransfer":
      case "Atxfer":
      case "Redirect":
        live = start(fields, tracker, directory, queues, follower, published);
        break;
      case "Getvar":
        // The completion reads the channel's atxfercomplete code first; the digits that follow are the same request.
        if (fields.Variable === "FEATURE(atxfercomplete)" && live !== undefined && live.followed.origin.kind === "transfer" && fields.Channel === live.followed.origin.agent.channel) {
          await follower.request(live, { type: "complete", by: live.followed.origin.agent.agentId }).catch(() => undefined);
        }
        break;
      case "CancelAtxfer":
        if (live?.followed.origin.kind === "transfer") await follower.request(live, { type: "cancel", by: live.followed.origin.agent.agentId }).catch(() => undefined);
        break;
    }
    // Let recorded steps and publications run, as they would between events.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (live !== undefined) await follower.settled(live);
  follower.close();
  return { published, statuses: published.map((t) => t.status), last: published.at(-1) };
}

function start(fields: Record<string, string>, tracker: ChannelTracker, directory: PresenceDirectory, queues: Map<string, string>, follower: TransferFollower, published: Transfer[]): LiveTransfer {
  const channel = tracker.all().find((c) => c.name === fields.Channel);
  if (channel === undefined) throw new Error(`the journey's ${fields.Action} names ${fields.Channel}, which the recorded events never created`);
  const exten = (fields.Exten ?? "").replace(/#$/, "");
  let origin: Origin;
  let caller = channel;
  let requester;
  if (fields.Action === "Redirect") {
    requester = directory.byUsername("voicebot");
    origin = { kind: "handoff", botId: "voicebot", callerChannel: channel.name, reason: "replayed" };
  } else {
    requester = channel.endpoint === null ? undefined : directory.byExtension(channel.endpoint);
    const peer = tracker.bridgePeers(channel.uniqueId)[0];
    if (requester === undefined || peer === undefined) throw new Error(`${channel.name} is no agent's call with a caller at the ${fields.Action}`);
    caller = peer;
    origin = {
      kind: "transfer",
      mode: fields.Action === "Atxfer" ? "attended" : "blind",
      sipCallId: "replayed",
      agent: { agentId: requester.id, endpoint: channel.endpoint ?? "", uniqueId: channel.uniqueId, channel: channel.name, bridgeId: channel.bridgeId ?? "" },
    };
  }
  if (requester === undefined) throw new Error("the journey's requester is not in the demo data");
  const agentTarget = directory.byExtension(exten);
  // The recorded action names an extension or a number; that is all a replay needs of the target.
  const target = resolveTarget(/^\d{4}$/.test(exten) ? { kind: "extension", value: exten } : { kind: "external", value: exten }, requester, directory, { queues, trunks: [] });
  const at = new Date().toISOString();
  const followed: Followed = {
    id: `journey-${published.length}`,
    origin,
    target,
    watch: { linkedId: caller.linkedId, callerUniqueId: caller.uniqueId, consult: [], targetUniqueId: null },
    progress: initialProgress(agentTarget?.id ?? null),
  };
  const transfer: Transfer = {
    id: followed.id,
    kind: origin.kind,
    callId: null,
    mode: origin.kind === "transfer" ? origin.mode : "blind",
    target: { kind: target.kind, value: target.value, label: target.label },
    status: "initiated",
    reason: null,
    note: null,
    fromAgentId: requester.id,
    toAgentId: target.agentId,
    createdAt: at,
    updatedAt: at,
    history: [{ status: "initiated", at, by: requester.id, reason: null }],
  };
  published.push(transfer);
  return follower.follow(followed, transfer);
}
