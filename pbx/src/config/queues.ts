import { renderConf } from "./conf-file";
import type { ConfSection } from "./conf-file";
import type { DemoData } from "../demo-data";
import { queueMembers } from "../demo-data";

/** Seconds each member rings before the queue tries again. */
export const MEMBER_RING_SECONDS = 15;

export function renderQueuesConf(demo: DemoData): string {
  const queues: ConfSection[] = demo.queues.map((queue) => ({
    name: queue.name,
    comment: `Extension ${queue.extension}; members are every user with role "${queue.members}" in demo-data.json.`,
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
      // A caller waiting (no agent free) hears their place in line every 30 s, between the music.
      ["announce-frequency", 30],
      ["min-announce-frequency", 15],
      ["announce-position", true],
      ["announce-holdtime", false],
      ...queueMembers(demo, queue).map((user) => ["member", `PJSIP/${user.extension},0,${user.name},PJSIP/${user.extension}`, "=>"] as const),
    ],
  }));
  return renderConf("queues.ts", [
    {
      name: "general",
      // Members come from this file only; members persisted in astdb would outlive demo-data.json changes.
      lines: [["persistentmembers", false], ["shared_lastcall", true]],
    },
    ...queues,
  ]);
}
