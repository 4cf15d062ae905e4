import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AmiDecoder, AmiMessage } from "../ami";
import { ChannelTracker } from "./channel-tracker";

const fixture = readFileSync(fileURLToPath(new URL("../../test/fixtures/ami-events-asterisk22.raw", import.meta.url)));
const events = new AmiDecoder().push(fixture);

describe("ChannelTracker on recorded Asterisk 22 events", () => {
  it("follows channels from Newchannel to Hangup and bridges from Enter to Leave", () => {
    const tracker = new ChannelTracker();
    let bridgedPairs = 0;
    for (const event of events) {
      tracker.apply(event);
      const uniqueId = event.get("Uniqueid");
      if (event.event === "BridgeEnter" && uniqueId !== undefined && tracker.bridgePeers(uniqueId).length > 0) bridgedPairs++;
    }
    const created = new Set(events.filter((e) => e.event === "Newchannel").map((e) => e.get("Uniqueid")));
    const hungUp = new Set(events.filter((e) => e.event === "Hangup").map((e) => e.get("Uniqueid")));
    const stillUp = [...created].filter((id) => !hungUp.has(id));
    expect(tracker.all().map((c) => c.uniqueId).sort()).toEqual(stillUp.sort());
    expect(bridgedPairs).toBeGreaterThan(0);
  });

  it("knows a PJSIP channel's endpoint, state and bridge peer mid-call", () => {
    const tracker = new ChannelTracker();
    for (const event of events) {
      tracker.apply(event);
      const bridged = tracker.all().find((c) => c.endpoint !== null && tracker.bridgePeers(c.uniqueId).length > 0);
      if (bridged === undefined) continue;
      expect(bridged.name).toMatch(new RegExp(`^PJSIP/${bridged.endpoint}-`));
      expect(bridged.state).toBe("Up");
      expect(tracker.bridgePeers(bridged.uniqueId).every((peer) => peer.bridgeId === bridged.bridgeId)).toBe(true);
      return;
    }
    throw new Error("the fixture never bridged a PJSIP channel");
  });

  it("finds a live channel by its name at every point of the recording, as a scan of all channels would", () => {
    const tracker = new ChannelTracker();
    for (const event of events) {
      tracker.apply(event);
      const name = event.get("Channel");
      if (name === undefined) continue;
      expect(tracker.named(name)).toBe(tracker.all().find((c) => c.name === name));
    }
    expect(tracker.named("PJSIP/nobody-00000000")).toBeUndefined();
  });

  it("rebuilds from a CoreShowChannels snapshot", () => {
    const tracker = new ChannelTracker();
    const changes: string[] = [];
    tracker.onChange((change) => changes.push(change.kind));
    tracker.reset([
      AmiMessage.from({ Event: "CoreShowChannel", Channel: "PJSIP/1001-00000001", Uniqueid: "1.1", Linkedid: "1.0", ChannelStateDesc: "Up", BridgeId: "b1", CallerIDNum: "1001", CallerIDName: "Alice" }),
      AmiMessage.from({ Event: "CoreShowChannel", Channel: "Local/1001@handoff-inbound-00000001;2", Uniqueid: "1.0", Linkedid: "1.0", ChannelStateDesc: "Up", BridgeId: "b1", CallerIDNum: "5550100", CallerIDName: "<unknown>" }),
    ]);
    expect(changes).toEqual(["reset"]);
    expect(tracker.ofEndpoint("1001").map((c) => c.uniqueId)).toEqual(["1.1"]);
    expect(tracker.bridgePeers("1.1").map((c) => c.callerId)).toEqual([{ number: "5550100", name: "" }]);
  });
});
