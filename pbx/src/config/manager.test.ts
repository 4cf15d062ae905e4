import { describe, expect, it } from "vitest";
import { FORBIDDEN_SERVER_WRITE_CLASSES, renderManagerConf } from "./manager";
import { readConf, value } from "./read-conf";
import { TEST_SECRETS } from "./test-input";

const sections = readConf(renderManagerConf(TEST_SECRETS));
const section = (name: string) => sections.find((s) => s.name === name);
const classes = (text: string | undefined) => (text ?? "").split(",").map((c) => c.trim());

describe("manager.conf", () => {
  it("listens on loopback 5038 with timestamped events", () => {
    const general = section("general");
    expect(value(general, "enabled")).toBe("yes");
    expect(value(general, "bindaddr")).toBe("127.0.0.1");
    expect(value(general, "port")).toBe("5038");
    expect(value(general, "timestampevents")).toBe("yes");
    expect(value(general, "webenabled")).toBe("no");
  });

  it("gives the server user no class that allows shell or config access (CVE-2024-42365)", () => {
    const write = classes(value(section("handoff"), "write"));
    for (const forbidden of FORBIDDEN_SERVER_WRITE_CLASSES) expect(write).not.toContain(forbidden);
    expect(write).toEqual(["call", "reporting", "agent"]);
  });

  it("lets the server read what it follows: calls, queues, its UserEvents, registrations", () => {
    expect(classes(value(section("handoff"), "read"))).toEqual(expect.arrayContaining(["call", "agent", "user", "system"]));
  });

  it("limits both users to loopback, deny first", () => {
    for (const name of ["handoff", "handoff-test"]) {
      const entries = section(name)?.entries.filter(([k]) => k === "deny" || k === "permit");
      expect(entries).toEqual([
        ["deny", "0.0.0.0/0.0.0.0"],
        ["permit", "127.0.0.1/255.255.255.255"],
      ]);
    }
  });

  it("puts each secret on its own user only", () => {
    expect(value(section("handoff"), "secret")).toBe(TEST_SECRETS.amiSecret);
    expect(value(section("handoff-test"), "secret")).toBe(TEST_SECRETS.amiTestSecret);
  });

  it("lets only the test user originate and run commands", () => {
    const write = classes(value(section("handoff-test"), "write"));
    expect(write).toEqual(expect.arrayContaining(["originate", "command", "call"]));
    expect(write).not.toContain("config");
  });

  it("drops the TestEvent flood for both users", () => {
    for (const name of ["handoff", "handoff-test"]) expect(value(section(name), "eventfilter")).toBe("!Event: TestEvent");
  });
});
