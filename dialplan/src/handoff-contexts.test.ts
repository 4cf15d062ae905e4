import { describe, expect, it } from "vitest";
import { ARM_CALLEE, ARM_SELF, atxferNoAnswerTimeoutSeconds, HandoffDialplanInputError, handoffContexts, handoffGlobals, TRANSFER_CODE_DIGITS } from "./handoff-contexts";
import type { HandoffDialplanInput, HandoffSettings } from "./handoff-contexts";
import { DEFAULT_DIAL_POLICY, dialPolicySteps } from "./dial-policy";
import { GLOBALS, HANDOFF_CONTEXTS, NEXT_STEPS, TRANSFER_CODES_CONTEXT, USER_EVENT_FIELDS, USER_EVENTS } from "./names";
import { renderContext, UnsafeDialplanError } from "./render";

const input: HandoffDialplanInput = {
  agentExtensions: ["1001", "1002"],
  queues: [{ name: "support", extension: "2000" }],
  externalPatterns: ["_0XXXXX.", "_+X."],
  outsideLine: "PJSIP/${EXTEN}@trunk",
};
const settings: HandoffSettings = { transferRingSeconds: 20, recallRingSeconds: 30, holdRetrySeconds: 10, fallbackQueue: "support" };

/** The dialplan lines of one product context, comments dropped. */
function lines(name: string, from: HandoffDialplanInput = input): string[] {
  const context = handoffContexts(from, settings).find((c) => c.name === name);
  expect(context, `context ${name}`).toBeDefined();
  return renderContext(context!)
    .split("\n")
    .filter((line) => !line.startsWith(";"))
    .slice(1);
}

/** The steps of one extension (its first line and the same => lines after it). */
function extension(contextLines: string[], pattern: string): string[] {
  const start = contextLines.findIndex((line) => line.startsWith(`exten => ${pattern},1`));
  expect(start, `extension ${pattern}`).toBeGreaterThanOrEqual(0);
  const end = contextLines.findIndex((line, i) => i > start && line.startsWith("exten => "));
  return contextLines.slice(start, end < 0 ? undefined : end);
}

describe("the product contexts", () => {
  it("are the five the server relies on, in order, then the transfer codes' handler", () => {
    expect(handoffContexts(input, settings).map((c) => c.name)).toEqual([
      HANDOFF_CONTEXTS.transfer,
      HANDOFF_CONTEXTS.handoff,
      HANDOFF_CONTEXTS.transferFailed,
      HANDOFF_CONTEXTS.recallHeaders,
      HANDOFF_CONTEXTS.fallback,
      TRANSFER_CODES_CONTEXT,
    ]);
  });

  it("put every product global in [globals], the fallback queue included", () => {
    expect(handoffGlobals(settings)).toEqual([
      `${GLOBALS.transferRing} = 20`,
      `${GLOBALS.recallRing} = 30`,
      `${GLOBALS.fallbackQueue} = support`,
      `${GLOBALS.holdRetry} = 10`,
    ]);
  });

  it("give Asterisk's attended-transfer timer more than transfer ring + recall ring", () => {
    expect(atxferNoAnswerTimeoutSeconds(settings)).toBeGreaterThan(settings.transferRingSeconds + settings.recallRingSeconds);
    expect(atxferNoAnswerTimeoutSeconds({ transferRingSeconds: 5, recallRingSeconds: 7 })).toBeGreaterThan(12);
  });
});

