import type { AmiMessage } from "../ami";
import type { Followed } from "./model";

/** Event fields that name a channel a transfer may follow. */
const CHANNEL_KEYS = ["Uniqueid", "DestUniqueid", "TransfererUniqueid", "OrigTransfererUniqueid", "SecondTransfererUniqueid", "TransfereeUniqueid"] as const;

/**
 * The live transfers, indexed by the channels they follow and by their call's
 * linkedid, so that an event reaches only the transfers it concerns and costs
 * the same with one live transfer or a thousand.
 */
export class TransferRegistry<T extends { readonly followed: Followed }> {
  private readonly byId = new Map<string, T>();
  private readonly byKey = new Map<string, Set<T>>();

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  all(): T[] {
    return [...this.byId.values()];
  }

  add(entry: T): void {
    this.byId.set(entry.followed.id, entry);
    for (const key of keysOf(entry.followed)) this.index(key, entry);
  }

  /** A channel the transfer learnt of after it began (the consultation's Local pair, the target's channel). */
  watch(entry: T, uniqueId: string): void {
    if (this.byId.get(entry.followed.id) === entry) this.index(uniqueId, entry);
  }

  remove(entry: T): void {
    if (this.byId.get(entry.followed.id) !== entry) return;
    this.byId.delete(entry.followed.id);
    for (const key of keysOf(entry.followed)) {
      const set = this.byKey.get(key);
      set?.delete(entry);
      if (set?.size === 0) this.byKey.delete(key);
    }
  }

  /** The live transfer that holds this channel (as its agent's leg or its caller), if any: one move per call at a time. */
  holding(uniqueId: string): T | undefined {
    for (const entry of this.byKey.get(uniqueId) ?? []) {
      const { origin, watch } = entry.followed;
      if (watch.callerUniqueId === uniqueId || (origin.kind === "transfer" && origin.agent.uniqueId === uniqueId)) return entry;
    }
    return undefined;
  }

  /** The transfers one event concerns. */
  concerned(event: AmiMessage): T[] {
    if (this.byId.size === 0) return [];
    let found: Set<T> | undefined;
    const collect = (key: string | undefined) => {
      if (key === undefined) return;
      const set = this.byKey.get(key);
      if (set === undefined) return;
      found ??= new Set();
      for (const entry of set) found.add(entry);
    };
    collect(event.get("Linkedid"));
    for (const field of CHANNEL_KEYS) collect(event.get(field));
    return found === undefined ? [] : [...found];
  }

  private index(key: string, entry: T): void {
    let set = this.byKey.get(key);
    if (set === undefined) this.byKey.set(key, (set = new Set()));
    set.add(entry);
  }
}

function keysOf({ origin, watch }: Followed): string[] {
  const keys = [watch.linkedId, watch.callerUniqueId, ...watch.consult];
  if (origin.kind === "transfer") keys.push(origin.agent.uniqueId);
  if (watch.targetUniqueId !== null) keys.push(watch.targetUniqueId);
  return keys;
}
