/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export interface Column {
  readonly header: string;
  readonly align: "left" | "right";
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    "| " +
    columns
      .map((column, index) => {
        const cell = cells[index] ?? "";
        const width = widths[index] ?? 0;
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(" | ") +
    " |";
  const rule = "|" + columns.map((column, index) => (column.align === "right" ? "-".repeat((widths[index] ?? 0) + 1) + ":" : "-".repeat((widths[index] ?? 0) + 2))).join("|") + "|";
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join("\n");
}
