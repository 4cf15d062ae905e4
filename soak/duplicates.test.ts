import { describe, expect, it } from "vitest";
import { findDuplicates, type RecordedAction } from "./duplicates";

const action = (at: number, fields: Record<string, string>, epoch = 0): RecordedAction => ({ at, epoch, fields: { ActionID: `a${at}`, ...fields } });

describe("duplicate AMI actions", () => {
  it("counts the same call-moving action on one channel beyond the first", () => {
    const { total, groups } = findDuplicates([
      action(1, { Action: "BlindTransfer", Channel: "PJSIP/1001-00000001", Exten: "1002" }),
      action(2, { Action: "BlindTransfer", Channel: "PJSIP/1001-00000001", Exten: "1002" }),
      action(3, { Action: "Hangup", Channel: "PJSIP/1004-00000002" }),
      action(4, { Action: "Hangup", Channel: "PJSIP/1004-00000002" }),
      action(5, { Action: "Hangup", Channel: "PJSIP/1004-00000002" }),
    ]);
    expect(total).toBe(3);
    expect(groups.map((g) => [g.action, g.channel, g.count])).toEqual([
      ["BlindTransfer", "PJSIP/1001-00000001", 2],
      ["Hangup", "PJSIP/1004-00000002", 3],
    ]);
  });

  it("ignores reads, different actions on one channel, other channels and other Asterisk runs", () => {
    expect(
      findDuplicates([
        action(1, { Action: "Getvar", Channel: "PJSIP/1001-00000001" }),
        action(2, { Action: "Getvar", Channel: "PJSIP/1001-00000001" }),
        action(3, { Action: "Atxfer", Channel: "PJSIP/1001-00000001" }),
        action(4, { Action: "CancelAtxfer", Channel: "PJSIP/1001-00000001" }),
        action(5, { Action: "Hangup", Channel: "PJSIP/1001-00000001" }),
        action(6, { Action: "Atxfer", Channel: "PJSIP/1001-00000002" }),
        action(7, { Action: "Atxfer", Channel: "PJSIP/1001-00000001" }, 1),
        action(8, { Action: "Ping" }),
        action(9, { Action: "Ping" }),
      ]).total,
    ).toBe(0);
  });

  it("a completion is one received digit per digit of the channel's code: a second burst counts, a played (sent) digit does not", () => {
    const burst = (from: number) => Array.from({ length: 8 }, (_, i) => action(from + i, { Action: "PlayDTMF", Channel: "PJSIP/1001-00000001", Digit: String(i), Receive: "yes" }));
    expect(findDuplicates(burst(0)).total).toBe(0);
    expect(findDuplicates([...burst(0), action(20, { Action: "PlayDTMF", Channel: "PJSIP/1001-00000001", Digit: "1" })]).total).toBe(0);
    expect(findDuplicates([...burst(0), ...burst(10)]).groups.map((g) => [g.action, g.count])).toEqual([["PlayDTMF", 2]]);
  });

  it("a second Redirect of a bot's caller counts; a Hangup of a Local channel is no agent's leg", () => {
    const { total } = findDuplicates([
      action(1, { Action: "Redirect", Channel: "Local/s@handoff-bot-00000004;2", Exten: "1002" }),
      action(2, { Action: "Redirect", Channel: "Local/s@handoff-bot-00000004;2", Exten: "1002" }),
      action(3, { Action: "Hangup", Channel: "Local/1002@handoff-transfer-00000005;1" }),
      action(4, { Action: "Hangup", Channel: "Local/1002@handoff-transfer-00000005;1" }),
    ]);
    expect(total).toBe(1);
  });
});
