import { afterEach, describe, expect, it } from "vitest";
import { FakeAmiServer, answerLoginThenSuccess } from "../../test/support/fake-ami-server";
import { AmiClient, type AmiClientOptions } from "./client";
import type { AmiMessage } from "./codec";
import type { AmiState } from "./connection-state";
import {
  AmiActionError,
  AmiActionNotAllowedError,
  AmiConnectionLostError,
  AmiEncodeError,
  AmiLoginError,
  AmiTimeoutError,
} from "./errors";

const allowedActions = new Set(["Status", "CoreShowChannels", "BlindTransfer", "Ping"]);
let server: FakeAmiServer;
let client: AmiClient | undefined;

async function start(options: Partial<AmiClientOptions> = {}): Promise<AmiClient> {
  const port = await server.listen();
  client = await AmiClient.connect({ host: "127.0.0.1", port, username: "u", secret: "s", allowedActions, keepaliveMs: false, ...options });
  return client;
}

function waitForState(target: AmiClient, state: AmiState): Promise<void> {
  return new Promise((resolve) => {
    const off = target.onState((change) => {
      if (change.state === state) {
        off();
        resolve();
      }
    });
  });
}

afterEach(async () => {
  await client?.close();
  client = undefined;
  await server.close();
});

describe("AmiClient against a fake AMI server", () => {
  it("logs in and matches replies by ActionID even out of order", async () => {
    const held: Array<() => void> = [];
    server = new FakeAmiServer((action, connection) => {
      if (action.Action === "Status") {
        held.push(() => connection.send({ Response: "Success", ActionID: action.ActionID ?? "", Message: `status ${action.Channel}` }));
        if (held.length === 2) held.reverse().forEach((reply) => reply());
      } else answerLoginThenSuccess(action, connection);
    });
    const ami = await start();
    const [a, b] = await Promise.all([ami.send("Status", { Channel: "A" }), ami.send("Status", { Channel: "B" })]);
    expect(a.response.get("Message")).toBe("status A");
    expect(b.response.get("Message")).toBe("status B");
    expect(server.received[0]).toMatchObject({ Action: "Login", Username: "u", Secret: "s" });
  });

  it("collects an event list until its Complete event and routes other events to listeners", async () => {
    server = new FakeAmiServer((action, connection) => {
      if (action.Action !== "CoreShowChannels") return answerLoginThenSuccess(action, connection);
      const id = action.ActionID ?? "";
      connection.send({ Response: "Success", ActionID: id, EventList: "start", Message: "Channels will follow" });
      connection.send({ Event: "CoreShowChannel", ActionID: id, Channel: "PJSIP/1001-00000001" });
      connection.send({ Event: "TestEvent", Type: "StateChange" });
      connection.send({ Event: "Newchannel", Channel: "PJSIP/1002-00000002" });
      connection.send({ Event: "CoreShowChannel", ActionID: id, Channel: "Local/2000@x-00000001;1" });
      connection.send({ Event: "CoreShowChannelsComplete", ActionID: id, EventList: "Complete", ListItems: "2" });
    });
    const ami = await start();
    const seen: string[] = [];
    ami.onEvent((event) => seen.push(event.event ?? ""));
    const reply = await ami.send("CoreShowChannels");
    expect(reply.events.map((e) => e.get("Channel"))).toEqual(["PJSIP/1001-00000001", "Local/2000@x-00000001;1"]);
    expect(seen).toEqual(["Newchannel"]);
  });

  it("routes by the first line: an OriginateResponse event with Response and ActionID fields reaches listeners", async () => {
    server = new FakeAmiServer((action, connection) => {
      if (action.Action !== "Originate") return answerLoginThenSuccess(action, connection);
      const id = action.ActionID ?? "";
      connection.send({ Response: "Success", ActionID: id, Message: "Originate successfully queued" });
      connection.send({ Event: "OriginateResponse", ActionID: id, Response: "Success", Channel: "Local/1001@x-00000001;1" });
    });
    const ami = await start({ allowedActions: new Set(["Originate"]) });
    const event = new Promise<AmiMessage>((resolve) => ami.onEvent(resolve));
    const reply = await ami.send("Originate", { Channel: "Local/1001@x", Async: true });
    expect(reply.response.get("Message")).toBe("Originate successfully queued");
    expect((await event).fields()).toMatchObject({ Event: "OriginateResponse", Response: "Success", Channel: "Local/1001@x-00000001;1" });
  });

  it("runs the code awaiting a reply before the events read after it, and keeps every event in Asterisk's order", async () => {
    server = new FakeAmiServer((action, connection) => {
      if (action.Action !== "BlindTransfer") return answerLoginThenSuccess(action, connection);
      // One write, as Asterisk often sends them: an event, the reply, then the events that follow it.
      const frame = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}: ${v}\r\n`).join("") + "\r\n";
      connection.socket.write(
        frame({ Event: "BlindTransfer", Uniqueid: "1" }) + frame({ Response: "Success", ActionID: action.ActionID ?? "", Message: "Transfer succeeded" }) + frame({ Event: "Newchannel", Uniqueid: "2" }) + frame({ Event: "Hangup", Uniqueid: "1" }),
      );
      // A second read behind them must not overtake them.
      setImmediate(() => connection.send({ Event: "BridgeEnter", Uniqueid: "2" }));
    });
    const ami = await start();
    const seen: string[] = [];
    ami.onEvent((event) => seen.push(event.event ?? ""));
    await ami.send("BlindTransfer", { Channel: "PJSIP/1001-1", Exten: "0155501234", Context: "t" });
    const atReply = [...seen];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(atReply).toEqual(["BlindTransfer"]);
    expect(seen).toEqual(["BlindTransfer", "Newchannel", "Hangup", "BridgeEnter"]);
  });

  it("rejects an Error reply with Asterisk's message", async () => {
    server = new FakeAmiServer((action, connection) => {
      if (action.Action === "Login") return answerLoginThenSuccess(action, connection);
      connection.send({ Response: "Error", ActionID: action.ActionID ?? "", Message: "No such channel" });
    });
    const ami = await start();
    await expect(ami.send("Status", { Channel: "PJSIP/9" })).rejects.toThrow(AmiActionError);
    await expect(ami.send("Status", { Channel: "PJSIP/9" })).rejects.toThrow("No such channel");
  });

  it("times out an unanswered action and ignores its late reply", async () => {
    let late: (() => void) | undefined;
    server = new FakeAmiServer((action, connection) => {
      if (action.Action === "Login") return answerLoginThenSuccess(action, connection);
      late = () => connection.send({ Response: "Success", ActionID: action.ActionID ?? "" });
    });
    const ami = await start({ actionTimeoutMs: 50 });
    await expect(ami.send("Status")).rejects.toThrow(AmiTimeoutError);
    late?.();
    server.setHandler(answerLoginThenSuccess);
    await expect(ami.send("Ping")).resolves.toBeDefined();
  });

  it("rejects pending actions when the link drops and never replays them after reconnecting", async () => {
    server = new FakeAmiServer((action, connection) => {
      if (action.Action === "Login") answerLoginThenSuccess(action, connection);
    });
    const port = await server.listen();
    const ami = new AmiClient({ host: "127.0.0.1", port, username: "u", secret: "s", allowedActions, keepaliveMs: false, reconnect: () => 20 });
    client = ami;
    const connected = waitForState(ami, "connected");
    ami.start();
    await connected;
    const transfer = ami.send("BlindTransfer", { Channel: "PJSIP/1001-1", Exten: "1002", Context: "t" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const back = waitForState(ami, "connected");
    server.dropConnections();
    await expect(transfer).rejects.toThrow(AmiConnectionLostError);
    await back;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.received.map((a) => a.Action)).toEqual(["Login", "BlindTransfer", "Login"]);
  });

  it("writes zero bytes for a disallowed action or an injected value", async () => {
    server = new FakeAmiServer();
    const ami = await start();
    const before = server.bytesReceived;
    await expect(ami.send("Originate", { Channel: "Local/1@x" })).rejects.toThrow(AmiActionNotAllowedError);
    await expect(ami.send("Status", { Channel: "PJSIP/1001\r\nAction: Originate" })).rejects.toThrow(AmiEncodeError);
    await expect(ami.send("Status", { Channel: "PJSIP/1001\0" })).rejects.toThrow(AmiEncodeError);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.bytesReceived).toBe(before);
  });

  it("reports a refused login with what to check", async () => {
    server = new FakeAmiServer((action, connection) =>
      connection.send({ Response: "Error", ActionID: action.ActionID ?? "", Message: "Authentication failed" }),
    );
    await expect(start()).rejects.toThrow(AmiLoginError);
  });

  it("drops a half-open link when a keepalive Ping goes unanswered", async () => {
    server = new FakeAmiServer((action, connection) => {
      if (action.Action === "Login") answerLoginThenSuccess(action, connection);
    });
    const port = await server.listen();
    const ami = new AmiClient({ host: "127.0.0.1", port, username: "u", secret: "s", allowedActions, keepaliveMs: 30, actionTimeoutMs: 30, reconnect: () => 1_000 });
    client = ami;
    const connected = waitForState(ami, "connected");
    ami.start();
    await connected;
    await waitForState(ami, "reconnecting");
    expect(server.received.some((a) => a.Action === "Ping")).toBe(true);
  });
});
