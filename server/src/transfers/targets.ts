import type { TransferTarget } from "@handoff/contract";
import { checkNumber, dialPolicyFromEnv, remoteExten, type DialPolicy, type Trunk } from "@handoff/dialplan";
import type { DirectoryAgent, PresenceDirectory } from "../pbx/presence";
import { refuse } from "./errors";
import type { ResolvedTarget } from "./model";

/** The dial policy for outside numbers: HANDOFF_DIAL_POLICY (JSON), the same variable the PBX's dialplan is rendered from. */
const DIAL_POLICY: DialPolicy = dialPolicyFromEnv(process.env);

/** Where calls can go besides agents: queue name → its extension, and the trunks to other PBXs. */
export interface Destinations {
  readonly queues: ReadonlyMap<string, string>;
  readonly trunks: readonly Pick<Trunk, "name" | "label" | "prefix">[];
}

/** Turns what an agent or bot picked into a dialplan extension, refusing what cannot take a call. */
export function resolveTarget(target: TransferTarget, requester: DirectoryAgent, directory: PresenceDirectory, { queues, trunks }: Destinations, policy: DialPolicy = DIAL_POLICY): ResolvedTarget {
  switch (target.kind) {
    case "agent": {
      const agent = directory.agent(target.value) ?? directory.byUsername(target.value);
      if (agent === undefined || agent.role === "bot") throw refuse("unprocessable", `There is no agent "${target.value}". Pick one from the directory.`);
      if (agent.id === requester.id) throw refuse("unprocessable", "You cannot transfer a call to yourself.");
      if (agent.extension === null) throw refuse("unprocessable", `${agent.name} has no phone to transfer to.`);
      if (directory.entry(agent.id)?.presence === "offline") {
        throw refuse("unprocessable", `${agent.name} is offline (no phone signed in), so the call stays with you. Pick someone available.`);
      }
      return { ...target, exten: agent.extension, label: `${agent.name} (${agent.extension})`, agentId: agent.id, queue: null };
    }
    case "extension": {
      if (target.value === requester.extension) throw refuse("unprocessable", "You cannot transfer a call to your own extension.");
      const agent = directory.byExtension(target.value);
      const queue = [...queues].find(([, exten]) => exten === target.value)?.[0];
      if (agent === undefined && queue === undefined) throw refuse("unprocessable", `Extension ${target.value} does not exist.`);
      if (agent !== undefined && agent.role !== "bot") {
        return { ...target, exten: target.value, label: `${agent.name} (${target.value})`, agentId: agent.id, queue: null };
      }
      return { ...target, exten: target.value, label: `queue ${queue} (${target.value})`, agentId: null, queue: queue ?? null };
    }
    case "queue": {
      const exten = queues.get(target.value);
      if (exten === undefined) throw refuse("unprocessable", `There is no queue "${target.value}".`);
      return { ...target, exten, label: `queue ${target.value}`, agentId: null, queue: target.value };
    }
    case "external": {
      const check = checkNumber(target.value, policy);
      // The dialplan refuses the same numbers; refusing here keeps the caller where it is.
      if (!check.ok) throw refuse("unprocessable", check.message);
      return { ...target, exten: target.value, label: target.value, agentId: null, queue: null };
    }
    case "remote": {
      const trunk = trunks.find((t) => t.name === target.trunk);
      if (trunk === undefined) {
        const known = trunks.length === 0 ? "This server has no trunks (HANDOFF_TRUNKS)." : `Pick one of ${trunks.map((t) => `"${t.name}"`).join(", ")}.`;
        throw refuse("unprocessable", `There is no trunk "${target.trunk}". ${known}`);
      }
      return { ...target, exten: remoteExten(trunk, target.value), label: `${target.value} on ${trunk.label}`, agentId: null, queue: null };
    }
  }
}
