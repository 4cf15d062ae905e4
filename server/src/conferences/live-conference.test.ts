import { describe, expect, it } from "vitest";
import { LiveConference, type Joiner } from "./live-conference";
import { checkConferenceTransition, IllegalConferenceTransitionError, isLive } from "./status";

const clock = () => new Date("2026-12-03T10:00:00.000Z");
const caller: Joiner = { uniqueId: "c.1", channel: "PJSIP/trunk-1", agentId: null, name: "Customer", number: "5550100" };
const alice: Joiner = { uniqueId: "a.1", channel: "PJSIP/1001-1", agentId: "alice", name: "Alice", number: "1001" };
const bob: Joiner = { uniqueId: "b.1", channel: "PJSIP/1002-1", agentId: "bob", name: "Bob", number: "1002" };
const open = () => LiveConference.open("conf-1", "alice", "12345678", "handoff-12345678", [caller, alice, bob], clock);

describe("conference status", () => {
  it("moves only along the diagram, and ended/failed are final", () => {
    expect(checkConferenceTransition("merging", "active")).toBe("active");
    expect(checkConferenceTransition("active", "ended")).toBe("ended");
    expect(() => checkConferenceTransition("active", "merging")).toThrow(IllegalConferenceTransitionError);
    expect(() => checkConferenceTransition("ended", "active")).toThrow(IllegalConferenceTransitionError);
    expect(() => checkConferenceTransition("failed", "active")).toThrow(IllegalConferenceTransitionError);
    expect([isLive("merging"), isLive("active"), isLive("ended"), isLive("failed")]).toEqual([true, true, false, false]);
  });
});

describe("a live conference", () => {
  it("is active once everyone moved in has joined the room", () => {
    const conference = open();
    expect(conference.joined("c.1")).toBe(true);
    expect(conference.joined("a.1")).toBe(true);
    expect(conference.conference.status).toBe("merging");
    expect(conference.joined("b.1")).toBe(true);
    expect(conference.conference.status).toBe("active");
    // A second join event for the same channel changes nothing.
    expect(conference.joined("b.1")).toBe(false);
  });

  it("ignores channels that are not its participants", () => {
    const conference = open();
    expect(conference.joined("x.9")).toBe(false);
    expect(conference.left("x.9", null, "someone left")).toBe(false);
    expect(conference.talking("x.9", true)).toBe(false);
  });

  it("passes the host role to the agent who joined last when the host leaves, and records who left", () => {
    const conference = open();
    for (const id of ["c.1", "a.1", "b.1"]) conference.joined(id);
    expect(conference.left("a.1", "alice", "Alice left")).toBe(true);
    expect(conference.conference.hostAgentId).toBe("bob");
    expect(conference.present().map((p) => p.name)).toEqual(["Customer", "Bob"]);
    expect(conference.conference.history.at(-1)).toMatchObject({ status: "active", by: "alice", reason: "Alice left" });
    // Leaving twice is no change.
    expect(conference.left("a.1", "alice", "Alice left")).toBe(false);
  });

  it("shows who talks, only for people in the room", () => {
    const conference = open();
    expect(conference.talking("c.1", true)).toBe(false);
    conference.joined("c.1");
    expect(conference.talking("c.1", true)).toBe(true);
    expect(conference.participant("c.1")?.talking).toBe(true);
    expect(conference.talking("c.1", true)).toBe(false);
  });

  it("tells everyone who was ever in it, and takes a swapped channel for the same person", () => {
    const conference = open();
    conference.replace("b.1", { ...bob, uniqueId: "b.2", channel: "Local/1002@handoff-transfer-1;1" });
    expect(conference.participant("b.1")).toBeUndefined();
    expect(conference.channelOf("b.2")).toBe("Local/1002@handoff-transfer-1;1");
    expect(conference.audience()).toEqual(["alice", "bob"]);
  });
});
