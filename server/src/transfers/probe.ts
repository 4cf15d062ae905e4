/**
 * Moments in a transfer's start, seen from outside the core: the benchmarks time
 * them (HANDOFF_TIMINGS_FILE) and the crash-window tests kill the server at one
 * of them (HANDOFF_TEST_KILL_AT). Production runs without a probe.
 */
export interface TransferProbe {
  /** Checks and lookups done: the transfer is about to be recorded. */
  begin(transferId: string): void;
  /** Its record is committed; nothing is written to the PBX yet. */
  recorded(transferId: string): void;
  /** Its first AMI action is on the wire. */
  actionWritten(transferId: string): void;
  /** Asterisk answered that action. */
  actionReplied(transferId: string): void;
}

export const KILL_POINTS = ["recorded", "action-written"] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/** Test only: SIGKILLs this process at that moment, as a crash would (nothing flushed, nothing closed). */
export function killProbe(at: KillPoint): TransferProbe {
  const kill = () => process.kill(process.pid, "SIGKILL");
  const nothing = () => undefined;
  return { begin: nothing, recorded: at === "recorded" ? kill : nothing, actionWritten: at === "action-written" ? kill : nothing, actionReplied: nothing };
}

/** Every probe given hears every moment, in order. */
export function probes(...list: readonly (TransferProbe | undefined)[]): TransferProbe | undefined {
  const present = list.filter((p): p is TransferProbe => p !== undefined);
  if (present.length <= 1) return present[0];
  return {
    begin: (id) => present.forEach((p) => p.begin(id)),
    recorded: (id) => present.forEach((p) => p.recorded(id)),
    actionWritten: (id) => present.forEach((p) => p.actionWritten(id)),
    actionReplied: (id) => present.forEach((p) => p.actionReplied(id)),
  };
}
