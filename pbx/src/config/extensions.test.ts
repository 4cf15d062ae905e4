import { describe, expect, it } from "vitest";
import { ARM_CALLEE as ARM, HANDOFF_CONTEXTS, USER_EVENTS } from "@handoff/dialplan";
import { NoFallbackQueueError, renderExtensionsConf } from "./extensions";
import { DEFAULT_SETTINGS } from "./input";
import { loadDemoData, phoneUsers } from "../demo-data";

const demo = loadDemoData();
const text = renderExtensionsConf(demo, DEFAULT_SETTINGS);

/** The dialplan lines of one context, comments dropped. */
function context(name: string): string[] {
  const lines = text.split("\n");
  const start = lines.indexOf(`[${name}]`);
  expect(start, `context ${name} exists`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("["));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line && !line.startsWith(";"));
}

describe("extensions.conf", () => {
  it("lets agents dial each other, the queue and outside numbers", () => {
    const agents = context("handoff-agents");
    for (const user of phoneUsers(demo)) {
      expect(agents).toContain(`exten => ${user.extension},1,Gosub(handoff-transfer-codes,s,1)`);
      expect(agents).toContain(` same => n,Dial(PJSIP/${user.extension},,tT${ARM})`);
      expect(agents).toContain(`exten => ${user.extension},hint,PJSIP/${user.extension}`);
    }
    expect(agents).toContain(` same => n,Queue(support,tT${ARM})`);
    // An outside party gets no transfer rights (no t).
    expect(agents).toContain(" same => n,Dial(Local/${EXTEN}@handoff-outside,,T)");
  });

  it("rings transfer targets for the configured time, then hands failure to transfer-failed", () => {
    const transfer = context(HANDOFF_CONTEXTS.transfer);
    const settings = { ...DEFAULT_SETTINGS, transferRingSeconds: 7 };
    expect(renderExtensionsConf(demo, settings)).toContain("HANDOFF_TRANSFER_RING_SECONDS = 7");
    expect(transfer).toContain(`exten => 1002,1,Dial(PJSIP/1002,\${HANDOFF_TRANSFER_RING_SECONDS},t${ARM})`);
    expect(transfer.filter((line) => line.includes("Gosub(handoff-transfer-failed,s,1(${EXTEN},${DIALSTATUS}))"))).toHaveLength(phoneUsers(demo).length + 3);
    // The lab trunk's remote extensions: 8<digits>, dialled on the trunk with the prefix cut.
    expect(transfer).toContain(" same => n,Dial(PJSIP/${EXTEN:1}@lab,${HANDOFF_TRANSFER_RING_SECONDS})");
    expect(transfer).toContain(`exten => 2000,1,Queue(support,t${ARM},,,\${HANDOFF_TRANSFER_RING_SECONDS})`);
    expect(transfer).toContain(" same => n,Gosub(handoff-transfer-failed,s,1(${EXTEN},${QUEUESTATUS}))");
    // The product's transfer context dials the demo's stand-in carrier for outside numbers.
    expect(transfer).toContain(" same => n,Dial(Local/${EXTEN}@handoff-outside,${HANDOFF_TRANSFER_RING_SECONDS},t)");
  });

  it("catches unknown numbers so a blind transfer to them still reaches transfer-failed", () => {
    expect(context(HANDOFF_CONTEXTS.transfer)).toContain("exten => _[0-9*#+]!,1,Gosub(handoff-transfer-failed,s,1(${FILTER(0-9*#+,${EXTEN})},INVALID))");
  });

  it("renders every product context, and a bot handoff lands in its own", () => {
    for (const name of Object.values(HANDOFF_CONTEXTS)) context(name);
    expect(context(HANDOFF_CONTEXTS.handoff)).toContain(" same => n,Goto(handoff-transfer,${EXTEN},1)");
    const failed = context(HANDOFF_CONTEXTS.transferFailed).join("\n");
    expect(failed).toContain("${BLINDTRANSFER:0:-9}");
    expect(failed).toContain(`UserEvent(${USER_EVENTS.transferFailed},`);
    expect(failed).toContain(`UserEvent(${USER_EVENTS.recallFailed},`);
    expect(context(HANDOFF_CONTEXTS.fallback).join("\n")).toContain(`Queue(\${HANDOFF_FALLBACK_QUEUE},t${ARM})`);
  });

  it("puts the product globals in [globals]: the first demo queue is the fallback", () => {
    const globals = context("globals");
    expect(globals).toContain(`HANDOFF_RECALL_RING_SECONDS = ${DEFAULT_SETTINGS.recallRingSeconds}`);
    expect(globals).toContain(`HANDOFF_FALLBACK_QUEUE = ${demo.queues[0]!.name}`);
    expect(globals).toContain("HANDOFF_HOLD_RETRY_SECONDS = 10");
    expect(renderExtensionsConf(demo, { ...DEFAULT_SETTINGS, holdRetrySeconds: 3 })).toContain("HANDOFF_HOLD_RETRY_SECONDS = 3");
  });

  it("refuses demo data without a queue: the fallback needs one", () => {
    expect(() => renderExtensionsConf({ ...demo, queues: [] }, DEFAULT_SETTINGS)).toThrow(NoFallbackQueueError);
  });

  it("makes test customers and the outside line play known, different tones forever", () => {
    expect(text).toContain(`HANDOFF_CUSTOMER_TONE = ${DEFAULT_SETTINGS.customerToneHz}`);
    expect(text).toContain(`HANDOFF_OUTSIDE_TONE = ${DEFAULT_SETTINGS.outsideToneHz}`);
    expect(DEFAULT_SETTINGS.customerToneHz).not.toBe(DEFAULT_SETTINGS.outsideToneHz);
    expect(context("handoff-customer")).toEqual([
      "exten => s,1,Answer()",
      " same => n,Playtones(${HANDOFF_CUSTOMER_TONE})",
      " same => n(wait),Wait(3600)",
      " same => n,Goto(wait)",
    ]);
    expect(context("handoff-outside")).toContain(" same => n,Playtones(${HANDOFF_OUTSIDE_TONE})");
  });

  it("routes inbound test calls to agents and the queue, transfer rights to the agent only", () => {
    const inbound = context("handoff-inbound");
    expect(inbound).toContain(`exten => 1001,1,Dial(PJSIP/1001,,t${ARM})`);
    expect(inbound).toContain(`exten => 2000,1,Queue(support,t${ARM})`);
    expect(inbound.some((line) => line.includes("tT"))).toBe(false);
  });

  it("has no stray ';' that Asterisk would read as a comment", () => {
    const code = text.split("\n").filter((line) => !line.startsWith(";"));
    expect(code.filter((line) => line.includes(";"))).toEqual([]);
  });
});
