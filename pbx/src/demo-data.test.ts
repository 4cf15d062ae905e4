import { describe, expect, it } from "vitest";
import { DemoDataError, loadDemoData, parseDemoData, phoneUsers, queueMembers } from "./demo-data";

const valid = () => ({
  domain: "handoff.local",
  queues: [{ name: "support", extension: "2000", members: "agent" }],
  users: [
    { username: "alice", name: "Alice Martin", extension: "1001", role: "agent" },
    { username: "sam", name: "Sam Lindqvist", extension: "1006", role: "supervisor" },
    { username: "voicebot", name: "Voice Bot", extension: null, role: "bot" },
  ],
});

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseDemoData(raw);
  } catch (error) {
    if (error instanceof DemoDataError) return error.problems;
    throw error;
  }
  return [];
}

describe("demo data", () => {
  it("loads the repository's demo-data.json", () => {
    const demo = loadDemoData();
    expect(demo.domain).toBe("handoff.local");
    expect(demo.queues).toEqual([{ name: "support", extension: "2000", members: "agent" }]);
    expect(phoneUsers(demo).map((u) => u.extension)).toEqual(["1001", "1002", "1003", "1004", "1005", "1006"]);
    expect(demo.users.find((u) => u.role === "bot")?.extension).toBeNull();
  });

  it("makes queue members of exactly the users with the queue's role", () => {
    const demo = loadDemoData();
    const [support] = demo.queues;
    expect(support).toBeDefined();
    const members = queueMembers(demo, support!);
    expect(members.map((u) => u.username)).toEqual(["alice", "bob", "carol", "dave", "erin"]);
    expect(members.every((u) => u.role === "agent")).toBe(true);
  });

  it("accepts a minimal valid document", () => {
    expect(problemsOf(valid())).toEqual([]);
  });

  it("rejects a bot with an extension and an agent without one", () => {
    const raw = valid();
    raw.users[2] = { ...raw.users[2]!, extension: "1009" };
    raw.users[0] = { ...raw.users[0]!, extension: null as unknown as string };
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.includes("users[2] is a bot"))).toBe(true);
    expect(problems.some((p) => p.includes("users[0] is a agent: it needs an extension"))).toBe(true);
  });

  it("rejects duplicate extensions, including a queue's", () => {
    const raw = valid();
    raw.users[1] = { ...raw.users[1]!, extension: "1001" };
    raw.queues[0] = { ...raw.queues[0]!, extension: "1001" };
    const problems = problemsOf(raw);
    expect(problems.filter((p) => p.includes("reuses extension 1001"))).toHaveLength(2);
  });

  it("rejects names and extensions that would break Asterisk config", () => {
    const raw = valid();
    raw.users[0] = { ...raw.users[0]!, name: "Alice; DROP" };
    raw.users[1] = { ...raw.users[1]!, extension: "0123" };
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith("users[0].name"))).toBe(true);
    expect(problems.some((p) => p.startsWith("users[1].extension"))).toBe(true);
  });

  it("rejects an unknown role and a queue of bots", () => {
    const raw = valid();
    raw.users[0] = { ...raw.users[0]!, role: "boss" };
    raw.queues[0] = { ...raw.queues[0]!, members: "bot" };
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.startsWith("users[0].role"))).toBe(true);
    expect(problems.some((p) => p.startsWith("queues[0].members"))).toBe(true);
  });

  it("names the file and every problem in one error", () => {
    expect(() => parseDemoData({ domain: "x", users: [] }, "some.json")).toThrow(/some\.json[\s\S]*"domain"[\s\S]*"users"[\s\S]*"queues"/);
  });
});
