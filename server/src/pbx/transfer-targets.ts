import type { TransferTarget } from "@handoff/contract";
import { HttpError } from "../http/http-error";
import type { DirectoryAgent, PresenceDirectory } from "./presence";

export interface ResolvedTarget {
  /** What the dialplan's transfer context is asked to reach. */
  exten: string;
  /** How people see the target: "Bob Nguyen (1002)", "queue support", "0123456789". */
  label: string;
  agent: DirectoryAgent | null;
}

/** Turns what an agent picked into a dialplan extension, refusing what cannot take a call. */
export function resolveTarget(target: TransferTarget, requester: DirectoryAgent, directory: PresenceDirectory, queues: ReadonlyMap<string, string>): ResolvedTarget {
  switch (target.kind) {
    case "agent": {
      const agent = directory.agent(target.value) ?? directory.byUsername(target.value);
      if (agent === undefined || agent.role === "bot") throw new HttpError("unprocessable", `There is no agent "${target.value}". Pick one from the directory.`);
      if (agent.id === requester.id) throw new HttpError("unprocessable", "You cannot transfer a call to yourself.");
      if (agent.extension === null) throw new HttpError("unprocessable", `${agent.name} has no phone to transfer to.`);
      if (directory.entry(agent.id)?.presence === "offline") {
        throw new HttpError("unprocessable", `${agent.name} is offline (no phone signed in), so the call stays with you. Pick someone available.`);
      }
      return { exten: agent.extension, label: `${agent.name} (${agent.extension})`, agent };
    }
    case "extension": {
      if (target.value === requester.extension) throw new HttpError("unprocessable", "You cannot transfer a call to your own extension.");
      const agent = directory.byExtension(target.value) ?? null;
      const queue = [...queues].find(([, exten]) => exten === target.value);
      if (agent === null && queue === undefined) throw new HttpError("unprocessable", `Extension ${target.value} does not exist.`);
      return { exten: target.value, label: agent ? `${agent.name} (${target.value})` : `queue ${queue?.[0]} (${target.value})`, agent: agent?.role === "bot" ? null : agent };
    }
    case "queue": {
      const exten = queues.get(target.value);
      if (exten === undefined) throw new HttpError("unprocessable", `There is no queue "${target.value}".`);
      return { exten, label: `queue ${target.value}`, agent: null };
    }
    case "external":
      return { exten: target.value, label: target.value, agent: null };
  }
}
