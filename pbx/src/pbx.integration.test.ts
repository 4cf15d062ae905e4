import { NEXT_STEPS, USER_EVENTS } from "@handoff/dialplan";
import { AmiActionError, AmiClient } from "@handoff/server/ami";
import type { AmiMessage } from "@handoff/server/ami";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AmiCredentials } from "./connection";
import { loadPbxConnection } from "./connection";
import { CONTEXTS } from "./config/contexts";
import { loadDemoData, phoneUsers, queueMembers } from "./demo-data";
import { waitForSipWebSocket } from "./readiness";

// Runs against the PBX that `npm run pbx:up` started (npm run test:integration does that first).
const connection = loadPbxConnection();
const demo = loadDemoData();
const generated = connection.provider !== "env";

const SERVER_ACTIONS = new Set(["Ping", "BlindTransfer", "CoreShowChannels", "DeviceStateList", "QueueStatus", "QueuePause", "Getvar", "Hangup", "Originate", "Command", "PJSIPShowEndpoints", "GetConfig", "UpdateConfig"]);
const TEST_ACTIONS = new Set(["Originate", "Command", "Hangup", "CoreShowChannels"]);

const clients: AmiClient[] = [];
async function connect(credentials: AmiCredentials, allowedActions: ReadonlySet<string>): Promise<AmiClient> {
  const client = await AmiClient.connect({ ...credentials, allowedActions, reconnect: false, keepaliveMs: false });
  clients.push(client);
  return client;
}