describe("handoff-transfer", () => {
  const transfer = lines(HANDOFF_CONTEXTS.transfer);

  it("rings an agent for the transfer ring time, then lets transfer-failed decide", () => {
    expect(extension(transfer, "1002")).toEqual([
      "exten => 1002,1,Dial(PJSIP/1002,${HANDOFF_TRANSFER_RING_SECONDS},tb(handoff-transfer-codes^s^1))",
      " same => n,Gosub(handoff-transfer-failed,s,1(${EXTEN},${DIALSTATUS}))",
      " same => n,Hangup()",
    ]);
  });

  it("bounds a queue's wait by the ring time and passes QUEUESTATUS on", () => {
    expect(extension(transfer, "2000")).toEqual([
      "exten => 2000,1,Queue(support,tb(handoff-transfer-codes^s^1),,,${HANDOFF_TRANSFER_RING_SECONDS})",
      " same => n,Gosub(handoff-transfer-failed,s,1(${EXTEN},${QUEUESTATUS}))",
      " same => n,Hangup()",
    ]);
  });

  it("dials outside numbers through the outside line only when they are plain numbers the dial policy allows", () => {
    expect(extension(transfer, "_0XXXXX.")).toEqual([
      'exten => _0XXXXX.,1,GotoIf(${REGEX("^[+]?[0-9]+$" ${EXTEN})}?:invalid)',
      ...dialPolicySteps(DEFAULT_DIAL_POLICY, "refused").map((step) => ` same => n,${step}`),
      " same => n,Dial(PJSIP/${EXTEN}@trunk,${HANDOFF_TRANSFER_RING_SECONDS},t)",
      " same => n,Gosub(handoff-transfer-failed,s,1(${EXTEN},${DIALSTATUS}))",
      " same => n,Hangup()",
      " same => n(invalid),Gosub(handoff-transfer-failed,s,1(${FILTER(0-9+,${EXTEN})},INVALID))",
      " same => n,Hangup()",
      " same => n(refused),UserEvent(HandoffNumberRefused,Number: ${EXTEN},Rule: ${HANDOFF_DIAL_RULE})",
      " same => n,Gosub(handoff-transfer-failed,s,1(${EXTEN},INVALID))",
      " same => n,Hangup()",
    ]);
    expect(transfer).toContain('exten => _+X.,1,GotoIf(${REGEX("^[+]?[0-9]+$" ${EXTEN})}?:invalid)');
  });

  it("catches unknown numbers, passing on only digits * # +", () => {
    expect(extension(transfer, "_[0-9*#+]!")).toEqual(["exten => _[0-9*#+]!,1,Gosub(handoff-transfer-failed,s,1(${FILTER(0-9*#+,${EXTEN})},INVALID))", " same => n,Hangup()"]);
  });
});

describe("handoff-handoff", () => {
  const handoff = lines(HANDOFF_CONTEXTS.handoff);

  it("marks the caller as a handoff, forgets an earlier blind transfer and rings the target like a transfer", () => {
    expect(extension(handoff, "_X.")).toEqual([
      "exten => _X.,1,Set(HANDOFF_KIND=handoff)",
      " same => n,Set(BLINDTRANSFER=)",
      ' same => n,GotoIf(${REGEX("^[0-9]+$" ${EXTEN})}?:invalid)',
      " same => n,Goto(handoff-transfer,${EXTEN},1)",
      " same => n(invalid),Gosub(handoff-transfer-failed,s,1(${FILTER(0-9,${EXTEN})},INVALID))",
      " same => n,Hangup()",
    ]);
    expect(extension(handoff, "_+X.")).toContain(' same => n,GotoIf(${REGEX("^[+][0-9]+$" ${EXTEN})}?:invalid)');
  });

  it("matches digits and a leading + only, with no ! catch-all; anything else still reaches transfer-failed", () => {
    const patterns = handoff.filter((line) => line.startsWith("exten => ")).map((line) => line.split(",")[0]!.slice("exten => ".length));
    expect([...new Set(patterns)]).toEqual(["_X.", "_+X.", "i"]);
    expect(extension(handoff, "i")).toEqual([
      "exten => i,1,Set(HANDOFF_KIND=handoff)",
      " same => n,Set(BLINDTRANSFER=)",
      " same => n,Gosub(handoff-transfer-failed,s,1(${FILTER(0-9+,${INVALID_EXTEN})},INVALID))",
      " same => n,Hangup()",
    ]);
  });
});

