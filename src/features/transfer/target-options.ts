import { ExternalNumber, QueueName, RemoteExtension, type DirectoryEntry, type Presence, type TransferTarget, type TrunkSummary } from "@handoff/contract";

export type TargetKind = "agent" | "queue" | "external" | "remote";

/** One row of the dialog's list: whom it reaches, and whether it may be picked now. */
export interface TargetOption {
  key: string;
  target: TransferTarget;
  primary: string;
  secondary: string;
  presence: Presence | null;
  selectable: boolean;
  /** Why it cannot be picked, said the way the agent needs to read it. */
  unavailableReason: string | null;
}

function agentOption(entry: DirectoryEntry): TargetOption {
  // Offline agents stay pickable (marked): presence can lag, and the server decides
  // and says why it refuses, while the caller stays with the agent.
  const unavailableReason = entry.extension === null ? `${entry.name} has no phone to transfer to.` : null;
  return {
    key: `agent:${entry.id}`,
    target: { kind: "agent", value: entry.id },
    primary: entry.name,
    secondary: entry.extension ?? "no phone",
    presence: entry.presence,
    selectable: unavailableReason === null,
    unavailableReason,
  };
}

/** Strips what people type around numbers ("+49 (30) 123-45") down to what the dialplan accepts. */
export function cleanNumber(text: string): string {
  return text.replace(/[\s()./-]/g, "");
}

/**
 * What the list shows for the chosen kind and the search text. Agents keep
 * the directory's order (available first), each marked with its presence;
 * only an agent without a phone cannot be picked.
 */
export function targetOptions(kind: TargetKind, query: string, colleagues: readonly DirectoryEntry[], queues: readonly string[], trunks: readonly TrunkSummary[] = []): TargetOption[] {
  const needle = query.trim().toLowerCase();
  switch (kind) {
    case "agent": {
      const matches = colleagues.filter((entry) => needle === "" || entry.name.toLowerCase().includes(needle) || (entry.extension ?? "").includes(needle));
      const options = matches.map(agentOption);
      const digits = cleanNumber(needle);
      if (/^\d{2,8}$/.test(digits) && !matches.some((entry) => entry.extension === digits)) {
        options.push({
          key: `extension:${digits}`,
          target: { kind: "extension", value: digits },
          primary: `Extension ${digits}`,
          secondary: "typed number",
          presence: null,
          selectable: true,
          unavailableReason: null,
        });
      }
      return options;
    }
    case "queue": {
      const names = queues.filter((name) => name.includes(needle));
      if (needle !== "" && !names.includes(needle) && QueueName.safeParse(needle).success) names.push(needle);
      return names.map((name) => ({
        key: `queue:${name}`,
        target: { kind: "queue", value: name },
        primary: name,
        secondary: "queue",
        presence: null,
        selectable: true,
        unavailableReason: null,
      }));
    }
    case "external": {
      const number = cleanNumber(query);
      if (!ExternalNumber.safeParse(number).success) return [];
      return [{ key: `external:${number}`, target: { kind: "external", value: number }, primary: number, secondary: "outside number", presence: null, selectable: true, unavailableReason: null }];
    }
    case "remote": {
      // The typed extension on each trunk: the agent picks which PBX it is on.
      const extension = cleanNumber(query);
      if (!RemoteExtension.safeParse(extension).success) return [];
      return trunks.map((trunk) => ({
        key: `remote:${trunk.name}:${extension}`,
        target: { kind: "remote", trunk: trunk.name, value: extension },
        primary: `${extension} on ${trunk.label}`,
        secondary: "other PBX",
        presence: null,
        selectable: true,
        unavailableReason: null,
      }));
    }
  }
}

export const KIND_HINTS: Record<TargetKind, string> = {
  agent: "Type a name or an extension.",
  queue: "Pick a queue or type its name.",
  external: "Type an outside number: 0 and 6 to 19 more digits, or + and 2 to 19 digits.",
  remote: "Type the extension on the other PBX, then pick the PBX it is on.",
};
