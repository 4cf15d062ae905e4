import type { BenchmarkResult } from "./benchmark";
import { formatBytes, formatRatio, formatValue } from "./format";
import { renderTable, type Column } from "./table";

const columns: readonly Column[] = [
  { header: "benchmark", align: "left" },
  { header: "candidate", align: "left" },
  { header: "measure", align: "left" },
  { header: "median / p50", align: "right" },
  { header: "tail", align: "right" },
  { header: "peak RSS", align: "right" },
  { header: "RSS at start", align: "right" },
  { header: "ours ÷ it", align: "right" },
  { header: "check", align: "left" },
];

/** One table for every benchmark of the run, then each benchmark's targets and notes. */
export function renderReport(results: readonly BenchmarkResult[]): string {
  const rows = results.flatMap((result) =>
    result.rows.map((row) => [
      result.name,
      row.candidate,
      row.measure,
      formatValue(row.value, row.unit),
      row.tail === undefined ? "" : `${row.tail.label} ${formatValue(row.tail.value, row.unit)}`,
      row.peakRssBytes === undefined ? "" : formatBytes(row.peakRssBytes),
      row.startRssBytes === undefined ? "" : formatBytes(row.startRssBytes),
      formatRatio(row.ratio),
      row.check,
    ]),
  );
  const out = [renderTable(columns, rows), ""];
  for (const result of results) {
    for (const target of result.targets) {
      const verdict = target.met === undefined ? "not measured" : target.met ? "met" : "not met";
      out.push(`${result.name}: target ${target.label}: ${verdict} (${target.actual})`);
    }
    for (const note of result.notes) out.push(`${result.name}: ${note}`);
  }
  return out.join("\n");
}
