import { afterEach, describe, expect, it } from "vitest";
import { FakeAmiServer, answerLoginThenSuccess, type FakeAmiConnection } from "../../test/support/fake-ami-server";
import { AmiClient } from "../ami";
import { ChannelTracker } from "./channel-tracker";
import { PresenceDirectory } from "./presence";
import { rebuildViews } from "./rebuild-views";

let server: FakeAmiServer;
let ami: AmiClient | undefined;

afterEach(async () => {
  await ami?.close();
  await server.close();
});

const channel = (id: string, bridge: string) => ({ Event: "CoreShowChannel", Channel: `PJSIP/1001-${id}`, Uniqueid: id, Linkedid: id, ChannelStateDesc: "Up", BridgeId: bridge });
const enter = (id: string, bridge: string) => ({ Event: "BridgeEnter", Channel: `PJSIP/1001-${id}`, Uniqueid: id, BridgeUniqueid: bridge });

/** Asterisk answering the two lists, with events written before, inside and right after the channel list. */
function pbx(connection: FakeAmiConnection, action: Record<string, string>): void {
  const id = action.ActionID ?? "";
  if (action.Action === "CoreShowChannels") {
    connection.send(enter("u-old", "b-stale"));
    connection.send({ Response: "Success", ActionID: id, EventList: "start" });
    connection.send({ ...channel("u-old", "b-now"), ActionID: id });
    connection.send({ ...channel("u-new", ""), ActionID: id });
    connection.send({ Event: "CoreShowChannelsComplete", ActionID: id, EventList: "Complete" });
    // In the same write as the end of the list: the view must keep it.
    connection.send(enter("u-new", "b-later"));
  } else if (action.Action === "DeviceStateList") {
    connection.send({ Response: "Success", ActionID: id, EventList: "start" });
    connection.send({ Event: "DeviceStateListComplete", ActionID: id, EventList: "Complete" });
  } else {
    answerLoginThenSuccess(action, connection);
  }
}

describe("rebuildViews", () => {
  it("keeps what happened after Asterisk wrote its list, and nothing older than the list", async () => {
    server = new FakeAmiServer((action, connection) => pbx(connection, action));
    const port = await server.listen();
    ami = await AmiClient.connect({ host: "127.0.0.1", port, username: "u", secret: "s", allowedActions: new Set(["CoreShowChannels", "DeviceStateList"]), keepaliveMs: false });
    const tracker = new ChannelTracker();
    // The pipeline the server runs: every event reaches the tracker as it arrives.
    ami.onEvent((event) => tracker.apply(event));
    const listed = await rebuildViews(ami, tracker, new PresenceDirectory([]));
    expect(listed).toBe(2);
    expect(tracker.get("u-new")?.bridgeId).toBe("b-later");
    expect(tracker.get("u-old")?.bridgeId).toBe("b-now");
  });
});
