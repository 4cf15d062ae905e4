const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234567 -> "1,234,567"; the issue writes its targets this way. */
export function formatCount(value: number): string {
  return grouped.format(value);
}

export function formatRate(rate: number | undefined, unit: string): string {
  return rate === undefined ? "—" : `${formatCount(rate)} ${unit}`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return "—";
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Milliseconds with the precision a loopback latency needs: "0.84 ms", "12.3 ms", "412 ms". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return "—";
  const digits = Math.abs(ms) < 10 ? 2 : Math.abs(ms) < 100 ? 1 : 0;
  return `${ms.toFixed(digits)} ms`;
}

/** One figure in its unit: bytes and ms get their own formats, anything else is a count. */
export function formatValue(value: number | undefined, unit: string): string {
  if (unit === "bytes") return formatBytes(value);
  if (unit === "ms") return formatMs(value);
  if (value === undefined) return "—";
  if (unit === "%") return `${value.toFixed(1)} %`;
  return formatRate(value, unit);
}

/** Subject ÷ candidate: "5.42×", or "—" when either side is missing. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return "—";
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}
