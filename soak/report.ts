/**
 * The soak's figures: what each transfer came to, the four counters the issue
 * asks for (target 0 each), and one table. Pure: run.ts prints it and writes the JSON.
 */
import { renderTable } from "../bench/lib/table";
import type { DuplicateGroup } from "./duplicates";
import type { InjectedFault } from "./faults";
import { SCENARIO_KINDS, type Scenario } from "./scenarios";
import type { CallerState } from "./truth";

export const OUTCOMES = ["completed", "cancelled", "failed", "refused", "not final"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface TransferResult {
  readonly scenario: Scenario;
  readonly description: string;
  readonly transferId: string | null;
  /** HTTP status of each execute/handoff request, then of each complete/cancel. */
  readonly requests: readonly { readonly what: string; readonly status: number | "unreachable"; readonly code?: string }[];
  /** GET /api/transfers/:id at the end, "refused" when no request was accepted. */
  readonly status: string | null;
  /** Who asked for the transfer: the user whose app must be told how it ended. */
  readonly requester: string;
  /** The last transfer.updated that user's socket received for it, once the run ended and every socket was back. */
  readonly streamStatus: string | null;
  readonly outcome: Outcome;
  /** ms from the first request to the first final status seen; null: never within the wait. */
  readonly finalAfterMs: number | null;
  readonly notFinalIn60s: boolean;
  readonly lost: boolean;
  readonly disagrees: boolean;
  readonly why: string | null;
  readonly end: CallerState;
  /** Where the caller went, state by state, ms after the first request. */
  readonly trajectory: readonly { readonly atMs: number; readonly state: CallerState }[];
  /** Faults that began while this transfer ran. */
  readonly faults: readonly string[];
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface SoakSummary {
  readonly seed: number;
  readonly durationMs: number;
  readonly lanes: number;
  readonly serverRoot: string;
  /** The command that replays this run's scenario and fault sequence. */
  readonly reproduce: string;
  readonly transfers: readonly TransferResult[];
  /** Scenarios whose customer call could not even be set up (during a fault, mostly): not counted as transfers. */
  readonly setupFailures: readonly { readonly description: string; readonly error: string }[];
  readonly duplicates: { readonly total: number; readonly groups: readonly DuplicateGroup[] };
  readonly faults: readonly InjectedFault[];
}

export interface Counters {
  readonly callersLost: number;
  readonly notFinalIn60s: number;
  readonly disagreeing: number;
  readonly duplicateActions: number;
  readonly staleInApps: number;
}

export function counters(summary: SoakSummary): Counters {
  return {
    callersLost: summary.transfers.filter((t) => t.lost).length,
    notFinalIn60s: summary.transfers.filter((t) => t.notFinalIn60s).length,
    disagreeing: summary.transfers.filter((t) => t.disagrees).length,
    duplicateActions: summary.duplicates.total,
    staleInApps: summary.transfers.filter(staleInApp).length,
  };
}

export function anyProblem(c: Counters): boolean {
  return c.callersLost + c.notFinalIn60s + c.disagreeing + c.duplicateActions + c.staleInApps > 0;
}

/** The requester's app was last told something other than how the transfer ended (as GET says). */
function staleInApp(t: TransferResult): boolean {
  return t.status !== "refused" && t.status !== null && t.streamStatus !== t.status;
}

/** Injected faults by type: the infrastructure ones, then the request doubles and caller hang-ups the scenarios made. */
export function faultCounts(summary: SoakSummary): [string, number][] {
  const counts = new Map<string, number>();
  const add = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const fault of summary.faults) add(fault.kind);
  for (const { scenario } of summary.transfers) {
    if (scenario.request !== "single") add(`${scenario.kind === "bot-handoff" ? "handoff" : "execute"} ${scenario.request}`);
    if (scenario.finish !== "single") add(scenario.finish);
    if (scenario.callerHangupAfterMs !== null) add("caller hangs up");
  }
  return [...counts];
}

export function renderSummary(summary: SoakSummary): string {
  const byKind = SCENARIO_KINDS.map((kind) => {
    const of = summary.transfers.filter((t) => t.scenario.kind === kind);
    return [kind, ...OUTCOMES.map((o) => String(of.filter((t) => t.outcome === o).length)), String(of.length)];
  });
  const all = summary.transfers;
  byKind.push(["all", ...OUTCOMES.map((o) => String(all.filter((t) => t.outcome === o).length)), String(all.length)]);
  const outcomes = renderTable(
    [{ header: "kind", align: "left" }, ...OUTCOMES.map((o) => ({ header: o, align: "right" as const })), { header: "total", align: "right" }],
    byKind,
  );
  const c = counters(summary);
  const mark = (n: number) => (n === 0 ? "ok" : "PROBLEM");
  const figures = renderTable(
    [
      { header: "counter (target 0)", align: "left" },
      { header: "count", align: "right" },
      { header: "", align: "left" },
    ],
    [
      ["callers lost", String(c.callersLost), mark(c.callersLost)],
      ["transfers not final within 60 s", String(c.notFinalIn60s), mark(c.notFinalIn60s)],
      ["statuses disagreeing with Asterisk at the end", String(c.disagreeing), mark(c.disagreeing)],
      ["duplicate AMI actions", String(c.duplicateActions), mark(c.duplicateActions)],
      ["apps last told a status other than the final one", String(c.staleInApps), mark(c.staleInApps)],
    ],
  );
  const faults = renderTable(
    [
      { header: "fault injected", align: "left" },
      { header: "count", align: "right" },
    ],
    faultCounts(summary).map(([name, n]) => [name, String(n)]),
  );
  const minutes = (summary.durationMs / 60_000).toFixed(1);
  const lines = [
    `soak: seed ${summary.seed}, ${minutes} min, ${summary.lanes} lanes, ${all.length} transfers (${summary.setupFailures.length} scenarios could not set up their call), server from ${summary.serverRoot}`,
    "",
    outcomes,
    "",
    figures,
    "",
    faults,
  ];
  const problems = all.filter((t) => t.lost || t.disagrees || t.notFinalIn60s);
  if (problems.length > 0 || summary.duplicates.groups.length > 0) {
    lines.push("", "problems:");
    for (const t of problems.slice(0, 40)) {
      const tags = [t.lost ? "LOST" : "", t.disagrees ? "DISAGREES" : "", t.notFinalIn60s ? "NOT FINAL" : ""].filter(Boolean).join("+");
      lines.push(`  ${tags}: ${t.description}: server ${t.status ?? "—"}${t.faults.length > 0 ? ` [during ${t.faults.join(", ")}]` : ""}; ${t.why ?? describeEnd(t)}`);
    }
    if (problems.length > 40) lines.push(`  … ${problems.length - 40} more in the JSON`);
    for (const g of summary.duplicates.groups.slice(0, 20)) lines.push(`  DUPLICATE: ${g.action} ${g.channel} written ${g.count} times (Asterisk run ${g.epoch})`);
  }
  lines.push("", `same scenarios and faults again: ${summary.reproduce}`);
  return lines.join("\n");
}

function describeEnd(t: TransferResult): string {
  return t.notFinalIn60s ? `still ${t.status ?? "unknown to the server"} after 60 s` : "";
}
