import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AmiDecoder, encodeAction, type AmiMessage } from "./codec";
import { AmiEncodeError } from "./errors";

const fixturePath = fileURLToPath(new URL("../../../../shared/fixtures/ami-events-asterisk22.raw", import.meta.url));
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

  it("decodes every message with its fields", () => {
    const text = fixture.toString("utf8");
    const eventLines = text.split("\r\n").filter((line) => line.startsWith("Event: ")).length;
    expect(whole.banner).toBe("Asterisk Call Manager/11.0.0");
    expect(reference.filter((m) => m.Event !== undefined)).toHaveLength(eventLines);
    expect(reference[0]).toEqual({ Response: "Success", ActionID: "rec1", Message: "Authentication accepted" });
    const rtcp = reference.find((m) => m.Event === "RTCPSent");
    expect(rtcp?.To).toBe("127.0.0.1:51814");
    expect(whole.bufferedLength).toBe(0);
  });

  it("decodes the same when fed one byte at a time", () => {
    expect(decodeInChunks(fixture, () => 1)).toEqual(reference);
  });

  it("decodes the same for every two-way split of the first messages", () => {
    const head = fixture.subarray(0, fixture.indexOf("\r\n\r\n", 6000) + 4);
    const expected = new AmiDecoder().push(head);
    expect(expected.length).toBeGreaterThan(10);
    for (let split = 0; split <= head.length; split++) {
      const decoder = new AmiDecoder();
      const got = [...decoder.push(head.subarray(0, split)), ...decoder.push(head.subarray(split))];
      if (got.length !== expected.length) throw new Error(`split at byte ${split} gave ${got.length} messages`);
      expect(got).toEqual(expected);
    }
  });

  it("decodes the same under random chunk sizes", () => {
    for (const seed of [1, 2, 3, 42]) {
      const random = mulberry32(seed);
      expect(decodeInChunks(fixture, () => Math.floor(random() * 3000))).toEqual(reference);
    }
  });
});

describe("AmiDecoder edge cases", () => {
  it("keeps a UTF-8 character split across chunks whole", () => {
    const bytes = Buffer.from("Asterisk Call Manager/11.0.0\r\nEvent: Newchannel\r\nCallerIDName: Zoë Ångström\r\n\r\n");
    const splitInsideE = bytes.indexOf(Buffer.from("ë")) + 1;
    const decoder = new AmiDecoder();
    const got = [...decoder.push(bytes.subarray(0, splitInsideE)), ...decoder.push(bytes.subarray(splitInsideE))];
    expect(got).toEqual([{ Event: "Newchannel", CallerIDName: "Zoë Ångström" }]);
  });

  it("joins repeated keys and keeps empty values", () => {
    const decoder = new AmiDecoder();
    const got = decoder.push(Buffer.from("Response: Success\r\nOutput: line one\r\nOutput: line two\r\nMessage:\r\n\r\n"));
    expect(got).toEqual([{ Response: "Success", Output: "line one\nline two", Message: "" }]);
  });

  it("skips a stray blank line between messages instead of inventing an empty field", () => {
    const got = new AmiDecoder().push(Buffer.from("Event: A\r\n\r\n\r\nEvent: B\r\nX: 1\r\n\r\n\r\n\r\n"));
    expect(got).toEqual([{ Event: "A" }, { Event: "B", X: "1" }]);
  });

  it("parses mid-stream input without a banner", () => {
    const got = new AmiDecoder().push(Buffer.from("Event: Hangup\r\nCause: 16\r\n\r\n"));
    expect(got).toEqual([{ Event: "Hangup", Cause: "16" }]);
  });

  it("never lets wire keys reach Object.prototype", () => {
    const [message] = new AmiDecoder().push(Buffer.from("Event: X\r\n__proto__: polluted\r\n\r\n"));
    expect(message?.["__proto__"]).toBe("polluted");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.getPrototypeOf(message)).toBeNull();
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