describe("handoff-transfer-failed", () => {
  const failed = lines(HANDOFF_CONTEXTS.transferFailed);
  const decision = extension(failed, "s");
  const at = (fragment: string): number => {
    const i = decision.findIndex((line) => line.includes(fragment));
    expect(i, fragment).toBeGreaterThanOrEqual(0);
    return i;
  };

  it("checks a blind transfer first, then a handoff, then an attended consultation", () => {
    expect(at('REGEX("^PJSIP/.+-[0-9a-f]{8}$" ${BLINDTRANSFER})}?blind')).toBeLessThan(at('$["${HANDOFF_KIND}" = "handoff"]?tell'));
    expect(at('$["${HANDOFF_KIND}" = "handoff"]?tell')).toBeLessThan(at("GotoIf(${LEN(${TRANSFERERNAME})}?:tell)"));
    expect(at("GotoIf(${LEN(${TRANSFERERNAME})}?:tell)")).toBeLessThan(at("GotoIf(${CHANNEL_EXISTS(${TRANSFERERNAME})}?back)"));
  });

  it("rings back the blind transferer's endpoint (BLINDTRANSFER minus -<hex>)", () => {
    expect(decision).toContain(" same => n(blind),Set(HANDOFF_RECALL_TO=${BLINDTRANSFER:0:-9})");
    expect(decision[at("n(blind)") + 1]).toBe(` same => n,Set(HANDOFF_NEXT=${NEXT_STEPS.recall})`);
  });

  it("sends a consultation back while its transferer exists, and recalls the transferer once it is gone", () => {
    expect(decision[at("CHANNEL_EXISTS") + 1]).toBe(' same => n,GotoIf(${REGEX("^PJSIP/.+-[0-9a-f]{8}$" ${TRANSFERERNAME})}?:tell)');
    expect(decision[at("CHANNEL_EXISTS") + 2]).toBe(" same => n,Set(HANDOFF_RECALL_TO=${TRANSFERERNAME:0:-9})");
    expect(decision[at("CHANNEL_EXISTS") + 3]).toBe(` same => n,Set(HANDOFF_NEXT=${NEXT_STEPS.recall})`);
    expect(decision).toContain(` same => n(back),Set(HANDOFF_NEXT=${NEXT_STEPS.back})`);
  });

  it("defaults to the fallback, and tells the server before acting", () => {
    expect(at(`Set(HANDOFF_NEXT=${NEXT_STEPS.fallback})`)).toBeLessThan(at("?blind"));
    const tell = at(`UserEvent(${USER_EVENTS.transferFailed},`);
    expect(decision[tell]).toBe(
      ` same => n(tell),UserEvent(HandoffTransferFailed,Target: \${HANDOFF_FAILED_TARGET},DialStatus: \${HANDOFF_FAILED_STATUS},Next: \${HANDOFF_NEXT},RecallTo: \${HANDOFF_RECALL_TO})`,
    );
    expect(decision.slice(tell + 1)).toEqual([
      ' same => n,GotoIf($["${HANDOFF_NEXT}" = "back"]?return)',
      " same => n,StackPop()",
      ' same => n,GotoIf($["${HANDOFF_NEXT}" = "recall"]?recall,1)',
      " same => n,Goto(handoff-fallback,s,1)",
      " same => n(return),Return()",
    ]);
  });

  it("keeps the Gosub arguments before StackPop drops them", () => {
    expect(decision.slice(0, 2)).toEqual(["exten => s,1,Set(HANDOFF_FAILED_TARGET=${ARG1})", " same => n,Set(HANDOFF_FAILED_STATUS=${ARG2})"]);
  });

  it("recalls with the recall headers and sends an unanswered recall to the fallback, never hanging up the caller", () => {
    expect(extension(failed, "recall")).toEqual([
      "exten => recall,1,Dial(${HANDOFF_RECALL_TO},${HANDOFF_RECALL_RING_SECONDS},tb(handoff-recall-headers^s^1(${HANDOFF_FAILED_TARGET},${HANDOFF_FAILED_STATUS})))",
      ' same => n,GotoIf($["${DIALSTATUS}" = "ANSWER"]?answered)',
      " same => n,UserEvent(HandoffRecallFailed,RecallTo: ${HANDOFF_RECALL_TO},DialStatus: ${DIALSTATUS})",
      " same => n,Goto(handoff-fallback,s,1)",
      " same => n(answered),Hangup()",
    ]);
  });
});

describe("handoff-recall-headers", () => {
  it("marks the recall INVITE with the failed target and status", () => {
    expect(lines(HANDOFF_CONTEXTS.recallHeaders)).toEqual([
      "exten => s,1,Set(PJSIP_HEADER(add,X-Handoff-Recall-Target)=${ARG1})",
      " same => n,Set(PJSIP_HEADER(add,X-Handoff-Recall-Status)=${ARG2})",
      " same => n,Gosub(handoff-transfer-codes,s,1)",
      " same => n,Return()",
    ]);
  });
});

