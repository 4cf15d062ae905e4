/**
 * One line of the doctor's report. `fail`: the server will not work until it is fixed; `warn`: it works, but
 * something is risky or off; `note`: what this AMI user cannot learn, and what to check by hand.
 */
export type FindingStatus = "ok" | "warn" | "fail" | "note";

export interface Finding {
  /** A stable id tests and scripts match on (ami.login, classes.write, module.pjsip...). */
  readonly id: string;
  readonly status: FindingStatus;
  readonly detail: string;
  /** What to do, for warn and fail. */
  readonly fix?: string;
}

const MARK: Record<FindingStatus, string> = { ok: "ok  ", warn: "WARN", fail: "FAIL", note: "note" };

export function formatFinding(finding: Finding): string {
  return `${MARK[finding.status]} ${finding.id}: ${finding.detail}${finding.fix ? ` -> fix: ${finding.fix}` : ""}`;
}

/** 0 only when nothing failed: warnings and notes do not stop the server. */
export function exitCodeOf(findings: readonly Finding[]): number {
  return findings.some((f) => f.status === "fail") ? 1 : 0;
}
