import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readJourney, replayJourney } from "../../test/support/journey-replay";

// Journeys recorded from the real Asterisk 22 by the e2e specs (HANDOFF_RECORD_JOURNEYS=1, see
// server/test/fixtures/journeys/README.md), replayed through the tracker, the event mapping, the
// state machine and the follower. Each says what the apps must have been told, in order.
const DIR = new URL("../../test/fixtures/journeys/", import.meta.url);

interface Expectation {
  statuses: string[];
  lastReason?: RegExp;
}

const EXPECTED: Record<string, Expectation> = {
  "blind-answered": { statuses: ["initiated", "ringing", "completed"] },
  "blind-no-answer-recall-answered": { statuses: ["initiated", "ringing", "recalling", "failed"], lastReason: /did not answer within \d+ s\. The caller is back with you\./ },
  "blind-recall-missed-then-queue": { statuses: ["initiated", "recalling", "recalling", "failed"], lastReason: /took the caller from queue support\./ },
  "attended-completed": { statuses: ["initiated", "ringing", "answered", "completed"] },
  "attended-cancelled": { statuses: ["initiated", "ringing", "answered", "cancelled"], lastReason: /^Cancelled: the caller is back with you\.$/ },
  "attended-complete-while-ringing-answered": { statuses: ["initiated", "ringing", "ringing", "completed"] },
  "attended-complete-while-ringing-unanswered": { statuses: ["initiated", "ringing", "ringing", "recalling", "failed"], lastReason: /The caller is back with you\./ },
  "handoff-answered": { statuses: ["initiated", "ringing", "completed"] },
  "handoff-fallback-queue": { statuses: ["initiated", "recalling", "failed"], lastReason: /took the caller from queue support\./ },
};

const recorded = readdirSync(DIR).filter((name) => name.endsWith(".jsonl")).map((name) => name.replace(/\.jsonl$/, ""));

describe("recorded journeys replayed through the transfer core", () => {
  it("has a recording for every expected journey, and an expectation for every recording", () => {
    expect(recorded.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const replayed = await replayJourney(readJourney(new URL(`${name}.jsonl`, DIR)));
      expect(replayed.statuses).toEqual(expected.statuses);
      if (expected.lastReason) expect(replayed.last?.reason).toMatch(expected.lastReason);
    });
  }
});

describe("a PBX going down", () => {
  it("completes nothing while it tears bridges apart: from its first shutdown soft hangup only hangups count", async () => {
    const journey = readJourney(new URL("attended-completed.jsonl", DIR));
    const complete = journey.findIndex((m) => m.from === "server" && m.fields.Action === "Getvar" && m.fields.Variable === "FEATURE(atxfercomplete)");
    const shutdown = { from: "asterisk" as const, fields: { Event: "SoftHangupRequest", Channel: "PJSIP/1001-00000000", Uniqueid: "0.0", Cause: "4" } };
    const replayed = await replayJourney([...journey.slice(0, complete), shutdown, ...journey.slice(complete)]);
    expect(replayed.statuses).toEqual(["initiated", "ringing", "answered"]);
  });
});
