import { renderConf } from "./conf-file";
import type { ConfSection } from "./conf-file";
import type { DemoData } from "../demo-data";

/** Seconds each member rings before the queue tries again. */
export const MEMBER_RING_SECONDS = 15;

export function renderQueuesConf(demo: DemoData): string {
  const queues: ConfSection[] = demo.queues.map((queue) => ({
    name: queue.name,
    comment: `Extension ${queue.extension}; members are dynamic (AMI QueueAdd from the server; cli.conf seats the demo's "${queue.members}" users at start).`,
    lines: [
      ["strategy", "ringall"],
      ["timeout", MEMBER_RING_SECONDS],
      ["retry", 2],
      ["wrapuptime", 0],
      // Agents already on a call (device state from state_interface) are skipped, not rung.
      ["ringinuse", false],
      // With no registered member a caller would wait forever; fail at once so a transfer can recall.
      ["joinempty", "unavailable,invalid"],
      ["leavewhenempty", "unavailable,invalid"],
      ["musicclass", "default"],
      ["announce-frequency", 0],
      ["announce-position", false],
    ],
  }));
  return renderConf("queues.ts", [
    {
      name: "general",
      // Every start is the demo's seating (cli.conf), never what astdb kept from the last run (tests sign agents out and pause them).
      lines: [["persistentmembers", false], ["shared_lastcall", true]],
    },
    ...queues,
  ]);
}
