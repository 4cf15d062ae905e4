import { describe, expect, it } from "vitest";
import { checkNumber, DEFAULT_DIAL_POLICY, DIAL_RULES, DialPolicyError, dialPolicyFromEnv, dialPolicySteps, validateDialPolicy } from "./dial-policy";

describe("checkNumber with the default policy", () => {
  it("allows national numbers and the listed country codes", () => {
    for (const number of ["0612345678", "0123456789", "+33612345678", "+442071234567", "+4930123456", "+12125550100"]) expect(checkNumber(number), number).toEqual({ ok: true });
  });

  it("refuses what is not a number, naming the format rule", () => {
    for (const number of ["", "06 12", "0612&1001", "+33,1", "1001@handoff-agents", "06%2C1", "+", "٠٦١٢٣٤٥٦٧٨", "*21001#"]) {
      expect(checkNumber(number), number).toMatchObject({ ok: false, rule: DIAL_RULES.format });
    }
  });

  it("refuses more than 15 digits, saying how many are allowed", () => {
    const result = checkNumber("+3361234567890123");
    expect(result).toMatchObject({ ok: false, rule: DIAL_RULES.maxLength });
    expect(!result.ok && result.message).toMatch(/16 digits.*at most 15 \(rule max-length\)/);
    expect(checkNumber("+336123456789012")).toEqual({ ok: true });
  });

  it("refuses satellite and premium ranges, naming the range", () => {
    const cases: Array<[string, RegExp]> = [
      ["+8816123456", /satellite.*\+881/],
      ["+88234567890", /\+882/],
      ["+8831234567", /\+883/],
      ["0900123456", /premium rate.*0900/],
      ["0891234567", /premium rate.*089/],
      ["+33891234567", /premium rate.*\+3389/],
      ["+449012345678", /premium rate.*\+449/],
      ["+49900123456", /premium rate.*\+49900/],
      ["+19005550100", /premium rate.*\+1900/],
      ["0044207123456", /international without \+/],
    ];
    for (const [number, message] of cases) {
      const result = checkNumber(number);
      expect(result, number).toMatchObject({ ok: false, rule: DIAL_RULES.blocked });
      expect(!result.ok && result.message, number).toMatch(message);
      expect(!result.ok && result.message, number).toMatch(/rule blocked-prefix/);
    }
  });

  it("refuses country codes outside the list", () => {
    const result = checkNumber("+861012345678");
    expect(result).toMatchObject({ ok: false, rule: DIAL_RULES.notAllowed });
    expect(!result.ok && result.message).toMatch(/0, \+33, \+44, \+49, \+1/);
  });
});

describe("a configured policy", () => {
  it("comes from HANDOFF_DIAL_POLICY, or is the default", () => {
    expect(dialPolicyFromEnv({})).toBe(DEFAULT_DIAL_POLICY);
    const policy = dialPolicyFromEnv({ HANDOFF_DIAL_POLICY: JSON.stringify({ allowedPrefixes: ["+32"], blocked: [{ prefix: "+3290", kind: "premium rate" }], maxDigits: 12 }) });
    expect(checkNumber("+3221234567", policy)).toEqual({ ok: true });
    expect(checkNumber("+33612345678", policy)).toMatchObject({ ok: false, rule: DIAL_RULES.notAllowed });
    expect(checkNumber("+32901234567", policy)).toMatchObject({ ok: false, rule: DIAL_RULES.blocked });
    expect(checkNumber("+3221234567890", policy)).toMatchObject({ ok: false, rule: DIAL_RULES.maxLength });
  });

  it("refuses prefixes the dialplan could not hold safely", () => {
    expect(() => validateDialPolicy({ ...DEFAULT_DIAL_POLICY, allowedPrefixes: ["0|.*"] })).toThrow(DialPolicyError);
    expect(() => validateDialPolicy({ ...DEFAULT_DIAL_POLICY, blocked: [{ prefix: "+88)", kind: "x" }] })).toThrow(DialPolicyError);
    expect(() => validateDialPolicy({ ...DEFAULT_DIAL_POLICY, allowedPrefixes: [] })).toThrow(DialPolicyError);
    expect(() => dialPolicyFromEnv({ HANDOFF_DIAL_POLICY: "{" })).toThrow(DialPolicyError);
  });
});

describe("the dialplan steps", () => {
  it("check the same rules before any Dial, in the same order, with the same names", () => {
    expect(dialPolicySteps(DEFAULT_DIAL_POLICY, "refused")).toEqual([
      "Set(HANDOFF_DIAL_RULE=format)",
      '$[${REGEX("^[+]?[0-9]+$" ${EXTEN})} = 0]'.replace(/^/, "GotoIf(").concat("?refused)"),
      "Set(HANDOFF_DIAL_RULE=max-length)",
      "GotoIf($[${LEN(${FILTER(0-9,${EXTEN})})} > 15]?refused)",
      "Set(HANDOFF_DIAL_RULE=blocked-prefix)",
      'GotoIf(${REGEX("^00|^[+]881|^[+]882|^[+]883|^[+]870|^0900|^089|^[+]3389|^[+]449|^[+]49900|^[+]1900" ${EXTEN})}?refused)',
      "Set(HANDOFF_DIAL_RULE=not-allowed-prefix)",
      'GotoIf($[${REGEX("^0|^[+]33|^[+]44|^[+]49|^[+]1" ${EXTEN})} = 0]?refused)',
      "Set(HANDOFF_DIAL_RULE=)",
    ]);
  });
});
