import { renderConf } from "./conf-file";
import type { DemoData } from "../demo-data";
import { queueMembers } from "../demo-data";

/**
 * The demo's agents start signed in to their queues, as dynamic members (the same kind the server's
 * `QueueAdd` makes, so they can sign out and back in from the app). Run at "fully-booted", before
 * Asterisk says it is ready: every start, and every test run's first call, finds them there.
 * A real deployment has no such list: agents sign in from the app.
 */
export function renderCliConf(demo: DemoData): string {
  return renderConf("cli.ts", [
    {
      name: "startup_commands",
      lines: demo.queues.flatMap((queue) =>
        queueMembers(demo, queue).map(
          (user) => [`queue add member PJSIP/${user.extension} to ${queue.name} penalty 0 as "${user.name}" state_interface PJSIP/${user.extension}`, "fully-booted"] as const,
        ),
      ),
    },
  ]);
}
