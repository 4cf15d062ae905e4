/** Who goes first for a CPU: the benchmark's instruments, ahead of what they measure. */
import { getPriority, setPriority } from "node:os";

const INSTRUMENT_NICE = -10;

/**
 * The instruments (this process, which times the HTTP round trips, and the proxy,
 * which times the AMI actions and forwards the events) go ahead of the server and
 * Chromium for a CPU, so a busy machine delays what they measure more than their
 * clocks. With Linux's autogroup on, nice only orders the processes of one session:
 * Asterisk, started from another, is not pushed back. The instruments use little
 * CPU (see the notes), so the server loses little to them.
 */
export function raiseInstrumentPriority(pids: readonly number[]): { note: string; restore(): void } {
  const before = pids.map((pid) => ({ pid, nice: getPriority(pid) }));
  try {
    for (const pid of pids) setPriority(pid, INSTRUMENT_NICE);
  } catch (error) {
    for (const { pid, nice } of before) setPriority(pid, nice);
    return { note: `not raised (${error instanceof Error ? error.message : String(error)}): the timings share the CPU with the server`, restore: () => undefined };
  }
  return {
    note: `nice ${INSTRUMENT_NICE} for this process and the proxy`,
    restore: () => {
      for (const { pid, nice } of before) {
        try {
          setPriority(pid, nice);
        } catch {
          // The proxy has exited by then: nothing to restore.
        }
      }
    },
  };
}
