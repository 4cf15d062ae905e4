import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AmiDecoder, AmiMessage, encodeAction } from "./codec";
import { AmiEncodeError } from "./errors";

const fixturePath = fileURLToPath(new URL("../../test/fixtures/ami-events-asterisk22.raw", import.meta.url));
const fixture = readFileSync(fixturePath);

function decodeInChunks(bytes: Uint8Array, sizes: (index: number) => number): AmiMessage[] {
  const decoder = new AmiDecoder();
  const out: AmiMessage[] = [];
  let offset = 0;
  for (let i = 0; offset < bytes.length; i++) {
    const size = Math.max(1, sizes(i));
    out.push(...decoder.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  return out;
}

/** What a consumer can observe of each message: its kind and every field. */
function observed(messages: readonly AmiMessage[]): Array<{ event: string | undefined; response: string | undefined; fields: Record<string, string> }> {
  return messages.map((message) => ({ event: message.event, response: message.response, fields: message.fields() }));
}

function decodeOne(text: string): AmiMessage {
  const [message, ...rest] = new AmiDecoder().push(Buffer.from(`${text}\r\n\r\n`));
  if (message === undefined || rest.length > 0) throw new Error(`expected one message from ${JSON.stringify(text)}`);
  return message;
}

// Small deterministic PRNG so a failing chunking can be reproduced.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("AmiDecoder on the recorded Asterisk 22 fixture", () => {
  const whole = new AmiDecoder();
  const reference = whole.push(fixture);
  const expected = observed(reference);

  it("decodes every message with its fields", () => {
    const text = fixture.toString("utf8");
    const eventLines = text.split("\r\n").filter((line) => line.startsWith("Event: ")).length;
    expect(whole.banner).toBe("Asterisk Call Manager/11.0.0");
    expect(reference.filter((m) => m.event !== undefined)).toHaveLength(eventLines);
    expect(reference[0]?.response).toBe("Success");
    expect(reference[0]?.fields()).toEqual({ Response: "Success", ActionID: "rec1", Message: "Authentication accepted" });
    const rtcp = reference.find((m) => m.event === "RTCPSent");
    expect(rtcp?.get("To")).toBe("127.0.0.1:51814");
    // Events that carry a Response field are still events: the first line decides.
    const originate = reference.find((m) => m.event === "OriginateResponse");
    expect(originate?.response).toBeUndefined();
    expect(originate?.get("Response")).toBe("Success");
    expect(whole.bufferedLength).toBe(0);
  });

  it("decodes the same when fed one byte at a time", () => {
    expect(observed(decodeInChunks(fixture, () => 1))).toEqual(expected);
  });

  it("decodes the same for every two-way split of the first messages", () => {
    const head = fixture.subarray(0, fixture.indexOf("\r\n\r\n", 6000) + 4);
    const wanted = observed(new AmiDecoder().push(head));
    expect(wanted.length).toBeGreaterThan(10);
    for (let split = 0; split <= head.length; split++) {
      const decoder = new AmiDecoder();
      const got = [...decoder.push(head.subarray(0, split)), ...decoder.push(head.subarray(split))];
      // Compared as JSON first: a full expect() per split would dominate the run time.
      if (JSON.stringify(observed(got)) !== JSON.stringify(wanted)) expect({ split, got: observed(got) }).toEqual({ split, got: wanted });
    }
  });

  it("decodes the same under random chunk sizes", () => {
    for (const seed of [1, 2, 3, 42]) {
      const random = mulberry32(seed);
      expect(observed(decodeInChunks(fixture, () => Math.floor(random() * 3000)))).toEqual(expected);
    }
  });
});

