import { describe, expect, it } from "vitest";
import { renderCliConf } from "./cli";
import { renderQueuesConf } from "./queues";
import { readConf, value, values } from "./read-conf";
import { loadDemoData } from "../demo-data";

const sections = readConf(renderQueuesConf(loadDemoData()));
const support = sections.find((s) => s.name === "support");

describe("queues.conf", () => {
  it("has no static members: every member is dynamic, so agents sign in and out", () => {
    expect(values(support, "member")).toEqual([]);
  });

  it("seats the demo's agents, and only them, at start, with their device as state interface", () => {
    const startup = readConf(renderCliConf(loadDemoData())).find((s) => s.name === "startup_commands");
    expect(startup?.entries.map(([key]) => key)).toEqual([
      'queue add member PJSIP/1001 to support penalty 0 as "Alice Martin" state_interface PJSIP/1001',
      'queue add member PJSIP/1002 to support penalty 0 as "Bob Nguyen" state_interface PJSIP/1002',
      'queue add member PJSIP/1003 to support penalty 0 as "Carol Diaz" state_interface PJSIP/1003',
      'queue add member PJSIP/1004 to support penalty 0 as "Dave Okafor" state_interface PJSIP/1004',
      'queue add member PJSIP/1005 to support penalty 0 as "Erin Kowalski" state_interface PJSIP/1005',
    ]);
    expect(new Set(startup?.entries.map(([, v]) => v))).toEqual(new Set(["fully-booted"]));
  });

  it("rings all free members for a bounded time", () => {
    expect(value(support, "strategy")).toBe("ringall");
    expect(Number(value(support, "timeout"))).toBeGreaterThan(0);
    expect(value(support, "ringinuse")).toBe("no");
  });

  it("does not keep members in astdb across config changes", () => {
    expect(value(sections.find((s) => s.name === "general"), "persistentmembers")).toBe("no");
  });
});
