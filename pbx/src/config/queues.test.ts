import { describe, expect, it } from "vitest";
import { renderQueuesConf } from "./queues";
import { readConf, value, values } from "./read-conf";
import { loadDemoData } from "../demo-data";

const sections = readConf(renderQueuesConf(loadDemoData()));
const support = sections.find((s) => s.name === "support");

describe("queues.conf", () => {
  it("has the agents, and only them, as members with their device as state interface", () => {
    expect(values(support, "member")).toEqual([
      "PJSIP/1001,0,Alice Martin,PJSIP/1001",
      "PJSIP/1002,0,Bob Nguyen,PJSIP/1002",
      "PJSIP/1003,0,Carol Diaz,PJSIP/1003",
      "PJSIP/1004,0,Dave Okafor,PJSIP/1004",
      "PJSIP/1005,0,Erin Kowalski,PJSIP/1005",
    ]);
  });

  it("rings all free members for a bounded time", () => {
    expect(value(support, "strategy")).toBe("ringall");
    expect(Number(value(support, "timeout"))).toBeGreaterThan(0);
    expect(value(support, "ringinuse")).toBe("no");
  });

  it("tells a waiting caller their place in line every 30 s (the root carries the core sounds for it)", () => {
    expect(value(support, "announce-position")).toBe("yes");
    expect(value(support, "announce-frequency")).toBe("30");
  });

  it("does not keep members in astdb across config changes", () => {
    expect(value(sections.find((s) => s.name === "general"), "persistentmembers")).toBe("no");
  });
});
