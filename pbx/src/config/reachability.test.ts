import { readFileSync } from "node:fs";
import { MONITOR_EXTENSION, VISITOR_BOT_EXTENSION } from "@handoff/dialplan";
import { describe, expect, it } from "vitest";
import { renderExtensionsConf } from "./extensions";
import { DEFAULT_SETTINGS } from "./input";
import { EXTERNAL_PATTERNS } from "./contexts";
import { REACHABILITY, renderReachabilityTable, type Destination } from "./reachability";
import { loadDemoData, phoneUsers } from "../demo-data";

const demo = loadDemoData();
const text = renderExtensionsConf(demo, DEFAULT_SETTINGS);

/** The extension patterns a context answers, from the generated extensions.conf. */
function patternsOf(name: string): Set<string> {
  const lines = text.split("\n");
  const start = lines.indexOf(`[${name}]`);
  expect(start, `context ${name} exists`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("["));
  const patterns = lines.slice(start + 1, end < 0 ? undefined : end).flatMap((line) => /^exten => ([^,]+),/.exec(line)?.[1] ?? []);
  return new Set(patterns);
}

const PATTERNS: Record<Destination, readonly string[]> = {
  agents: phoneUsers(demo).map((user) => user.extension),
  queues: demo.queues.map((queue) => queue.extension),
  outside: EXTERNAL_PATTERNS,
  bot: [VISITOR_BOT_EXTENSION],
  monitoring: [MONITOR_EXTENSION],
};

describe("who may dial what", () => {
  for (const [name, row] of Object.entries(REACHABILITY)) {
    it(`${name}: each of its contexts answers exactly what its row may dial`, () => {
      const allowed = new Set(row.mayDial.flatMap((destination) => PATTERNS[destination]));
      for (const context of row.contexts) {
        const answered = patternsOf(context);
        for (const pattern of allowed) expect(answered, `${context} dials ${pattern}`).toContain(pattern);
        // Everything else it answers is no destination at all: the dialplan's own s/h/i or failure paths.
        const destinations = new Set(Object.values(PATTERNS).flat());
        for (const pattern of answered) if (destinations.has(pattern)) expect(allowed, `${context} must not dial ${pattern}`).toContain(pattern);
      }
    });
  }

  it("the PBX README shows the table the dialplan is generated from", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const shown = /<!-- reachability:[^\n]*-->\n([\s\S]*?)\n<!-- \/reachability -->/.exec(readme)?.[1];
    expect(shown).toBe(renderReachabilityTable(demo, DEFAULT_SETTINGS.dialPolicy));
  });
});