function nextEvent(client: AmiClient, match: (event: AmiMessage) => boolean, timeoutMs = 5000): Promise<AmiMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching AMI event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = client.onEvent((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

describe("the running PBX", () => {
  it("accepts the SIP WebSocket", async () => {
    await expect(waitForSipWebSocket(connection.sipWsUrl, 3000)).resolves.toBeUndefined();
  });

  it("lets the server user watch and move calls", async () => {
    const server = await connect(connection.ami, SERVER_ACTIONS);
    await expect(server.send("Ping")).resolves.toMatchObject({ response: { response: "Success" } });
    await expect(server.send("CoreShowChannels")).resolves.toBeDefined();
    await expect(server.send("DeviceStateList")).resolves.toBeDefined();
  });

  it("lets the server user pause a queue member with a reason (write class agent), as the agents' queue work needs", async () => {
    const server = await connect(connection.ami, SERVER_ACTIONS);
    const [queue] = demo.queues;
    const [member] = queueMembers(demo, queue!);
    const iface = `PJSIP/${member!.extension}`;
    const pausedOf = async () => (await server.send("QueueStatus", { Queue: queue!.name, Member: iface })).events.find((event) => event.event === "QueueMember")?.get("PausedReason");
    try {
      await server.send("QueuePause", { Interface: iface, Paused: true, Reason: "Least privilege" });
      expect(await pausedOf()).toBe("Least privilege");
    } finally {
      await server.send("QueuePause", { Interface: iface, Paused: false });
    }
    expect(await pausedOf()).toBe("");
  });

  it("refuses the server user everything that could run commands, create calls or read and change config (CVE-2024-42365)", async () => {
    const server = await connect(connection.ami, SERVER_ACTIONS);
    // One action per class it must not hold: originate, command, system, config (reading and writing).
    const fieldsOf: Record<string, Record<string, string>> = {
      Originate: { Channel: "Local/s@nowhere", Application: "Wait", Data: "1" },
      Command: { Command: "core show version" },
      PJSIPShowEndpoints: {},
      GetConfig: { Filename: "manager.conf" },
      UpdateConfig: { SrcFilename: "handoff-least-privilege.conf", DstFilename: "handoff-least-privilege.conf", "Action-000000": "NewCat", "Cat-000000": "probe" },
    };
    for (const [action, fields] of Object.entries(fieldsOf)) {
      // Refused for the class, not for the arguments: an action that ran and failed would say something else.
      await expect(server.send(action, fields), action).rejects.toThrow(AmiActionError);
      await expect(server.send(action, fields), action).rejects.toThrow(/Permission denied/);
    }
  });
});

describe.skipIf(!generated)("the generated PBX", () => {
  let server: AmiClient;
  let tester: AmiClient;

  beforeAll(async () => {
    if (!connection.amiTest) throw new Error("the generated PBX always has a test AMI user");
    server = await connect(connection.ami, SERVER_ACTIONS);
    tester = await connect(connection.amiTest, TEST_ACTIONS);
  });

  it("has a device for every phone user and the agents in the queue", async () => {
    const devices = (await server.send("DeviceStateList")).events.map((event) => event.get("Device"));
    for (const user of phoneUsers(demo)) expect(devices).toContain(`PJSIP/${user.extension}`);
    const [queue] = demo.queues;
    const members = (await server.send("QueueStatus", { Queue: queue?.name ?? "" })).events.filter((event) => event.event === "QueueMember").map((event) => event.get("StateInterface"));
    expect(members.sort()).toEqual(queueMembers(demo, queue!).map((user) => `PJSIP/${user.extension}`).sort());
  });

  it("has the sounds a waiting caller's place-in-line announcement plays", async () => {
    for (const sound of ["queue-thereare", "queue-callswaiting", "queue-youarenext"]) {
      const reply = await tester.send("Command", { Command: `core show sound ${sound}` });
      expect(reply.response.get("Output") ?? "", sound).toMatch(/Language en[\s\S]*Format: gsm/);
    }
  });

  // A failed transfer now leaves the caller waiting in the fallback queue for good: hang up what each test made.
  afterEach(async () => {
    await tester.send("Hangup", { Channel: "/^(PJSIP|Local)\\//" }).catch(() => undefined);
    await expect
      .poll(async () => (await tester.send("CoreShowChannels")).events.filter((event) => /^(PJSIP|Local)\//.test(event.get("Channel") ?? "")).length, { timeout: 5000 })
      .toBe(0);
  });

  /** A customer talking to the outside line; returns the channel that a transfer would move the customer away from, and the call's Linkedid. */
  async function customerOnOutsideLine(): Promise<AmiMessage> {
    const bridged = nextEvent(server, (event) => event.event === "BridgeEnter" && (event.get("Channel") ?? "").startsWith(`Local/0612345678@${CONTEXTS.agents}-`) && (event.get("Channel") ?? "").endsWith(";2"));
    await tester.send("Originate", { Channel: `Local/0612345678@${CONTEXTS.agents}`, Context: CONTEXTS.customer, Exten: "s", Priority: 1, CallerID: "Customer <5550100>", Async: "true" });
    return bridged;
  }

  async function unavailableDevices(): Promise<Set<string>> {
    const events = (await server.send("DeviceStateList")).events;
    return new Set(events.filter((event) => event.get("State") === "UNAVAILABLE").map((event) => event.get("Device") ?? ""));
  }

  async function transferFailure(target: string): Promise<AmiMessage> {
    const transferer = await customerOnOutsideLine();
    const linkedId = transferer.get("Linkedid");
    const failed = nextEvent(server, (event) => event.event === "UserEvent" && event.get("UserEvent") === USER_EVENTS.transferFailed && event.get("Linkedid") === linkedId);
    await server.send("BlindTransfer", { Channel: transferer.get("Channel") ?? "", Exten: target, Context: CONTEXTS.transfer });
    const event = await failed;
    // Only PJSIP transferers are rung back; this one is a Local channel, so the caller goes to the fallback queue.
    expect(event.fields()).toMatchObject({ Next: NEXT_STEPS.fallback, RecallTo: "" });
    return event;
  }

  it("reports a blind transfer to an unknown number as INVALID", async () => {
    expect((await transferFailure("123")).fields()).toMatchObject({ Target: "123", DialStatus: "INVALID" });
  });

  // Softphones of a concurrent e2e run may be registered: use whatever is not.
  it("reports a blind transfer to an unregistered agent as CHANUNAVAIL", async (ctx) => {
    const unavailable = await unavailableDevices();
    const target = phoneUsers(demo).find((user) => unavailable.has(`PJSIP/${user.extension}`));
    if (!target) return ctx.skip();
    expect((await transferFailure(target.extension)).fields()).toMatchObject({ Target: target.extension, DialStatus: "CHANUNAVAIL" });
  });

  it("reports a blind transfer to a queue without available members as JOINEMPTY", async (ctx) => {
    const unavailable = await unavailableDevices();
    const [queue] = demo.queues;
    if (!queue || !queueMembers(demo, queue).every((user) => unavailable.has(`PJSIP/${user.extension}`))) return ctx.skip();
    expect((await transferFailure(queue.extension)).fields()).toMatchObject({ Target: queue.extension, DialStatus: "JOINEMPTY" });
  });
});
