const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** 1234567 -> "1,234,567"; the issue writes its targets this way. */
export function formatCount(value: number): string {
  return grouped.format(value);
}

export function formatRate(rate: number | undefined, unit: string): string {
  return rate === undefined ? "—" : `${formatCount(rate)} ${unit}`;
}

export function formatBytes(bytes: number | undefined): string {
  return bytes === undefined ? "—" : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Subject ÷ candidate: "5.42×", or "—" when either side is missing. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return "—";
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}
