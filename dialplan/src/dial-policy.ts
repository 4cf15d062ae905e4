/**
 * Which outside numbers calls and transfers may reach. One policy, used twice: the server checks a target
 * with `checkNumber` before it asks Asterisk for anything, and the dialplan is rendered from the same data
 * (`dialPolicySteps`), so a number the server would refuse never reaches Dial either.
 */

export interface BlockedRange {
  /** `+881`, `0900`: a number starting with this is refused. Digits, with a leading + for international. */
  readonly prefix: string;
  /** What the range is, for the message: "satellite", "premium rate". */
  readonly kind: string;
}

export interface DialPolicy {
  /** A number must start with one of these: `0` (national), `+33`, `+44`... */
  readonly allowedPrefixes: readonly string[];
  readonly blocked: readonly BlockedRange[];
  /** Digits in all, the + not counted (E.164 allows 15). */
  readonly maxDigits: number;
}

export const DEFAULT_DIAL_POLICY: DialPolicy = {
  allowedPrefixes: ["0", "+33", "+44", "+49", "+1"],
  blocked: [
    // 00 is the international access code: international numbers are written with +, so the rules above apply.
    { prefix: "00", kind: "international without +" },
    { prefix: "+881", kind: "satellite" },
    { prefix: "+882", kind: "satellite and international networks" },
    { prefix: "+883", kind: "international networks" },
    { prefix: "+870", kind: "satellite (Inmarsat)" },
    { prefix: "0900", kind: "premium rate" },
    { prefix: "089", kind: "premium rate" },
    { prefix: "+3389", kind: "premium rate" },
    { prefix: "+449", kind: "premium rate" },
    { prefix: "+49900", kind: "premium rate" },
    { prefix: "+1900", kind: "premium rate" },
  ],
  maxDigits: 15,
};

/** The rules a number can break; the dialplan reports the same names. */
export const DIAL_RULES = { format: "format", maxLength: "max-length", blocked: "blocked-prefix", notAllowed: "not-allowed-prefix" } as const;
export type DialRule = (typeof DIAL_RULES)[keyof typeof DIAL_RULES];

export type NumberCheck = { readonly ok: true } | { readonly ok: false; readonly rule: DialRule; readonly message: string };

const PREFIX = /^\+?[0-9]{1,15}$/;
const NUMBER = /^\+?[0-9]+$/;

export class DialPolicyError extends Error {
  override readonly name = "DialPolicyError";
  constructor(problem: string) {
    super(`Invalid dial policy: ${problem}.`);
  }
}

/** Refuses a policy the dialplan could not render safely (prefixes are pasted into a REGEX). */
export function validateDialPolicy(policy: DialPolicy): DialPolicy {
  if (policy.allowedPrefixes.length === 0) throw new DialPolicyError("allowedPrefixes is empty, so no number could be dialled");
  for (const prefix of [...policy.allowedPrefixes, ...policy.blocked.map((range) => range.prefix)])
    if (!PREFIX.test(prefix)) throw new DialPolicyError(`prefix ${JSON.stringify(prefix)} must be digits with an optional leading +`);
  for (const range of policy.blocked) if (!/^[A-Za-z0-9 ()+-]{1,40}$/.test(range.kind)) throw new DialPolicyError(`kind ${JSON.stringify(range.kind)} must be plain words`);
  if (!Number.isInteger(policy.maxDigits) || policy.maxDigits < 1 || policy.maxDigits > 30) throw new DialPolicyError(`maxDigits must be a whole number from 1 to 30 (got ${policy.maxDigits})`);
  return policy;
}

/** `HANDOFF_DIAL_POLICY` (JSON of a DialPolicy) when set, else the default. */
export function dialPolicyFromEnv(env: Readonly<Record<string, string | undefined>>): DialPolicy {
  const raw = env.HANDOFF_DIAL_POLICY;
  if (raw === undefined || raw.trim() === "") return DEFAULT_DIAL_POLICY;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DialPolicyError("HANDOFF_DIAL_POLICY is not JSON");
  }
  const p = parsed as Partial<DialPolicy>;
  if (!Array.isArray(p.allowedPrefixes) || !Array.isArray(p.blocked) || typeof p.maxDigits !== "number") throw new DialPolicyError("HANDOFF_DIAL_POLICY needs allowedPrefixes, blocked and maxDigits");
  return validateDialPolicy({ allowedPrefixes: p.allowedPrefixes.map(String), blocked: p.blocked.map((b: BlockedRange) => ({ prefix: String(b.prefix), kind: String(b.kind) })), maxDigits: p.maxDigits });
}

/** Whether an outside number may be dialled under `policy`; a refusal names the rule and says why. */
export function checkNumber(number: string, policy: DialPolicy = DEFAULT_DIAL_POLICY): NumberCheck {
  if (!NUMBER.test(number)) return { ok: false, rule: DIAL_RULES.format, message: `${JSON.stringify(number)} is not a phone number: only digits, with an optional leading +.` };
  const digits = number.replace("+", "").length;
  if (digits > policy.maxDigits) return { ok: false, rule: DIAL_RULES.maxLength, message: `${number} has ${digits} digits; outside numbers may have at most ${policy.maxDigits} (rule ${DIAL_RULES.maxLength}).` };
  // The longest matching blocked prefix is the one named.
  const blocked = policy.blocked.filter((range) => number.startsWith(range.prefix)).sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (blocked !== undefined) return { ok: false, rule: DIAL_RULES.blocked, message: `${number} is a ${blocked.kind} number (${blocked.prefix}…), which may not be called (rule ${DIAL_RULES.blocked}).` };
  if (!policy.allowedPrefixes.some((prefix) => number.startsWith(prefix)))
    return { ok: false, rule: DIAL_RULES.notAllowed, message: `${number} is outside the allowed destinations (${policy.allowedPrefixes.join(", ")}) (rule ${DIAL_RULES.notAllowed}).` };
  return { ok: true };
}

/** A prefix as a REGEX alternative anchored at the start: `+881` → `^[+]881`. */
const anchored = (prefix: string): string => `^${prefix.replace("+", "[+]")}`;

/**
 * Dialplan steps that check `${EXTEN}` against the policy before any Dial: each broken rule jumps to
 * `${label}` with `rule` set in HANDOFF_DIAL_RULE. The regexes hold only digits, [+], ^ and |, so the
 * number (read after the quoted expression) cannot change their meaning.
 */
export function dialPolicySteps(policy: DialPolicy, label: string): string[] {
  validateDialPolicy(policy);
  const refuse = (rule: DialRule, condition: string): string[] => [`Set(HANDOFF_DIAL_RULE=${rule})`, `GotoIf(${condition}?${label})`];
  const blocked = policy.blocked.map((range) => anchored(range.prefix)).join("|");
  const allowed = policy.allowedPrefixes.map(anchored).join("|");
  return [
    ...refuse(DIAL_RULES.format, '$[${REGEX("^[+]?[0-9]+$" ${EXTEN})} = 0]'),
    ...refuse(DIAL_RULES.maxLength, `$[\${LEN(\${FILTER(0-9,\${EXTEN})})} > ${policy.maxDigits}]`),
    ...(blocked === "" ? [] : refuse(DIAL_RULES.blocked, `\${REGEX("${blocked}" \${EXTEN})}`)),
    ...refuse(DIAL_RULES.notAllowed, `$[\${REGEX("${allowed}" \${EXTEN})} = 0]`),
    "Set(HANDOFF_DIAL_RULE=)",
  ];
}