describe("AmiDecoder edge cases", () => {
  it("keeps a UTF-8 character split across chunks whole", () => {
    const bytes = Buffer.from("Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDName: Zoë Ångström\r\n\r\n");
    const splitInsideE = bytes.indexOf(Buffer.from("ë")) + 1;
    const decoder = new AmiDecoder();
    const got = [...decoder.push(bytes.subarray(0, splitInsideE)), ...decoder.push(bytes.subarray(splitInsideE))];
    expect(observed(got)).toEqual([{ event: "Newchannel", response: undefined, fields: { Event: "Newchannel", CallerIDName: "Zoë Ångström" } }]);
  });

  it("decodes the same for every split into three of a stream mixing UTF-8, stray blank lines and replies", () => {
    const bytes = Buffer.from(
      "Asterisk Call Manager/11.0.0\r\nEvent: A\r\nName: Zoë\r\n\r\n\r\nEvent: B\r\nX: 1\r\n\r\nResponse: Error\r\nActionID: a-1\r\nMessage: Ångström\r\n\r\n",
    );
    const wanted = observed(new AmiDecoder().push(bytes));
    expect(wanted.map((m) => m.event ?? m.response)).toEqual(["A", "B", "Error"]);
    expect([wanted[0]?.fields["Name"], wanted[2]?.fields["Message"]]).toEqual(["Zoë", "Ångström"]);
    for (let first = 0; first <= bytes.length; first++) {
      for (let second = first; second <= bytes.length; second++) {
        const decoder = new AmiDecoder();
        const got = [...decoder.push(bytes.subarray(0, first)), ...decoder.push(bytes.subarray(first, second)), ...decoder.push(bytes.subarray(second))];
        if (JSON.stringify(observed(got)) !== JSON.stringify(wanted)) expect({ first, second, got: observed(got) }).toEqual({ first, second, got: wanted });
      }
    }
  });

  it("joins repeated keys and keeps empty values", () => {
    const message = decodeOne("Response: Success\r\nOutput: line one\r\nOutput: line two\r\nMessage:");
    expect(message.get("Output")).toBe("line one\nline two");
    expect(message.get("Message")).toBe("");
    expect(message.fields()).toEqual({ Response: "Success", Output: "line one\nline two", Message: "" });
  });

  it("treats one space after the colon as framing and keeps colons inside values", () => {
    const message = decodeOne("Event: X\r\nUrl: sip:1001@host:5060\r\nTight:value\r\nPadded:  two");
    expect(message.get("Url")).toBe("sip:1001@host:5060");
    expect(message.get("Tight")).toBe("value");
    expect(message.get("Padded")).toBe(" two");
  });

  it("keeps a line without a colon under the empty key", () => {
    const message = decodeOne("Response: Follows\r\nPrivilege: Command\r\nno colon here\r\n--END COMMAND--");
    expect(message.get("")).toBe("no colon here\n--END COMMAND--");
  });

  it("answers undefined for a missing key, with keys matched exactly as sent", () => {
    const message = decodeOne("Event: Hangup\r\nCause: 16");
    expect(message.get("Channel")).toBeUndefined();
    expect(message.get("cause")).toBeUndefined();
    expect(message.get("Cause")).toBe("16");
    expect(message.actionId).toBeUndefined();
  });

  it("takes the kind from the first line only, while get() sees every line", () => {
    const reply = decodeOne("Response: Success\r\nActionID: a-7\r\nEvent: Odd");
    expect(reply.response).toBe("Success");
    expect(reply.event).toBeUndefined();
    expect(reply.get("Event")).toBe("Odd");
    expect(reply.actionId).toBe("a-7");
    const neither = decodeOne("Privilege: call,all\r\nEvent: Late");
    expect([neither.event, neither.response]).toEqual([undefined, undefined]);
    expect(decodeOne("Event:Tight").event).toBe("Tight");
    expect(decodeOne("Event:").event).toBe("");
  });

  it("skips a stray blank line between messages instead of inventing an empty field", () => {
    const got = new AmiDecoder().push(Buffer.from("Event: A\r\n\r\n\r\nEvent: B\r\nX: 1\r\n\r\n\r\n\r\n"));
    expect(observed(got)).toEqual([
      { event: "A", response: undefined, fields: { Event: "A" } },
      { event: "B", response: undefined, fields: { Event: "B", X: "1" } },
    ]);
  });

  it("parses mid-stream input without a banner", () => {
    const got = new AmiDecoder().push(Buffer.from("Event: Hangup\r\nCause: 16\r\n\r\n"));
    expect(observed(got)).toEqual([{ event: "Hangup", response: undefined, fields: { Event: "Hangup", Cause: "16" } }]);
  });

  it("keeps nothing of the caller's buffer: fields read later survive its reuse", () => {
    const chunk = Buffer.from("Event: Newchannel\r\nChannel: PJSIP/1001-00000001\r\n\r\nEvent: Hang");
    const decoder = new AmiDecoder();
    const [message] = decoder.push(chunk);
    chunk.fill("x");
    const [rest] = decoder.push(Buffer.from("up\r\n\r\n"));
    expect(message?.get("Channel")).toBe("PJSIP/1001-00000001");
    expect(rest?.event).toBe("Hangup");
  });

  it("never lets wire keys reach Object.prototype", () => {
    const message = decodeOne("Event: X\r\n__proto__: polluted\r\nconstructor: wire\r\nhasOwnProperty: 1");
    expect(message.get("__proto__")).toBe("polluted");
    expect(message.get("constructor")).toBe("wire");
    expect(message.get("toString")).toBeUndefined();
    expect(message.get("valueOf")).toBeUndefined();
    const fields = message.fields();
    expect(Object.getPrototypeOf(fields)).toBeNull();
    expect(fields["__proto__"]).toBe("polluted");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("builds a message from plain fields as Asterisk would frame them, and logs as its fields", () => {
    const message = AmiMessage.from({ Event: "DeviceStateChange", Device: "PJSIP/1001", State: "INUSE" });
    expect(message.event).toBe("DeviceStateChange");
    expect(message.get("State")).toBe("INUSE");
    expect(JSON.parse(JSON.stringify(message))).toEqual({ Event: "DeviceStateChange", Device: "PJSIP/1001", State: "INUSE" });
  });
});

describe("encodeAction", () => {
  it("frames an action with repeated keys", () => {
    expect(encodeAction("Originate", "a-1", { Channel: "Local/1001@x", Variable: ["A=1", "B=2"], Async: true, Skip: undefined })).toBe(
      "Action: Originate\r\nActionID: a-1\r\nChannel: Local/1001@x\r\nVariable: A=1\r\nVariable: B=2\r\nAsync: true\r\n\r\n",
    );
  });

  it.each(["\r", "\n", "\0", "\r\n\r\nAction: Originate"])("rejects %j in any value, key or name", (bad) => {
    expect(() => encodeAction("Status", "a-1", { Channel: `PJSIP/1001${bad}` })).toThrow(AmiEncodeError);
    expect(() => encodeAction("Status", "a-1", { [`Chan${bad}nel`]: "x" })).toThrow(AmiEncodeError);
    expect(() => encodeAction(`Status${bad}`, "a-1")).toThrow(AmiEncodeError);
    expect(() => encodeAction("Status", `a-1${bad}`)).toThrow(AmiEncodeError);
    expect(() => encodeAction("Status", "a-1", { Variable: ["ok", `x${bad}`] })).toThrow(AmiEncodeError);
  });

  it("rejects keys that are not header names and attempts to set the ActionID", () => {
    expect(() => encodeAction("Status", "a-1", { "Channel: x": "y" })).toThrow(AmiEncodeError);
    expect(() => encodeAction("Status", "a-1", { ActionID: "mine" })).toThrow(AmiEncodeError);
  });
});