describe("handoff-fallback", () => {
  it("answers, then waits in the fallback queue or on hold, forever, announcing each change once", () => {
    expect(lines(HANDOFF_CONTEXTS.fallback)).toEqual([
      "exten => s,1,Answer()",
      " same => n,Set(HANDOFF_FALLBACK_STATE=)",
      " same => n(try),GotoIf(${QUEUE_MEMBER(${HANDOFF_FALLBACK_QUEUE},logged)}?:join)",
      " same => n,Set(HANDOFF_FALLBACK_STATE=queued)",
      " same => n,UserEvent(HandoffCallerQueued,Queue: ${HANDOFF_FALLBACK_QUEUE})",
      " same => n(join),Queue(${HANDOFF_FALLBACK_QUEUE},tb(handoff-transfer-codes^s^1))",
      ' same => n,GotoIf($["${HANDOFF_FALLBACK_STATE}" = "held"]?hold)',
      " same => n,Set(HANDOFF_FALLBACK_STATE=held)",
      " same => n,UserEvent(HandoffCallerHeld,Queue: ${HANDOFF_FALLBACK_QUEUE},QueueStatus: ${QUEUESTATUS})",
      " same => n(hold),MusicOnHold(default,${HANDOFF_HOLD_RETRY_SECONDS})",
      " same => n,Goto(try)",
    ]);
  });
});

describe("no product context hangs up a caller it could still place", () => {
  it("only hangs up after Return (an attended consultation leg), an answered recall, or right after a Gosub that never returns otherwise", () => {
    const all = handoffContexts(input, settings).map(renderContext).join("\n").split("\n");
    all.forEach((line, i) => {
      if (!line.endsWith(",Hangup()")) return;
      const before = all[i - 1] ?? "";
      expect(before.includes(`Gosub(${HANDOFF_CONTEXTS.transferFailed},`) || line.includes("(answered)"), line).toBe(true);
    });
  });
});

describe("UserEvent bodies", () => {
  it("use the field names of USER_EVENT_FIELDS", () => {
    const text = handoffContexts(input, settings).map(renderContext).join("\n");
    for (const key of Object.keys(USER_EVENTS) as (keyof typeof USER_EVENTS)[]) {
      const line = text.split("\n").find((l) => l.includes(`UserEvent(${USER_EVENTS[key]},`));
      expect(line, key).toBeDefined();
      const fields = [...line!.matchAll(/,([A-Za-z]+): /g)].map((m) => m[1]);
      expect(fields, key).toEqual(Object.values(USER_EVENT_FIELDS[key]));
    }
  });
});

describe("generation refuses input that would change the dialplan's meaning", () => {
  it.each([
    ["an agent extension with a comma", { ...input, agentExtensions: ["1001,x"] }],
    ["a pattern extension for an agent", { ...input, agentExtensions: ["_1XXX"] }],
    ["a queue name with a parenthesis", { ...input, queues: [{ name: "sup)port", extension: "2000" }] }],
    ["a catch-all external pattern", { ...input, externalPatterns: ["_0!"] }],
    ["an outside line that rings two channels", { ...input, outsideLine: "PJSIP/${EXTEN}@trunk&PJSIP/1001" }],
    ["an outside line without the number", { ...input, outsideLine: "PJSIP/trunk" }],
  ])("%s", (_name, bad) => {
    expect(() => handoffContexts(bad, settings)).toThrow(HandoffDialplanInputError);
  });

  it("a fallback queue that is not a plain name, or a ring time under a second", () => {
    expect(() => handoffContexts(input, { ...settings, fallbackQueue: "a,b" })).toThrow(HandoffDialplanInputError);
    expect(() => handoffContexts(input, { ...settings, holdRetrySeconds: 0 })).toThrow(HandoffDialplanInputError);
  });

  it("and renderContext still refuses a line a ';' would cut", () => {
    expect(() => renderContext({ name: "x", comment: "", extensions: [{ pattern: "s", steps: ["NoOp(a;b)"] }] })).toThrow(UnsafeDialplanError);
  });
});

describe("handoff-transfer-codes", () => {
  it("arms the attended-transfer codes on this channel only, each a fresh random number", () => {
    const random = `\${RAND(1${"0".repeat(TRANSFER_CODE_DIGITS - 1)},${"9".repeat(TRANSFER_CODE_DIGITS)})}`;
    expect(lines(TRANSFER_CODES_CONTEXT)).toEqual([
      `exten => s,1,Set(FEATUREMAP(atxfer)=${random})`,
      ` same => n,Set(FEATURE(atxferabort)=${random})`,
      ` same => n,Set(FEATURE(atxfercomplete)=${random})`,
      ` same => n,Set(FEATURE(atxferthreeway)=${random})`,
      ` same => n,Set(FEATURE(atxferswap)=${random})`,
      " same => n,Return()",
    ]);
    expect(ARM_CALLEE).toBe("b(handoff-transfer-codes^s^1)");
    expect(ARM_SELF).toBe("Gosub(handoff-transfer-codes,s,1)");
  });
});
