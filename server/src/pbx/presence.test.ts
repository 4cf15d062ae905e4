import { describe, expect, it } from "vitest";
import { AmiMessage } from "../ami";
import { PresenceDirectory, presenceFrom } from "./presence";

describe("presenceFrom", () => {
  it("lets the phone win over the agent's choice", () => {
    expect(presenceFrom("NOT_INUSE", "available")).toBe("available");
    expect(presenceFrom("NOT_INUSE", "dnd")).toBe("away");
    expect(presenceFrom("INUSE", "available")).toBe("busy");
    expect(presenceFrom("ONHOLD", "away")).toBe("busy");
    expect(presenceFrom("RINGING", "available")).toBe("ringing");
    expect(presenceFrom("UNAVAILABLE", "available")).toBe("offline");
    expect(presenceFrom(undefined, "available")).toBe("offline");
  });
});

describe("PresenceDirectory", () => {
  const agents = [
    { id: "a", name: "Alice", username: "alice", extension: "1001", role: "agent" as const, chosenStatus: "available" as const },
    { id: "b", name: "Bob", username: "bob", extension: "1002", role: "agent" as const, chosenStatus: "available" as const },
  ];

  it("pushes a change only when presence actually moves, stamped with when", () => {
    let clock = new Date("2026-01-01T00:00:00Z");
    const directory = new PresenceDirectory(agents, () => clock);
    const pushed: string[] = [];
    directory.onChange((entry) => pushed.push(`${entry.id}:${entry.presence}@${entry.since}`));
    clock = new Date("2026-01-01T00:00:05Z");
    directory.apply(AmiMessage.from({ Event: "DeviceStateChange", Device: "PJSIP/1001", State: "NOT_INUSE" }));
    directory.apply(AmiMessage.from({ Event: "DeviceStateChange", Device: "PJSIP/1001", State: "NOT_INUSE" }));
    directory.apply(AmiMessage.from({ Event: "DeviceStateChange", Device: "Queue:support_avail", State: "INUSE" }));
    directory.setChosenStatus("b", "away");
    expect(pushed).toEqual(["a:available@2026-01-01T00:00:05.000Z"]);
  });

  it("rebuilds from a DeviceStateList and drops devices it no longer lists", () => {
    const directory = new PresenceDirectory(agents);
    directory.apply(AmiMessage.from({ Event: "DeviceStateChange", Device: "PJSIP/1002", State: "INUSE" }));
    directory.reset([AmiMessage.from({ Event: "DeviceStateChange", Device: "PJSIP/1001", State: "RINGING" })]);
    expect(directory.entries().map((e) => `${e.id}:${e.presence}`)).toEqual(["a:ringing", "b:offline"]);
  });
});
